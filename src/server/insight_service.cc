#include "server/insight_service.h"

#include <algorithm>

#include "core/field_error.h"
#include "core/status_macros.h"
#include "model/features.h"
#include "store/sqlite_store.h"

namespace aduana::server {
namespace {

constexpr size_t kTopRules = 10;
constexpr size_t kTopFeatures = 30;

}  // namespace

absl::StatusOr<Store*> InsightService::Reader() {
  if (!reader_) {
    ADUANA_ASSIGN_OR_RETURN(reader_, OpenSqliteStore(clearance_.db_path()));
  }
  return reader_.get();
}

absl::StatusOr<std::pair<EpochDay, EpochDay>> InsightService::Period(std::optional<EpochDay> from,
                                                                     std::optional<EpochDay> to) {
  constexpr EpochDay kSpan = kDefaultDashboardDays - 1;
  if (from && to) {
    if (*to < *from) return FieldError("to", "out_of_range", "to: the period ends before it starts");
    if (*to - *from >= kMaxDashboardDays) {
      return FieldError("to", "out_of_range", "to: at most " + std::to_string(kMaxDashboardDays) + " days after from");
    }
    return std::pair(*from, *to);
  }
  if (from) return std::pair(*from, *from + kSpan);
  if (to) return std::pair(*to - kSpan, *to);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  ADUANA_ASSIGN_OR_RETURN(std::optional<UnixMillis> latest, store->LatestDecisionTime());
  const EpochDay last = DayOf(latest.value_or(clearance_.Now()));
  return std::pair(last - kSpan, last);
}

absl::StatusOr<Dashboard> InsightService::GetDashboard(std::optional<EpochDay> from, std::optional<EpochDay> to) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(auto period, Period(from, to));
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  Dashboard d;
  d.from = period.first;
  d.to = period.second;
  const UnixMillis begin = static_cast<UnixMillis>(d.from) * kMillisPerDay;
  const UnixMillis end = (static_cast<UnixMillis>(d.to) + 1) * kMillisPerDay;
  ADUANA_ASSIGN_OR_RETURN(d.daily, store->DecisionsPerDay(begin, end));
  ADUANA_ASSIGN_OR_RETURN(d.channels, store->OutcomesByChannel(begin, end));
  ADUANA_ASSIGN_OR_RETURN(d.bases, store->OutcomesByBasis(begin, end));
  ADUANA_ASSIGN_OR_RETURN(d.clearance, store->ReleaseTimesOf(begin, end));
  ADUANA_ASSIGN_OR_RETURN(d.top_rules, store->LoadRuleLiveStatistics());
  std::stable_sort(d.top_rules.begin(), d.top_rules.end(),
                   [](const RuleLiveStatistics& a, const RuleLiveStatistics& b) { return a.selected > b.selected; });
  if (d.top_rules.size() > kTopRules) d.top_rules.resize(kTopRules);
  AlertFilter drift;
  drift.detector = "score_drift";
  drift.limit = 1;
  ADUANA_ASSIGN_OR_RETURN(std::vector<AlertRecord> alerts, store->ListAlerts(drift));
  if (!alerts.empty()) d.drift_alert = std::move(alerts.front());
  return d;
}

absl::StatusOr<std::vector<ModelVersion>> InsightService::ListModels() {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return store->ListModels();
}

absl::StatusOr<ModelDetail> InsightService::GetModel(int64_t model_id) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  ADUANA_ASSIGN_OR_RETURN(std::optional<ModelVersion> found, store->LoadModel(model_id));
  if (!found) return absl::NotFoundError("no model " + std::to_string(model_id));
  ModelDetail detail;
  if (absl::StatusOr<model::FeatureSchema> schema = model::FeatureSchema::FromJson(found->features_json); schema.ok()) {
    detail.features = schema->names();
  }
  auto cached = importance_.find(model_id);
  if (cached == importance_.end()) {
    ADUANA_ASSIGN_OR_RETURN(std::vector<model::FeatureGain> gains,
                            model::TotalGainByFeature(found->risk_booster, kTopFeatures));
    cached = importance_.emplace(model_id, std::move(gains)).first;
  }
  detail.importance = cached->second;
  found->risk_booster.clear();
  found->revenue_booster.clear();
  detail.version = *std::move(found);
  return detail;
}

absl::StatusOr<std::vector<DecisionRecord>> InsightService::ListDecisions(const DecisionFilter& filter) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return store->ListDecisions(filter);
}

}  // namespace aduana::server
