#include "warn/detectors.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>

namespace aduana::warn {
namespace {

constexpr Week kWeeksPerYear = 52;
constexpr Week kSeasonalHalfWidth = 2;  // the same week a year before, +- 2 weeks

// Median absolute deviation, scaled to a standard deviation under normality.
double RobustSpread(const std::vector<double>& v, double median) {
  std::vector<double> deviations;
  deviations.reserve(v.size());
  for (double x : v) deviations.push_back(std::fabs(x - median));
  return 1.4826 * Median(std::move(deviations));
}

std::string Fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// Counts of `weeks` in [from, to], a missing week as 0.
std::vector<double> Counts(const WeeklySeries::Weeks& weeks, Week from, Week to) {
  std::vector<double> counts;
  for (Week w = from; w <= to; ++w) {
    auto found = weeks.find(w);
    counts.push_back(found == weeks.end() ? 0.0 : static_cast<double>(found->second.declarations));
  }
  return counts;
}

// For an HS6 x origin subject ("HS6|CC"), the rule language's test for its goods; "" for other kinds.
std::string GoodsCondition(std::string_view kind, std::string_view subject) {
  size_t bar = subject.find('|');
  if (kind != "hs6_origin" || bar == std::string_view::npos) return "";
  return "item.hs_code hs \"" + std::string(subject.substr(0, bar)) + "\" and item.origin in [\"" +
         std::string(subject.substr(bar + 1)) + "\"]";
}

std::string SuggestedRule(std::string_view id, std::string_view justification, const std::string& condition,
                          std::string_view action) {
  if (condition.empty()) return "";
  return "rule " + std::string(id) + " version 1\n  author \"early-warning\"\n  justification \"" +
         std::string(justification) + "\"\n  when " + condition + "\n  then " + std::string(action) +
         "\n  instructions \"Check the goods, quantity and value against the documents.\"\nend\n";
}

std::string RuleId(std::string_view prefix, std::string_view subject, Week week) {
  std::string id(prefix);
  for (char c : subject) id += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '-';
  return id + "-W" + std::to_string(week);
}

}  // namespace

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

double PoissonUpperTail(int64_t k, double lambda) {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // Sum the terms from k up, starting from the k-th term computed in logs; they fall fast once i > lambda.
  double log_term = static_cast<double>(k) * std::log(lambda) - lambda - std::lgamma(static_cast<double>(k) + 1);
  double term = std::exp(log_term), sum = 0;
  for (int64_t i = k; term > sum * 1e-12 && i < k + 100000; ++i) {
    sum += term;
    term *= lambda / static_cast<double>(i + 1);
  }
  return std::min(sum, 1.0);
}

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
  }
  return "low";
}

std::vector<Alert> VolumeSurges(const WeeklySeries& series, std::string_view kind, Week week,
                                const SurgeConfig& config) {
  std::vector<Alert> alerts;
  int64_t tested = 0;  // subjects active this week: the family the false-alarm rate is shared by
  for (const auto& [subject, weeks] : series.subjects()) tested += weeks.contains(week) ? 1 : 0;
  const double max_p = config.family_alpha / static_cast<double>(std::max<int64_t>(tested, 1));
  for (const auto& [subject, weeks] : series.subjects()) {
    auto now = weeks.find(week);
    if (now == weeks.end() || now->second.declarations < config.min_declarations) continue;
    if (weeks.begin()->first > week - config.min_history_weeks) continue;  // new, not surging
    std::vector<double> trailing = Counts(weeks, week - config.baseline_weeks, week - 1);
    double baseline = Median(trailing);
    double spread = RobustSpread(trailing, baseline);
    bool seasonal = false;
    Week year_ago = week - kWeeksPerYear;
    if (weeks.begin()->first <= year_ago - kSeasonalHalfWidth) {
      double then = Median(Counts(weeks, year_ago - kSeasonalHalfWidth, year_ago + kSeasonalHalfWidth));
      if (then > baseline) {
        baseline = then;
        seasonal = true;
      }
    }
    // Counts are at least Poisson-noisy: the spread is never below the square root of the baseline.
    double scale = std::max({spread, std::sqrt(std::max(baseline, 1.0)), 1.0});
    double observed = static_cast<double>(now->second.declarations);
    double ratio = observed / std::max(baseline, 1.0);
    double z = (observed - baseline) / scale;
    if (ratio < config.min_ratio || z < config.min_z) continue;
    double p = PoissonUpperTail(now->second.declarations, std::max(baseline, 0.5));
    if (p > max_p) continue;
    Alert a;
    a.detector = "volume_surge";
    a.subject_kind = kind;
    a.subject = subject;
    a.week = week;
    a.severity = ratio >= 10 ? Severity::kHigh : ratio >= 5 ? Severity::kMedium : Severity::kLow;
    a.observed = observed;
    a.baseline = baseline;
    a.spread = spread;
    a.baseline_weeks = config.baseline_weeks;
    a.evidence = Fixed(observed, 0) + " declarations in the week of " + FormatDate(FirstDayOf(week)) + " against " +
                 Fixed(baseline, 1) + " a week (" + (seasonal ? "the same weeks a year before" : "median of the last " +
                 std::to_string(config.baseline_weeks) + " weeks") + "): " + Fixed(ratio, 1) + " times, " +
                 Fixed(z, 1) + " robust spreads above; " + std::to_string(tested) + " subjects active that week";
    a.declarations = now->second.examples;
    a.suggested_rule = SuggestedRule(RuleId("EW-SURGE-", subject, week),
                                     "Early warning: volume surge of " + subject + " (" + Fixed(ratio, 1) + "x)",
                                     GoodsCondition(kind, subject), "score + 0.1");
    alerts.push_back(std::move(a));
  }
  std::sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) { return a.subject < b.subject; });
  return alerts;
}

std::vector<Alert> UnitValueCollapses(const WeeklySeries& series, std::string_view kind, Week week,
                                      const UnitValueConfig& config) {
  std::vector<Alert> alerts;
  for (const auto& [subject, weeks] : series.subjects()) {
    auto now = weeks.find(week);
    if (now == weeks.end() || now->second.declarations < config.min_declarations) continue;
    if (!(now->second.net_mass_kg > 0)) continue;
    std::vector<double> unit_values;
    for (auto it = weeks.lower_bound(week - config.baseline_weeks); it != weeks.end() && it->first < week; ++it) {
      if (it->second.net_mass_kg > 0) unit_values.push_back(it->second.value / it->second.net_mass_kg);
    }
    if (static_cast<int>(unit_values.size()) < config.min_baseline_weeks) continue;
    double baseline = Median(unit_values);
    double lowest = *std::min_element(unit_values.begin(), unit_values.end());
    double observed = now->second.value / now->second.net_mass_kg;
    double ratio = baseline > 0 ? observed / baseline : 1;
    if (ratio > config.max_ratio || observed >= lowest) continue;
    Alert a;
    a.detector = "unit_value_collapse";
    a.subject_kind = kind;
    a.subject = subject;
    a.week = week;
    a.severity = ratio < 0.3 ? Severity::kHigh : ratio < 0.45 ? Severity::kMedium : Severity::kLow;
    a.observed = observed;
    a.baseline = baseline;
    a.spread = RobustSpread(unit_values, baseline);
    a.baseline_weeks = static_cast<int>(unit_values.size());
    auto measure = [&](double v) {
      return config.against_reference ? Fixed(100 * v, 0) + "% of reference prices" : Fixed(v, 2) + " per kg";
    };
    a.evidence = "declared at " + measure(observed) + " in the week of " + FormatDate(FirstDayOf(week)) + " (" +
                 std::to_string(now->second.declarations) + " declarations) against a median of " +
                 measure(baseline) + " over " + std::to_string(unit_values.size()) + " weeks (lowest " +
                 measure(lowest) + "): " + Fixed(100 * ratio, 0) + "% of its usual";
    a.declarations = now->second.examples;
    std::string condition = GoodsCondition(kind, subject);
    if (!condition.empty()) condition += " and item.unit_value_ratio < " + Fixed(std::max(config.max_ratio, ratio * 1.2), 2);
    a.suggested_rule = SuggestedRule(RuleId("EW-UV-", subject, week),
                                     "Early warning: value per kg of " + subject + " fell to " +
                                         Fixed(100 * ratio, 0) + "% of its median",
                                     condition, "score + 0.2");
    alerts.push_back(std::move(a));
  }
  std::sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) { return a.subject < b.subject; });
  return alerts;
}

}  // namespace aduana::warn
