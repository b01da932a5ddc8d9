#include "warn/model_health.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include "core/status_macros.h"
#include "model/features.h"
#include "model/rule_dry_run.h"
#include "profile/timeline.h"
#include "warn/alert_text.h"
#include "warn/weekly_series.h"

namespace aduana::warn {
namespace {

constexpr double kShareFloor = 1e-4;  // an empty bin would make the index infinite
constexpr size_t kExampleDeclarations = 5;
constexpr UnixMillis kWeekMillis = 7 * kMillisPerDay;

std::string Format(const char* format, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

struct ScoredWeek {
  ScoredWeek(size_t width, size_t max_rows) : features(width, max_rows) {}
  std::vector<double> scores;
  FeatureRows features;  // the rows the scores came from, for the inputs' PSI
  std::vector<std::pair<double, std::string>> riskiest;  // highest scores first
};

void KeepRiskiest(ScoredWeek& w, double score, const std::string& id) {
  w.riskiest.emplace_back(score, id);
  std::sort(w.riskiest.begin(), w.riskiest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (w.riskiest.size() > kExampleDeclarations) w.riskiest.pop_back();
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

}  // namespace

double PopulationStabilityIndex(const std::vector<double>& expected, const std::vector<double>& actual) {
  double psi = 0;
  for (size_t i = 0; i < std::min(expected.size(), actual.size()); ++i) {
    double e = std::max(expected[i], kShareFloor);
    double a = std::max(actual[i], kShareFloor);
    psi += (a - e) * std::log(a / e);
  }
  return psi;
}

std::vector<double> QuantileEdges(std::vector<double> scores, int bins) {
  std::vector<double> edges;
  if (scores.empty() || bins < 2) return edges;
  std::sort(scores.begin(), scores.end());
  for (int i = 1; i < bins; ++i) {
    double q = scores[static_cast<size_t>(i) * scores.size() / static_cast<size_t>(bins)];
    if (edges.empty() || q > edges.back()) edges.push_back(q);
  }
  return edges;
}

std::vector<double> BinShares(const std::vector<double>& scores, const std::vector<double>& edges) {
  std::vector<double> shares(edges.size() + 1, 0.0);
  if (scores.empty()) return shares;
  for (double s : scores) {
    shares[static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), s) - edges.begin())] += 1;
  }
  for (double& x : shares) x /= static_cast<double>(scores.size());
  return shares;
}

double BinomialLowerTail(int64_t k, int64_t n, double p) {
  if (k >= n || p <= 0) return 1;
  if (k < 0) return 0;
  if (p >= 1) return 0;
  double total = 0;
  for (int64_t i = 0; i <= k; ++i) {
    double log_term = std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
                      std::lgamma(static_cast<double>(n - i) + 1) + static_cast<double>(i) * std::log(p) +
                      static_cast<double>(n - i) * std::log1p(-p);
    total += std::exp(log_term);
  }
  return std::min(1.0, total);
}

std::vector<double> FeatureEdges(std::vector<double> values, int bins) {
  std::sort(values.begin(), values.end());
  std::vector<double> edges;
  auto add = [&edges](double edge) {
    if (edges.empty() || edge > edges.back()) edges.push_back(edge);
  };
  const double bin_size = static_cast<double>(values.size()) / std::max(bins, 1);
  for (double q : QuantileEdges(values, bins)) {
    add(q);
    const auto [first, last] = std::equal_range(values.begin(), values.end(), q);
    if (static_cast<double>(last - first) >= bin_size) add(std::nextafter(q, std::numeric_limits<double>::infinity()));
  }
  return edges;
}

FeatureRows::FeatureRows(size_t width, size_t max_rows)
    : width_(std::max<size_t>(width, 1)), max_rows_(std::max<size_t>(max_rows, 2)), sums_(width_, 0.0),
      present_(width_, 0) {}

void FeatureRows::Add(const float* row) {
  for (size_t f = 0; f < width_; ++f) {
    if (std::isnan(row[f])) continue;
    sums_[f] += row[f];
    ++present_[f];
  }
  const int64_t index = declarations_++;
  if (index % stride_ != 0) return;
  if (kept() == max_rows_) {
    DropEverySecondRow();
    if (index % stride_ != 0) return;
  }
  values_.insert(values_.end(), row, row + width_);
}

// The kept rows are those at multiples of the stride; keeping every second one keeps the multiples of twice it.
void FeatureRows::DropEverySecondRow() {
  size_t to = 0;
  for (size_t from = 0; from < kept(); from += 2, ++to) {
    std::copy_n(values_.begin() + static_cast<std::ptrdiff_t>(from * width_), width_,
                values_.begin() + static_cast<std::ptrdiff_t>(to * width_));
  }
  values_.resize(to * width_);
  stride_ *= 2;
}

namespace {

// The shares of one input's values over `edges` (edges.size() + 1 bins), then the share of rows missing it;
// each row weighs what it stands for.
std::vector<double> FeatureShares(const std::vector<const FeatureRows*>& groups, size_t feature,
                                  const std::vector<double>& edges) {
  std::vector<double> shares(edges.size() + 2, 0.0);
  double total = 0;
  for (const FeatureRows* g : groups) {
    const double weight = g->weight();
    for (size_t i = 0; i < g->kept(); ++i) {
      const double v = g->row(i)[feature];
      const size_t bin = std::isnan(v) ? edges.size() + 1
                                       : static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
      shares[bin] += weight;
      total += weight;
    }
  }
  if (total > 0) {
    for (double& share : shares) share /= total;
  }
  return shares;
}

double FeatureMean(const std::vector<const FeatureRows*>& groups, size_t feature) {
  double sum = 0;
  int64_t present = 0;
  for (const FeatureRows* g : groups) {
    sum += g->sum(feature);
    present += g->present(feature);
  }
  return present > 0 ? sum / static_cast<double>(present) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

FeatureDriftRanker::FeatureDriftRanker(std::vector<std::string> names, const FeatureRows& baseline, int bins)
    : names_(std::move(names)) {
  const std::vector<const FeatureRows*> groups = {&baseline};
  for (size_t f = 0; f < std::min(names_.size(), baseline.width()); ++f) {
    std::vector<double> present;
    for (size_t i = 0; i < baseline.kept(); ++i) {
      if (!std::isnan(baseline.row(i)[f])) present.push_back(baseline.row(i)[f]);
    }
    Bins b;
    b.edges = FeatureEdges(std::move(present), bins);
    b.baseline_shares = FeatureShares(groups, f, b.edges);
    b.baseline_mean = FeatureMean(groups, f);
    bins_.push_back(std::move(b));
  }
}

std::vector<FeatureDrift> FeatureDriftRanker::Rank(const std::vector<const FeatureRows*>& window, size_t top) const {
  std::vector<FeatureDrift> drifts;
  for (size_t f = 0; f < bins_.size(); ++f) {
    const Bins& b = bins_[f];
    const double psi = PopulationStabilityIndex(b.baseline_shares, FeatureShares(window, f, b.edges));
    drifts.push_back({names_[f], psi, b.baseline_mean, FeatureMean(window, f)});
  }
  std::stable_sort(drifts.begin(), drifts.end(), [](const FeatureDrift& a, const FeatureDrift& b) { return a.psi > b.psi; });
  drifts.resize(std::min(top, drifts.size()));
  return drifts;
}

namespace {

// What the replay gathers: the scores and feature rows of the weeks before training and of each week scanned.
struct ScoredHistory {
  std::vector<double> baseline_scores;
  FeatureRows baseline_features;
  std::map<Week, ScoredWeek> weeks;
};

absl::StatusOr<ScoredHistory> ScoreHistory(Store& store, const model::RiskModel& model, UnixMillis window_from,
                                           UnixMillis to, const ModelHealthConfig& config) {
  const UnixMillis cutoff = model.version().trained_until;
  const UnixMillis baseline_from = cutoff - config.baseline_weeks * kWeekMillis;
  const size_t width = model.schema().size();
  const size_t rows_per_week = std::max<size_t>(config.feature_rows_per_week, 2);
  ScoredHistory history{{}, FeatureRows(width, rows_per_week * static_cast<size_t>(std::max(config.baseline_weeks, 1))), {}};
  profile::ProfileBook book(model.profile_config());
  model::FeatureBuilder builder(model.schema(), book);
  std::vector<float> features(width);
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    const UnixMillis t = record.declaration.lodged_at;
    const bool in_baseline = t >= baseline_from && t < cutoff;
    const bool in_period = t >= window_from && t < to;
    if (!in_baseline && !in_period) return;
    builder.Build(record, keys, features.data());
    const double score = model.Risk(features.data());
    if (in_baseline) {
      history.baseline_scores.push_back(score);
      history.baseline_features.Add(features.data());
    }
    if (in_period) {
      ScoredWeek& w = history.weeks.try_emplace(WeekOf(t), width, rows_per_week).first->second;
      w.scores.push_back(score);
      w.features.Add(features.data());
      KeepRiskiest(w, score, record.declaration.declaration_id);
    }
  };
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, to, &book, assess));
  return history;
}

// The scores and feature rows of the window that ends with `week`.
struct Window {
  std::vector<double> scores;
  std::vector<const FeatureRows*> rows;  // one group a week
};

Window WindowOf(const std::map<Week, ScoredWeek>& weeks, Week week, int window_weeks) {
  Window window;
  for (auto it = weeks.lower_bound(week - window_weeks + 1); it != weeks.end() && it->first <= week; ++it) {
    window.scores.insert(window.scores.end(), it->second.scores.begin(), it->second.scores.end());
    window.rows.push_back(&it->second.features);
  }
  return window;
}

// A mean in a few significant digits, whatever its scale (days, logs, rates); "n/a" when never present.
std::string Number(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::fabs(v) >= 100) return Fixed(v, 0);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

// "inputs that moved most (...): transport.mode 9.214 (2.13 -> 7), ...".
std::string FeaturesInWords(const std::vector<FeatureDrift>& features) {
  std::string words("inputs that moved most (PSI; mean in the weeks before training -> in these weeks): ");
  for (size_t i = 0; i < features.size(); ++i) {
    const FeatureDrift& f = features[i];
    if (i > 0) words.append(", ");
    words.append(f.name).append(" ").append(Fixed(f.psi, 3)).append(" (").append(Number(f.baseline_mean));
    words.append(" -> ").append(Number(f.window_mean)).append(")");
  }
  return words;
}

// The PSI of one window's scores, with what the evidence says of them.
struct WindowDrift {
  double psi = 0;
  size_t declarations = 0;
  double top_bin_share = 0;
  double mean_score = 0;
};

std::string DriftEvidence(const WindowDrift& drift, const std::vector<double>& expected, double baseline_mean,
                          const std::vector<FeatureDrift>& features, const ModelHealthConfig& config) {
  std::string evidence = Format("PSI %.3f of the %.0f declarations of the %.0f weeks to this one against the %.0f "
                                "weeks before training; ",
                                drift.psi, static_cast<double>(drift.declarations), config.window_weeks,
                                config.baseline_weeks);
  evidence.append(Format("%.1f%% in the training weeks' top bin (%.1f%%), mean score %.3f against %.3f; ",
                         100 * drift.top_bin_share, 100 * expected.back(), drift.mean_score, baseline_mean));
  if (!features.empty()) evidence.append(FeaturesInWords(features)).append("; ");
  return evidence.append("retrain");
}

}  // namespace

absl::StatusOr<std::vector<ScoreDriftAlert>> ScoreDriftWithFeatures(Store& store, const model::RiskModel& model,
                                                                    UnixMillis from, UnixMillis to,
                                                                    const ModelHealthConfig& config) {
  const UnixMillis window_from = from - (config.window_weeks - 1) * kWeekMillis;
  ADUANA_ASSIGN_OR_RETURN(ScoredHistory history, ScoreHistory(store, model, window_from, to, config));
  std::vector<ScoreDriftAlert> alerts;
  const std::vector<double>& baseline = history.baseline_scores;
  if (static_cast<int64_t>(baseline.size()) < config.min_window_declarations) return alerts;
  const std::vector<double> edges = QuantileEdges(baseline, config.bins);
  const std::vector<double> expected = BinShares(baseline, edges);
  const double baseline_mean = Mean(baseline);
  std::optional<FeatureDriftRanker> ranker;  // cut at the first alert: most scans raise none
  for (Week week = WeekOf(from); week <= WeekOf(to - 1); ++week) {
    const Window window = WindowOf(history.weeks, week, config.window_weeks);
    const std::vector<double>& scores = window.scores;
    if (static_cast<int64_t>(scores.size()) < config.min_window_declarations) continue;
    const std::vector<double> actual = BinShares(scores, edges);
    const WindowDrift drift{PopulationStabilityIndex(expected, actual), scores.size(), actual.back(), Mean(scores)};
    if (drift.psi < config.psi_medium) continue;
    const Severity severity = drift.psi >= config.psi_high ? Severity::kHigh : Severity::kMedium;
    // A drift goes on for weeks: one alert says it, until it worsens.
    if (!alerts.empty()) {
      const Alert& last = alerts.back().alert;
      if (week - last.week < config.quiet_weeks && severity <= last.severity) continue;
    }
    if (!ranker) ranker.emplace(model.schema().names(), history.baseline_features, config.bins);
    ScoreDriftAlert found;
    found.top_features = ranker->Rank(window.rows, config.top_features);
    Alert& a = found.alert;
    a.detector = "score_drift";
    a.subject_kind = "model";
    a.subject = std::string("model ").append(std::to_string(model.version().model_id));
    a.week = week;
    a.severity = severity;
    a.observed = drift.psi;
    a.baseline_weeks = config.baseline_weeks;
    a.evidence = DriftEvidence(drift, expected, baseline_mean, found.top_features, config);
    if (auto it = history.weeks.find(week); it != history.weeks.end()) {
      for (const auto& [score, id] : it->second.riskiest) a.declarations.push_back(id);
    }
    alerts.push_back(std::move(found));
  }
  return alerts;
}

absl::StatusOr<std::vector<Alert>> ScoreDrift(Store& store, const model::RiskModel& model, UnixMillis from,
                                              UnixMillis to, const ModelHealthConfig& config) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<ScoreDriftAlert> found, ScoreDriftWithFeatures(store, model, from, to, config));
  std::vector<Alert> alerts;
  for (ScoreDriftAlert& f : found) alerts.push_back(std::move(f.alert));
  return alerts;
}

absl::StatusOr<std::vector<Alert>> FallingRuleHitRates(Store& store, UnixMillis to, const ModelHealthConfig& config) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<StoredRule> stored, store.ListRules());
  std::string text;
  for (const StoredRule& r : stored) {
    if (r.active) text += r.source + "\n";
  }
  std::vector<Alert> alerts;
  if (text.empty()) return alerts;
  const UnixMillis split = to - config.recent_weeks * kWeekMillis;
  const UnixMillis start = split - config.rule_baseline_weeks * kWeekMillis;
  ADUANA_ASSIGN_OR_RETURN(model::DryRun earlier, model::DryRunRules(store, text, "active rules", start, split));
  ADUANA_ASSIGN_OR_RETURN(model::DryRun recent, model::DryRunRules(store, text, "active rules", split, to));
  for (size_t i = 0; i < std::min(earlier.rules.size(), recent.rules.size()); ++i) {
    const model::RuleStatistics& e = earlier.rules[i];
    const model::RuleStatistics& r = recent.rules[i];
    if (e.inspected < config.min_rule_inspections || r.inspected < config.min_rule_inspections) continue;
    const double before = e.hit_rate();
    const double now = r.hit_rate();
    if (before <= 0 || now > config.max_hit_ratio * before) continue;
    const double p = BinomialLowerTail(r.non_compliant, r.inspected, before);
    if (p > config.alpha) continue;
    Alert a;
    a.detector = "rule_hit_rate_fall";
    a.subject_kind = "rule";
    a.subject = r.rule.id + "@" + std::to_string(r.rule.version);
    a.week = WeekOf(to - 1);
    a.severity = now <= before / 4 ? Severity::kHigh : Severity::kMedium;
    a.observed = now;
    a.baseline = before;
    a.baseline_weeks = config.rule_baseline_weeks;
    a.evidence = Format("hit rate %.1f%% (%.0f of %.0f controls) in the last weeks against ", 100 * now,
                        static_cast<double>(r.non_compliant), static_cast<double>(r.inspected)) +
                 Format("%.1f%% (%.0f of %.0f) before, P = %.2g: review or retire the rule", 100 * before,
                        static_cast<double>(e.non_compliant), static_cast<double>(e.inspected), p);
    alerts.push_back(std::move(a));
  }
  return alerts;
}

absl::StatusOr<std::vector<Alert>> RandomBeatsRisk(Store& store, UnixMillis from, UnixMillis to,
                                                   const ModelHealthConfig& config) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<BasisOutcomes> bases, store.OutcomesByBasis(from, to));
  BasisOutcomes random, risk;
  for (const BasisOutcomes& b : bases) {
    if (b.basis != "random" && b.basis != "risk" && b.basis != "revenue") continue;  // rules and releases apart
    BasisOutcomes& into = b.basis == "random" ? random : risk;
    into.controlled += b.controlled;
    into.non_compliant += b.non_compliant;
  }
  std::vector<Alert> alerts;
  if (random.controlled < config.min_random_controls || risk.controlled < config.min_random_controls) return alerts;
  const double n1 = static_cast<double>(random.controlled), n2 = static_cast<double>(risk.controlled);
  const double p1 = static_cast<double>(random.non_compliant) / n1;
  const double p2 = static_cast<double>(risk.non_compliant) / n2;
  const double pooled = (static_cast<double>(random.non_compliant + risk.non_compliant)) / (n1 + n2);
  const double se = std::sqrt(std::max(1e-12, pooled * (1 - pooled) * (1 / n1 + 1 / n2)));
  const double z = (p1 - p2) / se;
  if (z < config.min_z) return alerts;
  Alert a;
  a.detector = "random_beats_risk";
  a.subject_kind = "selection";
  a.subject = "risk selection";
  a.week = WeekOf(to - 1);
  a.severity = Severity::kHigh;
  a.observed = p1;
  a.baseline = p2;
  a.evidence = Format("the random control sample found non-compliance in %.1f%% of %.0f controls, risk selection "
                      "in %.1f%% of %.0f (z = ",
                      100 * p1, n1, 100 * p2, n2) +
               Format("%.1f): the models and rules select worse than chance; retrain and review the rules", z);
  alerts.push_back(std::move(a));
  return alerts;
}

absl::StatusOr<std::vector<Alert>> CheckModelHealth(Store& store, UnixMillis from, UnixMillis to,
                                                    const ModelHealthConfig& config) {
  std::vector<Alert> alerts;
  ADUANA_ASSIGN_OR_RETURN(std::optional<ModelVersion> active, store.LoadActiveModel());
  if (active) {
    ADUANA_ASSIGN_OR_RETURN(model::RiskModel model, model::RiskModel::Load(*active));
    ADUANA_ASSIGN_OR_RETURN(alerts, ScoreDrift(store, model, from, to, config));
  }
  ADUANA_ASSIGN_OR_RETURN(std::vector<Alert> rules, FallingRuleHitRates(store, to, config));
  ADUANA_ASSIGN_OR_RETURN(std::vector<Alert> selection, RandomBeatsRisk(store, from, to, config));
  for (std::vector<Alert>* more : {&rules, &selection}) {
    for (Alert& a : *more) alerts.push_back(std::move(a));
  }
  return alerts;
}

}  // namespace aduana::warn
