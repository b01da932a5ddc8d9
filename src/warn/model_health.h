// Model and rule health: the signs that selection is going stale before the hit rates say so.
// - score drift: the distribution of the active model's scores over the latest four weeks against the weeks it
//   was trained on, as a population stability index (PSI) over ten bins cut at the training weeks' deciles.
//   Four weeks, not one: a holiday week moves activity features and scores for a week. The usual reading:
//   under 0.1 stable, 0.1 to 0.25 shifting, over 0.25 shifted: retrain, and look at what changed. What
//   changed is in the alert: the model's inputs that moved most, each with its own PSI between the same weeks;
// - falling rule hit rates: an active rule whose controls found non-compliance far less often in the latest
//   weeks than in the half-year before (a one-sided binomial test, so a small sample does not alert);
// - the random control sample finding more than risk selection over the service's decisions: the models
//   and rules select worse than chance, the strongest sign of drift there is.
// Each is an Alert like the other detectors' (subject_kind "model", "rule" or "selection").
#pragma once

#include <cstdint>
#include <string>
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
  size_t top_features = 5;  // the inputs that moved most, named in a drift alert
  // Feature rows kept per week (and per baseline week) for the inputs' PSI: a busy history is sampled, so that a
  // year of 1M declarations does not hold a row of every one in memory (160 inputs are 650 MB a million rows).
  // PSI's sampling noise at 4 weeks of 1,000 rows is about 0.002; the means in the evidence are exact.
  size_t feature_rows_per_week = 1000;
  int recent_weeks = 8;           // rule hit rates: the latest weeks ...
  int rule_baseline_weeks = 26;   // ... against the weeks before them
  int64_t min_rule_inspections = 20;  // in each window
  double max_hit_ratio = 0.5;     // the recent hit rate must fall to this share of the earlier one ...
  double alpha = 0.01;            // ... and be this unlikely under the earlier rate
  int64_t min_random_controls = 30;
  double min_z = 2.0;             // random's hit rate above risk selection's by this many standard errors
};

// How one model input moved between the weeks before training and a drift alert's window.
struct FeatureDrift {
  std::string name;         // as the model's schema names it
  double psi = 0;           // over bins cut on the baseline, and a bin for missing values
  double baseline_mean = 0; // over the declarations where it is present; NaN where it never is
  double window_mean = 0;
};

// A score-drift alert with the inputs that moved most (highest PSI first); the evidence names them too.
struct ScoreDriftAlert {
  Alert alert;
  std::vector<FeatureDrift> top_features;
};

// For each week of [from, to), the PSI of the model's scores of the declarations lodged in it and the weeks
// before it (window_weeks in all), scored point-in-time, and for each alert the PSI of every input between the
// same weeks, from the rows that were scored (one replay).
absl::StatusOr<std::vector<ScoreDriftAlert>> ScoreDriftWithFeatures(Store& store, const model::RiskModel& model,
                                                                    UnixMillis from, UnixMillis to,
                                                                    const ModelHealthConfig& config);
// The same alerts alone.
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

// QuantileEdges, and an edge just above each edge that holds at least a bin's share of `values` by itself.
// A discrete input needs it: a flag that is 0 in 95% of the baseline has every decile at 0, and with the
// edge {0} alone the 1s would share the 0s' bin (a value equal to an edge goes above it), so that a flag
// turning from rare to common would not move the shares at all.
std::vector<double> FeatureEdges(std::vector<double> values, int bins);

// Point-in-time feature rows of a group of declarations (the baseline weeks, or one week), in bounded memory:
// every stride-th row is kept, and the stride doubles (every second kept row is dropped) whenever max_rows
// are held. Rows are kept in lodgement order, so the sample spreads over the group's days. Means are exact.
class FeatureRows {
 public:
  FeatureRows(size_t width, size_t max_rows);
  void Add(const float* row);  // width values, NaN = missing

  size_t width() const { return width_; }
  int64_t declarations() const { return declarations_; }  // every row added
  size_t kept() const { return values_.size() / width_; }
  const float* row(size_t i) const { return values_.data() + i * width_; }
  // How many declarations each kept row stands for.
  double weight() const { return kept() == 0 ? 0 : static_cast<double>(declarations_) / static_cast<double>(kept()); }
  double sum(size_t feature) const { return sums_[feature]; }        // of its present values
  int64_t present(size_t feature) const { return present_[feature]; }  // rows where it is not missing

 private:
  void DropEverySecondRow();

  size_t width_;
  size_t max_rows_;
  int64_t declarations_ = 0;
  int64_t stride_ = 1;
  std::vector<float> values_;
  std::vector<double> sums_;
  std::vector<int64_t> present_;
};

// Each input's bins cut on the baseline rows (FeatureEdges, plus a bin for missing values), kept to rank the
// inputs of any window against them.
class FeatureDriftRanker {
 public:
  FeatureDriftRanker(std::vector<std::string> names, const FeatureRows& baseline, int bins);
  // The `top` inputs by PSI of the window's rows (several groups, each row weighted by what it stands for)
  // against the baseline; ties in schema order.
  std::vector<FeatureDrift> Rank(const std::vector<const FeatureRows*>& window, size_t top) const;

 private:
  struct Bins {
    std::vector<double> edges;
    std::vector<double> baseline_shares;  // edges.size() + 1 bins of present values, then the missing share
    double baseline_mean = 0;
  };
  std::vector<std::string> names_;
  std::vector<Bins> bins_;
};

}  // namespace aduana::warn
