// Model and rule health: the signs that selection is going stale before the hit rates say so.
// - score drift: the distribution of the active model's scores over the latest four weeks against the weeks it
//   was trained on, as a population stability index (PSI) over ten bins cut at the training weeks' deciles.
//   Four weeks, not one: a holiday week moves activity features and scores for a week. The usual reading:
//   under 0.1 stable, 0.1 to 0.25 shifting, over 0.25 shifted: retrain, and look at what changed;
// - falling rule hit rates: an active rule whose controls found non-compliance far less often in the latest
//   weeks than in the half-year before (a one-sided binomial test, so a small sample does not alert);
// - the random control sample finding more than risk selection over the service's decisions: the models
//   and rules select worse than chance, the strongest sign of drift there is.
// Each is an Alert like the other detectors' (subject_kind "model", "rule" or "selection").
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "model/risk_model.h"
#include "store/store.h"
#include "warn/detectors.h"

namespace aduana::warn {

struct ModelHealthConfig {
  int baseline_weeks = 12;  // before the model's training cut-off
  int window_weeks = 4;     // each week is judged with the weeks before it: a holiday week alone is not drift
  int bins = 10;
  int64_t min_window_declarations = 400;  // fewer are not judged (PSI's sampling noise is about bins / n)
  double psi_medium = 0.10;
  double psi_high = 0.25;
  int quiet_weeks = 4;  // after a drift alert, none of the same or lower severity for this many weeks
  int recent_weeks = 8;           // rule hit rates: the latest weeks ...
  int rule_baseline_weeks = 26;   // ... against the weeks before them
  int64_t min_rule_inspections = 20;  // in each window
  double max_hit_ratio = 0.5;     // the recent hit rate must fall to this share of the earlier one ...
  double alpha = 0.01;            // ... and be this unlikely under the earlier rate
  int64_t min_random_controls = 30;
  double min_z = 2.0;             // random's hit rate above risk selection's by this many standard errors
};

// For each week of [from, to), the PSI of the model's scores of the declarations lodged in it and the weeks
// before it (window_weeks in all), scored point-in-time.
absl::StatusOr<std::vector<Alert>> ScoreDrift(Store& store, const model::RiskModel& model, UnixMillis from,
                                              UnixMillis to, const ModelHealthConfig& config);
// Active rules whose hit rate over the recent weeks before `to` fell against the weeks before those.
absl::StatusOr<std::vector<Alert>> FallingRuleHitRates(Store& store, UnixMillis to, const ModelHealthConfig& config);
// Random control sample against risk selection (bases risk and revenue) over the decisions of [from, to).
absl::StatusOr<std::vector<Alert>> RandomBeatsRisk(Store& store, UnixMillis from, UnixMillis to,
                                                   const ModelHealthConfig& config);

// All three over [from, to), score drift with the store's active model (skipped when none is active).
absl::StatusOr<std::vector<Alert>> CheckModelHealth(Store& store, UnixMillis from, UnixMillis to,
                                                    const ModelHealthConfig& config);

// The parts, tested alone.
double PopulationStabilityIndex(const std::vector<double>& expected_shares, const std::vector<double>& actual_shares);
// `bins` - 1 inner edges at the quantiles of `scores` (repeated edges removed).
std::vector<double> QuantileEdges(std::vector<double> scores, int bins);
// The share of `scores` in each bin of `edges` (edges.size() + 1 bins; a score equal to an edge goes above it).
std::vector<double> BinShares(const std::vector<double>& scores, const std::vector<double>& edges);
// P(X <= k) for X binomial(n, p).
double BinomialLowerTail(int64_t k, int64_t n, double p);

}  // namespace aduana::warn
