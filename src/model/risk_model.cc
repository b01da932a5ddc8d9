#include "model/risk_model.h"

#include <algorithm>
#include <numeric>

#include "core/status_macros.h"
#include "nlohmann/json.hpp"

namespace aduana::model {
namespace {

profile::ProfileConfig ProfileConfigOf(const std::string& parameters_json) {
  profile::ProfileConfig c;
  nlohmann::json j = nlohmann::json::parse(parameters_json, nullptr, false);
  if (j.is_object() && j.contains("profiles") && j["profiles"].is_object()) {
    const auto& p = j["profiles"];
    c.smoothing = p.value("smoothing", c.smoothing);
    c.half_life_days = p.value("half_life_days", c.half_life_days);
    c.activity_half_life_days = p.value("activity_half_life_days", c.activity_half_life_days);
  }
  return c;
}

}  // namespace

absl::StatusOr<RiskModel> RiskModel::Load(const ModelVersion& version) {
  ADUANA_ASSIGN_OR_RETURN(FeatureSchema schema, FeatureSchema::FromJson(version.features_json));
  ADUANA_ASSIGN_OR_RETURN(TreeEnsemble risk, TreeEnsemble::FromXgboostJson(version.risk_booster));
  if (risk.features() != static_cast<int>(schema.size())) {
    return absl::DataLossError("model " + std::to_string(version.model_id) + " has " +
                               std::to_string(risk.features()) + " features, its schema " +
                               std::to_string(schema.size()));
  }
  ADUANA_ASSIGN_OR_RETURN(Booster booster, Booster::FromJson(version.risk_booster));
  RiskModel m(version, std::move(schema), std::move(risk), std::move(booster));
  m.version_.risk_booster.clear();  // kept in the evaluator and the booster; no third copy
  m.profiles_ = ProfileConfigOf(version.parameters_json);
  if (!version.revenue_booster.empty()) {
    ADUANA_ASSIGN_OR_RETURN(TreeEnsemble revenue, TreeEnsemble::FromXgboostJson(version.revenue_booster));
    m.revenue_ = std::move(revenue);
    m.version_.revenue_booster.clear();
  }
  return m;
}

absl::StatusOr<std::vector<float>> RiskModel::Contributions(const DenseMatrix& rows) const {
  return booster_.Contributions(rows);
}

absl::StatusOr<std::unique_ptr<Scorer>> Scorer::Open(Store& store) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<ModelVersion> active, store.LoadActiveModel());
  if (!active) return absl::FailedPreconditionError("no active model in the store: run `aduana train` first");
  ADUANA_ASSIGN_OR_RETURN(RiskModel model, RiskModel::Load(*active));
  auto book = std::make_unique<profile::ProfileBook>(model.profile_config());
  auto ignore = [](const DeclarationRecord&, const profile::DeclarationKeys&) {};
  ADUANA_RETURN_IF_ERROR(
      profile::ReplayHistory(store, std::numeric_limits<UnixMillis>::max(), book.get(), ignore));
  return std::unique_ptr<Scorer>(new Scorer(std::move(model), std::move(book)));
}

absl::StatusOr<std::vector<Scorer::Result>> Scorer::ScoreAll(std::vector<DeclarationRecord>& records) {
  std::vector<size_t> order(records.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return records[a].declaration.lodged_at < records[b].declaration.lodged_at;
  });
  std::vector<Result> results(records.size());
  FeatureBuilder builder(model_.schema(), *book_);
  profile::Timeline timeline(book_.get());
  for (size_t i : order) {
    Result& r = results[i];
    ADUANA_RETURN_IF_ERROR(timeline.Add(records[i], false,
                                        [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
                                          r.features.resize(model_.schema().size());
                                          builder.Build(record, keys, r.features.data());
                                          r.risk = model_.Risk(r.features.data());
                                          r.expected_revenue = model_.ExpectedRevenue(r.features.data());
                                          r.keys = keys;
                                        }));
  }
  timeline.Finish();
  return results;
}

}  // namespace aduana::model
