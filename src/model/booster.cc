#include "model/booster.h"

#include <xgboost/c_api.h>

#include <cstdio>

#include "nlohmann/json.hpp"

namespace aduana::model {
namespace {

// XGBoost keeps its last error per thread: read it on the thread that failed.
absl::Status XgbError(std::string_view what) {
  return absl::InternalError("xgboost: " + std::string(what) + ": " + XGBGetLastError());
}

struct DMatrixDeleter {
  void operator()(void* m) const { XGDMatrixFree(m); }
};
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;

// The __array_interface__ description of a dense float32 matrix, as XGBoosterPredictFromDense wants it.
std::string ArrayInterface(const DenseMatrix& x) {
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", \"version\": 3}",
                static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(x.values)), x.rows, x.columns);
  return buf;
}

}  // namespace

struct Booster::Handle {
  BoosterHandle booster = nullptr;
  ~Handle() {
    if (booster != nullptr) XGBoosterFree(booster);
  }
};

Booster::Booster(std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}
Booster::~Booster() = default;
Booster::Booster(Booster&&) noexcept = default;
Booster& Booster::operator=(Booster&&) noexcept = default;

std::string TrainingParameters::ToJson() const {
  nlohmann::json j = {{"objective", objective}, {"rounds", rounds},   {"max_depth", max_depth},
                      {"eta", eta},             {"subsample", subsample}, {"colsample_bytree", colsample_bytree},
                      {"min_child_weight", min_child_weight}, {"lambda", lambda}, {"seed", seed},
                      {"tree_method", "hist"}};
  return j.dump();
}

absl::StatusOr<Booster> Booster::Train(const DenseMatrix& x, const std::vector<float>& labels,
                                       const std::vector<float>& weights, const TrainingParameters& p) {
  if (labels.size() != x.rows || (!weights.empty() && weights.size() != x.rows)) {
    return absl::InvalidArgumentError("training: labels and weights must have one value per row");
  }
  if (x.rows == 0) return absl::FailedPreconditionError("training: no labelled rows to learn from");
  DMatrixHandle raw = nullptr;
  if (XGDMatrixCreateFromMat(x.values, x.rows, x.columns, std::numeric_limits<float>::quiet_NaN(), &raw) != 0) {
    return XgbError("creating the training matrix");
  }
  DMatrixPtr matrix(raw);
  if (XGDMatrixSetFloatInfo(raw, "label", labels.data(), labels.size()) != 0) return XgbError("setting labels");
  if (!weights.empty() && XGDMatrixSetFloatInfo(raw, "weight", weights.data(), weights.size()) != 0) {
    return XgbError("setting weights");
  }
  auto handle = std::make_unique<Handle>();
  if (XGBoosterCreate(&raw, 1, &handle->booster) != 0) return XgbError("creating the booster");
  const std::vector<std::pair<std::string, std::string>> params = {
      {"objective", p.objective},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(p.max_depth)},
      {"eta", std::to_string(p.eta)},
      {"subsample", std::to_string(p.subsample)},
      {"colsample_bytree", std::to_string(p.colsample_bytree)},
      {"min_child_weight", std::to_string(p.min_child_weight)},
      {"lambda", std::to_string(p.lambda)},
      {"base_score", "0.5"},
      {"nthread", std::to_string(p.threads)},
      {"seed", std::to_string(p.seed)},
      {"verbosity", "0"},
  };
  for (const auto& [name, value] : params) {
    if (XGBoosterSetParam(handle->booster, name.c_str(), value.c_str()) != 0) return XgbError("parameter " + name);
  }
  for (int round = 0; round < p.rounds; ++round) {
    if (XGBoosterUpdateOneIter(handle->booster, round, raw) != 0) return XgbError("training round");
  }
  return Booster(std::move(handle));
}

absl::StatusOr<Booster> Booster::FromJson(std::string_view json) {
  auto handle = std::make_unique<Handle>();
  if (XGBoosterCreate(nullptr, 0, &handle->booster) != 0) return XgbError("creating the booster");
  if (XGBoosterLoadModelFromBuffer(handle->booster, json.data(), json.size()) != 0) {
    return XgbError("loading the model");
  }
  return Booster(std::move(handle));
}

absl::StatusOr<std::string> Booster::ToJson() const {
  bst_ulong size = 0;
  const char* data = nullptr;
  if (XGBoosterSaveModelToBuffer(handle_->booster, "{\"format\": \"json\"}", &size, &data) != 0) {
    return XgbError("saving the model");
  }
  return std::string(data, size);  // the buffer is XGBoost's, per thread: copy it now
}

// Copies a prediction result out of XGBoost's per-thread buffer.
std::vector<float> CopyResult(const bst_ulong* shape, bst_ulong dims, const float* result) {
  size_t n = 1;
  for (bst_ulong i = 0; i < dims; ++i) n *= shape[i];
  return std::vector<float>(result, result + n);
}

absl::StatusOr<std::vector<float>> Booster::Predict(const DenseMatrix& x) const {
  const char* config =
      "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
      "\"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}";
  std::string array = ArrayInterface(x);
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  if (XGBoosterPredictFromDense(handle_->booster, array.c_str(), config, nullptr, &shape, &dims, &result) != 0) {
    return XgbError("predicting");
  }
  return CopyResult(shape, dims, result);
}

absl::StatusOr<std::vector<float>> Booster::Contributions(const DenseMatrix& x, bool approximate) const {
  // In-place prediction does not compute contributions in XGBoost 1.7: go through a DMatrix.
  DMatrixHandle raw = nullptr;
  if (XGDMatrixCreateFromMat(x.values, x.rows, x.columns, std::numeric_limits<float>::quiet_NaN(), &raw) != 0) {
    return XgbError("creating the matrix to explain");
  }
  DMatrixPtr matrix(raw);
  const char* config =
      approximate
          ? "{\"type\": 3, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}"
          : "{\"type\": 2, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  if (XGBoosterPredictFromDMatrix(handle_->booster, raw, config, &shape, &dims, &result) != 0) {
    return XgbError("computing contributions");
  }
  return CopyResult(shape, dims, result);
}

}  // namespace aduana::model
