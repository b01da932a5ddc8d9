#include "warn/model_health.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "core/status_macros.h"
#include "model/features.h"
#include "model/rule_dry_run.h"
#include "profile/timeline.h"
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
  std::vector<double> scores;
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

absl::StatusOr<std::vector<Alert>> ScoreDrift(Store& store, const model::RiskModel& model, UnixMillis from,
                                              UnixMillis to, const ModelHealthConfig& config) {
  const UnixMillis cutoff = model.version().trained_until;
  const UnixMillis baseline_from = cutoff - config.baseline_weeks * kWeekMillis;
  const UnixMillis window_from = from - (config.window_weeks - 1) * kWeekMillis;
  profile::ProfileBook book(model.profile_config());
  model::FeatureBuilder builder(model.schema(), book);
  std::vector<float> features(model.schema().size());
  std::vector<double> baseline;
  std::map<Week, ScoredWeek> weeks;
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    const UnixMillis t = record.declaration.lodged_at;
    const bool in_baseline = t >= baseline_from && t < cutoff;
    const bool in_period = t >= window_from && t < to;
    if (!in_baseline && !in_period) return;
    builder.Build(record, keys, features.data());
    const double score = model.Risk(features.data());
    if (in_baseline) baseline.push_back(score);
    if (in_period) {
      ScoredWeek& w = weeks[WeekOf(t)];
      w.scores.push_back(score);
      KeepRiskiest(w, score, record.declaration.declaration_id);
    }
  };
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, to, &book, assess));
  std::vector<Alert> alerts;
  if (static_cast<int64_t>(baseline.size()) < config.min_window_declarations) return alerts;
  const std::vector<double> edges = QuantileEdges(baseline, config.bins);
  const std::vector<double> expected = BinShares(baseline, edges);
  const std::string subject = "model " + std::to_string(model.version().model_id);
  std::optional<Alert> last;  // the latest alert raised: a drift goes on for weeks, one alert says it
  for (Week week = WeekOf(from); week <= WeekOf(to - 1); ++week) {
    std::vector<double> window;
    for (Week w = week - config.window_weeks + 1; w <= week; ++w) {
      if (auto it = weeks.find(w); it != weeks.end()) window.insert(window.end(), it->second.scores.begin(), it->second.scores.end());
    }
    if (static_cast<int64_t>(window.size()) < config.min_window_declarations) continue;
    const std::vector<double> actual = BinShares(window, edges);
    const double psi = PopulationStabilityIndex(expected, actual);
    if (psi < config.psi_medium) continue;
    const Severity severity = psi >= config.psi_high ? Severity::kHigh : Severity::kMedium;
    if (last && week - last->week < config.quiet_weeks && severity <= last->severity) continue;
    Alert a;
    a.detector = "score_drift";
    a.subject_kind = "model";
    a.subject = subject;
    a.week = week;
    a.severity = severity;
    a.observed = psi;
    a.baseline_weeks = config.baseline_weeks;
    a.evidence = Format("PSI %.3f of the %.0f declarations of the %.0f weeks to this one against the %.0f weeks "
                        "before training; ",
                        psi, static_cast<double>(window.size()), config.window_weeks, config.baseline_weeks) +
                 Format("%.1f%% in the training weeks' top bin (%.1f%%), mean score %.3f against %.3f: retrain",
                        100 * actual.back(), 100 * expected.back(), Mean(window), Mean(baseline));
    if (auto it = weeks.find(week); it != weeks.end()) {
      for (const auto& [score, id] : it->second.riskiest) a.declarations.push_back(id);
    }
    last = a;
    alerts.push_back(std::move(a));
  }
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
