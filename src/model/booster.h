// A thin boundary over XGBoost's C API (training, prediction, SHAP contributions, serialisation). Every XGBoost
// error becomes an absl::Status here; nothing else in Aduana includes xgboost/c_api.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace aduana::model {

struct TrainingParameters {
  std::string objective = "binary:logistic";  // or "reg:tweedie" for revenue
  int rounds = 300;
  int max_depth = 6;
  double eta = 0.05;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 2;
  double lambda = 1;
  int threads = 0;  // 0: all cores
  uint64_t seed = 7;

  std::string ToJson() const;
};

// A dense row-major matrix of features with NaN for missing values.
struct DenseMatrix {
  const float* values = nullptr;
  size_t rows = 0;
  size_t columns = 0;
};

class Booster {
 public:
  Booster(Booster&&) noexcept;
  Booster& operator=(Booster&&) noexcept;
  ~Booster();

  // `weights` may be empty (all 1).
  static absl::StatusOr<Booster> Train(const DenseMatrix& x, const std::vector<float>& labels,
                                       const std::vector<float>& weights, const TrainingParameters& params);
  static absl::StatusOr<Booster> FromJson(std::string_view json);
  absl::StatusOr<std::string> ToJson() const;

  // Transformed predictions (probabilities for binary:logistic), one per row.
  absl::StatusOr<std::vector<float>> Predict(const DenseMatrix& x) const;
  // SHAP contributions: per row, one value per column and the bias last (columns + 1 values), in margin units.
  // `approximate`: XGBoost's approx_contribs (path attributions, Saabas) instead of exact TreeSHAP.
  absl::StatusOr<std::vector<float>> Contributions(const DenseMatrix& x, bool approximate = false) const;

 private:
  struct Handle;
  explicit Booster(std::unique_ptr<Handle> handle);

  std::unique_ptr<Handle> handle_;
};

}  // namespace aduana::model
