// What the browser UI reads besides the clearance records: the dashboard's aggregates over a period (decisions
// per day and channel, what the controls of each channel and basis found, clearance times, the live rule
// statistics, the newest score-drift alert), the model registry with each version's validation curves and
// feature importance, and pages of decisions. Every figure is aggregated by the store in SQL over the
// decisions_by_time_covering index; reads use this service's own connection, so they never hold up decisions.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/feature_importance.h"
#include "server/clearance_service.h"
#include "store/store.h"

namespace aduana::server {

inline constexpr int kDefaultDashboardDays = 30;
inline constexpr int kMaxDashboardDays = 3660;

struct Dashboard {
  EpochDay from = 0;  // days (UTC) of [from, to], both included
  EpochDay to = 0;
  std::vector<DailyChannelCount> daily;
  std::vector<ChannelOutcomes> channels;
  std::vector<BasisOutcomes> bases;
  ReleaseTimes clearance;
  std::vector<RuleLiveStatistics> top_rules;  // by selected, at most 10
  std::optional<AlertRecord> drift_alert;     // the newest score-drift alert
};

struct ModelDetail {
  ModelVersion version;  // boosters left empty
  std::vector<std::string> features;
  std::vector<model::FeatureGain> importance;  // of the risk booster, top 30 by total gain
};

class InsightService {
 public:
  explicit InsightService(ClearanceService& clearance) : clearance_(clearance) {}

  // The period defaults to the 30 days ending with the latest decision's day (today without decisions); with
  // one end given, the 30 days from or to it.
  absl::StatusOr<Dashboard> GetDashboard(std::optional<EpochDay> from, std::optional<EpochDay> to);
  absl::StatusOr<std::vector<ModelVersion>> ListModels();
  absl::StatusOr<ModelDetail> GetModel(int64_t model_id);
  absl::StatusOr<std::vector<DecisionRecord>> ListDecisions(const DecisionFilter& filter);

 private:
  // This service's connection, opened on first use; callers hold mutex_.
  absl::StatusOr<Store*> Reader();
  absl::StatusOr<std::pair<EpochDay, EpochDay>> Period(std::optional<EpochDay> from, std::optional<EpochDay> to);

  ClearanceService& clearance_;
  std::mutex mutex_;
  std::unique_ptr<Store> reader_;
  std::map<int64_t, std::vector<model::FeatureGain>> importance_;  // by model id: versions never change
};

}  // namespace aduana::server
