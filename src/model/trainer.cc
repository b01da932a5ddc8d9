#include "model/trainer.h"

#include <chrono>

#include "core/status_macros.h"
#include "model/metrics.h"
#include "model/tree_ensemble.h"
#include "nlohmann/json.hpp"
#include "profile/timeline.h"

namespace aduana::model {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Rows [begin, end) of a training set as their own matrix view.
DenseMatrix Rows(const TrainingSet& set, size_t begin, size_t end) {
  return {set.features.data() + begin * set.schema.size(), end - begin, set.schema.size()};
}

template <typename T>
std::vector<T> Slice(const std::vector<T>& v, size_t begin, size_t end) {
  return std::vector<T>(v.begin() + static_cast<ptrdiff_t>(begin), v.begin() + static_cast<ptrdiff_t>(end));
}

bool HasRevenue(const TrainingSet& set) {
  for (float r : set.revenue) {
    if (r > 0) return true;
  }
  return false;
}

TrainingParameters RevenueParameters(TrainingParameters p) {
  p.objective = "reg:tweedie";  // many zeros and a long tail
  p.rounds = std::max(50, p.rounds / 2);
  return p;
}

// Trains on the earlier rows, measures on the later ones (time order only), then trains on all of them.
absl::StatusOr<Evaluation> Validate(const TrainingSet& set, const TrainingOptions& options) {
  size_t split = static_cast<size_t>(static_cast<double>(set.rows()) * (1.0 - options.validation_share));
  // Keep declarations of one instant on one side.
  while (split > 0 && split < set.rows() && set.lodged_at[split] == set.lodged_at[split - 1]) ++split;
  if (split == 0 || split >= set.rows()) return absl::FailedPreconditionError("too few rows to validate");
  ADUANA_ASSIGN_OR_RETURN(Booster booster, Booster::Train(Rows(set, 0, split), Slice(set.labels, 0, split),
                                                          Slice(set.weights, 0, split), options.risk));
  ADUANA_ASSIGN_OR_RETURN(std::vector<float> p, booster.Predict(Rows(set, split, set.rows())));
  std::vector<ScoredOutcome> scored;
  for (size_t i = split; i < set.rows(); ++i) {
    scored.push_back({set.declaration_ids[i], p[i - split], set.labels[i] > 0.5f, set.revenue[i]});
  }
  return Evaluate(std::move(scored), kCurveRates);
}

}  // namespace

bool LabelOf(const InspectionOutcome& outcome, const std::string& label, float* y, float* weight) {
  if (label == "fraud") {
    *y = outcome.non_compliant ? 1.0f : 0.0f;
    *weight = 1.0f;
    return true;
  }
  if (label == "critical") {
    *y = outcome.critical_level >= 1 ? 1.0f : 0.0f;
    *weight = outcome.critical_level >= 2 ? 2.0f : 1.0f;  // a threat to public safety weighs more
    return true;
  }
  return false;
}

absl::StatusOr<TrainingSet> BuildTrainingSet(Store& store, const TrainingOptions& options, profile::ProfileBook* book) {
  float probe_y = 0, probe_w = 0;
  if (!LabelOf(InspectionOutcome{}, options.label, &probe_y, &probe_w)) {
    return absl::InvalidArgumentError("unknown label '" + options.label + "': expected fraud or critical");
  }
  ADUANA_ASSIGN_OR_RETURN(std::vector<std::string> source_fields, store.SourceFieldNames());
  TrainingSet set;
  set.schema = FeatureSchema::Standard(std::move(source_fields));
  FeatureBuilder builder(set.schema, *book);
  const size_t width = set.schema.size();
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    if (!record.outcome) return;
    float y = 0, w = 1;
    LabelOf(*record.outcome, options.label, &y, &w);
    set.features.resize(set.features.size() + width);
    builder.Build(record, keys, set.features.data() + set.features.size() - width);
    set.labels.push_back(y);
    set.weights.push_back(w);
    set.revenue.push_back(static_cast<float>(record.outcome->additional_revenue));
    set.declaration_ids.push_back(record.declaration.declaration_id);
    set.lodged_at.push_back(record.declaration.lodged_at);
  };
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, options.until, book, assess));
  return set;
}

absl::StatusOr<TrainingReport> TrainModels(Store& store, const TrainingOptions& options, UnixMillis now) {
  TrainingReport report;
  auto start = std::chrono::steady_clock::now();
  profile::ProfileBook book(options.profiles);
  ADUANA_ASSIGN_OR_RETURN(TrainingSet set, BuildTrainingSet(store, options, &book));
  report.seconds_features = SecondsSince(start);
  if (set.rows() < 50) {
    return absl::FailedPreconditionError("only " + std::to_string(set.rows()) +
                                         " inspected declarations in the store: at least 50 are needed to train");
  }
  start = std::chrono::steady_clock::now();
  nlohmann::json metrics;
  absl::StatusOr<Evaluation> validation = Validate(set, options);
  if (validation.ok()) {
    metrics["validation"] = nlohmann::json::parse(EvaluationJson(*validation));
    report.validation_text = EvaluationText("validation on the latest " +
                                                std::to_string(static_cast<int>(100 * options.validation_share)) +
                                                "% of the history (trained on the earlier part)",
                                            *validation);
  }
  report.seconds_validation = SecondsSince(start);
  auto step = std::chrono::steady_clock::now();
  ADUANA_ASSIGN_OR_RETURN(Booster risk, Booster::Train(set.matrix(), set.labels, set.weights, options.risk));
  ADUANA_ASSIGN_OR_RETURN(report.version.risk_booster, risk.ToJson());
  report.seconds_risk = SecondsSince(step);
  step = std::chrono::steady_clock::now();
  if (HasRevenue(set)) {
    ADUANA_ASSIGN_OR_RETURN(Booster revenue,
                            Booster::Train(set.matrix(), set.revenue, {}, RevenueParameters(options.risk)));
    ADUANA_ASSIGN_OR_RETURN(report.version.revenue_booster, revenue.ToJson());
  }
  report.seconds_revenue = SecondsSince(step);
  report.seconds_training = SecondsSince(start);
  // The online evaluator must be able to read what was trained.
  ADUANA_RETURN_IF_ERROR(TreeEnsemble::FromXgboostJson(report.version.risk_booster).status());

  ModelVersion& v = report.version;
  v.created_at = now;
  v.label = options.label;
  v.trained_until = set.lodged_at.empty() ? 0 : set.lodged_at.back() + 1;
  v.training_rows = static_cast<int64_t>(set.rows());
  nlohmann::json params = nlohmann::json::parse(options.risk.ToJson());
  params["profiles"] = {{"smoothing", options.profiles.smoothing},
                        {"half_life_days", options.profiles.half_life_days},
                        {"activity_half_life_days", options.profiles.activity_half_life_days}};
  v.parameters_json = params.dump();
  v.features_json = set.schema.ToJson();
  double positives = 0;
  for (float y : set.labels) positives += y;
  metrics["training_rows"] = set.rows();
  metrics["training_positive_rate"] = positives / static_cast<double>(set.rows());
  metrics["seconds_features"] = report.seconds_features;
  metrics["seconds_training"] = report.seconds_training;
  v.metrics_json = metrics.dump();
  return report;
}

}  // namespace aduana::model
