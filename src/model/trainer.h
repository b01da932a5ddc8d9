// Training: replays the store's history point-in-time into a feature matrix of the inspected declarations,
// trains the risk model (probability of a non-compliant finding) and the revenue model (expected additional
// revenue), validates on the most recent part of the history only, and returns a registry entry.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/booster.h"
#include "model/features.h"
#include "profile/profile_book.h"
#include "store/store.h"

namespace aduana::model {

struct TrainingOptions {
  std::string label = "fraud";  // "fraud": any non-compliant finding; "critical": critical_level >= 1
  UnixMillis until = std::numeric_limits<UnixMillis>::max();  // use declarations lodged before this
  double validation_share = 0.15;  // the latest share of the rows, by lodgement time, held out for metrics
  TrainingParameters risk;
  profile::ProfileConfig profiles;
};

// The inspected declarations of a period as rows of features, with what the models learn.
struct TrainingSet {
  FeatureSchema schema;
  std::vector<float> features;  // row-major, schema.size() per row
  std::vector<float> labels;
  std::vector<float> weights;
  std::vector<float> revenue;
  std::vector<std::string> declaration_ids;
  std::vector<UnixMillis> lodged_at;
  size_t rows() const { return labels.size(); }
  DenseMatrix matrix() const { return {features.data(), rows(), schema.size()}; }
};

// Label and weight of one outcome under `label` ("fraud" or "critical"); false if the label is unknown.
bool LabelOf(const InspectionOutcome& outcome, const std::string& label, float* y, float* weight);

// Replays the history lodged before `options.until` through `book` (left holding the profiles at the end).
absl::StatusOr<TrainingSet> BuildTrainingSet(Store& store, const TrainingOptions& options, profile::ProfileBook* book);

struct TrainingReport {
  ModelVersion version;
  double seconds_features = 0;
  double seconds_training = 0;  // all of the three below
  double seconds_validation = 0;
  double seconds_risk = 0;
  double seconds_revenue = 0;
  std::string validation_text;
};

absl::StatusOr<TrainingReport> TrainModels(Store& store, const TrainingOptions& options, UnixMillis now);

}  // namespace aduana::model
