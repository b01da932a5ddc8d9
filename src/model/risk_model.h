// A model version loaded for scoring: the feature schema it was trained on, the profile settings, the risk and
// revenue trees in Aduana's own evaluator, and XGBoost's booster for SHAP reason codes.
#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "model/booster.h"
#include "model/features.h"
#include "model/reasons.h"
#include "model/tree_ensemble.h"
#include "profile/profile_book.h"
#include "profile/timeline.h"
#include "store/store.h"

namespace aduana::model {

class RiskModel {
 public:
  static absl::StatusOr<RiskModel> Load(const ModelVersion& version);

  const ModelVersion& version() const { return version_; }
  const FeatureSchema& schema() const { return schema_; }
  const profile::ProfileConfig& profile_config() const { return profiles_; }

  float Risk(const float* features) const { return risk_.Predict(features); }
  // Risk of `n` rows of schema().size() features each, row-major.
  void RiskBatch(const float* rows, size_t n, float* out) const { risk_.PredictBatch(rows, n, schema_.size(), out); }
  float ExpectedRevenue(const float* features) const { return revenue_ ? revenue_->Predict(features) : 0.0f; }
  // Path attributions of one row (TreeEnsemble::Contributions): features + 1 values, cheap enough per request.
  void FastContributions(const float* features, float* out) const { risk_.Contributions(features, out); }
  // SHAP contributions of many rows at once: (features + 1) values per row.
  absl::StatusOr<std::vector<float>> Contributions(const DenseMatrix& rows) const;

 private:
  RiskModel(ModelVersion version, FeatureSchema schema, TreeEnsemble risk, Booster booster)
      : version_(std::move(version)), schema_(std::move(schema)), risk_(std::move(risk)), booster_(std::move(booster)) {}

  ModelVersion version_;
  FeatureSchema schema_;
  profile::ProfileConfig profiles_;
  TreeEnsemble risk_;
  std::optional<TreeEnsemble> revenue_;
  Booster booster_;
};

// The active model with the profiles of everything in the store: what scoring a new declaration needs.
class Scorer {
 public:
  static absl::StatusOr<std::unique_ptr<Scorer>> Open(Store& store);

  struct Result {
    float risk = 0;
    float expected_revenue = 0;
    std::vector<float> features;
    profile::DeclarationKeys keys;
  };
  // Scores declarations in lodgement order (stable-sorted here). Each is then counted in the in-memory
  // profiles as if lodged (not its outcome), like the live service does; the store is not changed.
  absl::StatusOr<std::vector<Result>> ScoreAll(std::vector<DeclarationRecord>& records);

  const RiskModel& model() const { return model_; }
  const profile::ProfileBook& book() const { return *book_; }

 private:
  Scorer(RiskModel model, std::unique_ptr<profile::ProfileBook> book) : model_(std::move(model)), book_(std::move(book)) {}
  RiskModel model_;
  std::unique_ptr<profile::ProfileBook> book_;
};

}  // namespace aduana::model
