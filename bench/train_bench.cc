// Training time of Aduana's pipeline against bare XGBoost training on the same matrix, in one run.
//
//   bench_train --db PATH
//
// 1. `TrainModels`, as `aduana train` runs it: point-in-time replay of the whole history into features, the
//    validation model on the earlier 85%, the final risk model and the revenue model.
// 2. The same training matrix (the risk model's rows, labels and weights) handed to XGBoost's C API directly:
//    XGDMatrixCreateFromMat, the same parameters, XGBoosterUpdateOneIter for the same number of rounds.
// 3. Aduana's Booster::Train on that matrix, to show the boundary itself costs nothing.
// Prints a table and the ratios (bare XGBoost time / Aduana time). docs/benchmarks.md has the figures.
#include <xgboost/c_api.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <string>

#include "model/trainer.h"
#include "store/sqlite_store.h"

namespace {

using aduana::model::TrainingParameters;
using aduana::model::TrainingSet;

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench_train: %s\n", what.c_str());
  return 1;
}

// XGBoost alone: matrix, parameters and rounds, nothing of Aduana. Returns seconds, or a negative number.
double BareXgboost(const TrainingSet& set, const TrainingParameters& p) {
  auto start = std::chrono::steady_clock::now();
  DMatrixHandle matrix = nullptr;
  BoosterHandle booster = nullptr;
  bool ok = XGDMatrixCreateFromMat(set.features.data(), set.rows(), set.schema.size(),
                                   std::numeric_limits<float>::quiet_NaN(), &matrix) == 0 &&
            XGDMatrixSetFloatInfo(matrix, "label", set.labels.data(), set.rows()) == 0 &&
            XGDMatrixSetFloatInfo(matrix, "weight", set.weights.data(), set.rows()) == 0 &&
            XGBoosterCreate(&matrix, 1, &booster) == 0;
  const std::pair<const char*, std::string> params[] = {
      {"objective", p.objective}, {"tree_method", "hist"},
      {"max_depth", std::to_string(p.max_depth)}, {"eta", std::to_string(p.eta)},
      {"subsample", std::to_string(p.subsample)}, {"colsample_bytree", std::to_string(p.colsample_bytree)},
      {"min_child_weight", std::to_string(p.min_child_weight)}, {"lambda", std::to_string(p.lambda)},
      {"base_score", "0.5"}, {"nthread", std::to_string(p.threads)}, {"seed", std::to_string(p.seed)},
      {"verbosity", "0"}};
  for (const auto& [name, value] : params) ok = ok && XGBoosterSetParam(booster, name, value.c_str()) == 0;
  for (int round = 0; ok && round < p.rounds; ++round) ok = XGBoosterUpdateOneIter(booster, round, matrix) == 0;
  double seconds = Seconds(start);
  if (!ok) std::fprintf(stderr, "bench_train: xgboost: %s\n", XGBGetLastError());
  XGBoosterFree(booster);
  XGDMatrixFree(matrix);
  return ok ? seconds : -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--db") {
    std::fprintf(stderr, "usage: %s --db PATH\n", argv[0]);
    return 2;
  }
  auto store = aduana::OpenSqliteStore(argv[2]);
  if (!store.ok()) return Fail(std::string(store.status().message()));
  aduana::model::TrainingOptions options;

  auto start = std::chrono::steady_clock::now();
  auto report = aduana::model::TrainModels(**store, options, 0);
  if (!report.ok()) return Fail(std::string(report.status().message()));
  double pipeline = Seconds(start);

  aduana::profile::ProfileBook book(options.profiles);
  auto set = aduana::model::BuildTrainingSet(**store, options, &book);
  if (!set.ok()) return Fail(std::string(set.status().message()));
  double bare = BareXgboost(*set, options.risk);
  if (bare < 0) return Fail("bare XGBoost training failed");
  start = std::chrono::steady_clock::now();
  auto ours = aduana::model::Booster::Train(set->matrix(), set->labels, set->weights, options.risk);
  if (!ours.ok()) return Fail(std::string(ours.status().message()));
  double boundary = Seconds(start);

  std::printf("training rows: %zu inspected declarations x %zu features, %d rounds, depth %d\n", set->rows(),
              set->schema.size(), options.risk.rounds, options.risk.max_depth);
  std::printf("| step | seconds |\n|---|---|\n");
  std::printf("| aduana train, whole pipeline | %.1f |\n", pipeline);
  std::printf("| ... point-in-time replay and features | %.1f |\n", report->seconds_features);
  std::printf("| ... validation model (earlier 85%%) and its metrics | %.1f |\n", report->seconds_validation);
  std::printf("| ... risk model | %.1f |\n", report->seconds_risk);
  std::printf("| ... revenue model | %.1f |\n", report->seconds_revenue);
  std::printf("| bare XGBoost, risk model on the same matrix | %.1f |\n", bare);
  std::printf("| Aduana's Booster::Train, risk model on the same matrix | %.1f |\n", boundary);
  std::printf("ratio bare XGBoost / Aduana's Booster::Train: %.2f\n", bare / boundary);
  std::printf("ratio bare XGBoost / whole pipeline: %.2f\n", bare / pipeline);
  return 0;
}
