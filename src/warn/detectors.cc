#include "warn/detectors.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "warn/alert_text.h"

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

// "from 4 importers" ("at least 8" when the count reached the number kept); and, for a subject first seen
// recently, when it was.
std::string ImportersNote(const WeekFigures& now, bool young, Week first_seen) {
  const bool capped = now.parties.size() >= WeeklySeries::kPartiesKept;
  return "; from " + std::string(capped ? "at least " : "") + std::to_string(now.parties.size()) + " importers" +
         (young ? "; a new flow, first seen in the week of " + FormatDate(FirstDayOf(first_seen)) : "");
}

// Declarations of the weeks [from, to] priced under `cut`, each at its own value per kg.
struct Tally {
  int64_t under = 0;
  int64_t all = 0;
};
Tally CountUnder(const WeeklySeries::Weeks& weeks, Week from, Week to, double cut) {
  Tally t;
  for (auto it = weeks.lower_bound(from); it != weeks.end() && it->first <= to; ++it) {
    for (float v : it->second.unit_values) {
      ++t.all;
      t.under += v < cut ? 1 : 0;
    }
  }
  return t;
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

double BinomialUpperTail(int64_t k, int64_t n, double p) {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  const double log_p = std::log(p), log_q = std::log1p(-p), nn = static_cast<double>(n);
  double sum = 0;
  for (int64_t i = k; i <= n; ++i) {
    const double ii = static_cast<double>(i);
    sum += std::exp(std::lgamma(nn + 1) - std::lgamma(ii + 1) - std::lgamma(nn - ii + 1) + ii * log_p +
                    (nn - ii) * log_q);
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

namespace {

// What a subject's week of declarations is compared with.
struct CountBaseline {
  double median = 0;
  double mean = 0;        // of the same weeks: the Poisson estimate of the rate
  double spread = 0;      // robust, of the trailing weeks
  bool seasonal = false;  // the median and mean are those of the same weeks a year before
};

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

CountBaseline SurgeBaseline(const WeeklySeries::Weeks& weeks, Week week, int baseline_weeks) {
  CountBaseline b;
  std::vector<double> trailing = Counts(weeks, week - baseline_weeks, week - 1);
  b.median = Median(trailing);
  b.mean = Mean(trailing);
  b.spread = RobustSpread(trailing, b.median);
  const Week year_ago = week - kWeeksPerYear;
  if (weeks.begin()->first <= year_ago - kSeasonalHalfWidth) {
    std::vector<double> then = Counts(weeks, year_ago - kSeasonalHalfWidth, year_ago + kSeasonalHalfWidth);
    if (Median(then) > b.median) {
      b.median = Median(then);
      b.mean = Mean(then);
      b.seasonal = true;
    }
  }
  return b;
}

// The alert of one subject's week, if it surges; `tested` subjects share the family-wise error.
std::optional<Alert> Surge(const WeeklySeries& series, const std::string& subject, const WeeklySeries::Weeks& weeks,
                           std::string_view kind, Week week, int64_t tested, const SurgeConfig& config) {
  auto now = weeks.find(week);
  if (now == weeks.end() || now->second.declarations < config.min_declarations) return std::nullopt;
  if (now->second.parties.size() < config.min_importers) return std::nullopt;
  const bool young = weeks.begin()->first > week - config.min_history_weeks;
  if (young && *series.first_week() > week - config.baseline_weeks) return std::nullopt;
  const CountBaseline b = SurgeBaseline(weeks, week, config.baseline_weeks);
  // Counts are at least Poisson-noisy: the spread is never below the square root of the baseline.
  const double scale = std::max({b.spread, std::sqrt(std::max(b.median, 1.0)), 1.0});
  const double observed = static_cast<double>(now->second.declarations);
  const double ratio = observed / std::max(b.median, 1.0);
  const double z = (observed - b.median) / scale;
  if (ratio < config.min_ratio || z < config.min_z) return std::nullopt;
  // The tail at the larger of the mean and the median: the median of a few skewed weekly counts runs below the
  // rate, and a test at too low a rate alerts on ordinary weeks.
  const double p = PoissonUpperTail(now->second.declarations, std::max({b.mean, b.median, 0.5}));
  if (p > config.family_alpha / static_cast<double>(std::max<int64_t>(tested, 1))) return std::nullopt;
  Alert a;
  a.detector = "volume_surge";
  a.subject_kind = kind;
  a.subject = subject;
  a.week = week;
  a.severity = ratio >= 10 ? Severity::kHigh : ratio >= 5 ? Severity::kMedium : Severity::kLow;
  a.observed = observed;
  a.baseline = b.median;
  a.spread = b.spread;
  a.baseline_weeks = config.baseline_weeks;
  a.evidence = Fixed(observed, 0) + " declarations in the week of " + FormatDate(FirstDayOf(week)) + " against " +
               Fixed(b.median, 1) + " a week (" +
               (b.seasonal ? "the same weeks a year before"
                           : "median of the last " + std::to_string(config.baseline_weeks) + " weeks") +
               "): " + Fixed(ratio, 1) + " times, " + Fixed(z, 1) + " robust spreads above; " +
               std::to_string(tested) + " subjects active that week" +
               ImportersNote(now->second, young, weeks.begin()->first);
  a.declarations = now->second.examples;
  a.suggested_rule = SuggestedRule(RuleId("EW-SURGE-", subject, week),
                                   "Early warning: volume surge of " + subject + " (" + Fixed(ratio, 1) + "x)",
                                   GoodsCondition(kind, subject), "score + 0.1");
  return a;
}

// A subject's weekly values per kg over its baseline weeks (those with a mass).
struct PriceBaseline {
  std::vector<double> weekly;
  double median = 0;
  double lowest = 0;
};

// Over the weeks [first, last].
PriceBaseline CollapseBaseline(const WeeklySeries::Weeks& weeks, Week first, Week last) {
  PriceBaseline b;
  for (auto it = weeks.lower_bound(first); it != weeks.end() && it->first <= last; ++it) {
    if (it->second.net_mass_kg > 0) b.weekly.push_back(it->second.value / it->second.net_mass_kg);
  }
  if (b.weekly.empty()) return b;
  b.median = Median(b.weekly);
  b.lowest = *std::min_element(b.weekly.begin(), b.weekly.end());
  return b;
}

// The alert of one subject's week, if its prices collapse; `tested` subjects share the family-wise error.
std::optional<Alert> Collapse(const std::string& subject, const WeeklySeries::Weeks& weeks, std::string_view kind,
                              Week week, int64_t tested, const UnitValueConfig& config) {
  auto now = weeks.find(week);
  if (now == weeks.end() || now->second.declarations < config.min_declarations) return std::nullopt;
  if (!(now->second.net_mass_kg > 0)) return std::nullopt;
  const Week last = week - config.guard_weeks - 1, first = last - config.baseline_weeks + 1;
  const PriceBaseline b = CollapseBaseline(weeks, first, last);
  if (static_cast<int>(b.weekly.size()) < config.min_baseline_weeks) return std::nullopt;
  const double observed = now->second.value / now->second.net_mass_kg;
  const double ratio = b.median > 0 ? observed / b.median : 1;
  if (ratio > config.max_ratio || observed >= b.lowest) return std::nullopt;
  const double cut = config.max_ratio * b.median;
  const Tally before = CountUnder(weeks, first, last, cut);
  const Tally this_week = CountUnder(weeks, week, week, cut);
  const double share_before = (static_cast<double>(before.under) + 1) / (static_cast<double>(before.all) + 2);
  const double p = BinomialUpperTail(this_week.under, this_week.all, share_before);
  if (p > config.family_alpha / static_cast<double>(std::max<int64_t>(tested, 1))) return std::nullopt;
  Alert a;
  a.detector = "unit_value_collapse";
  a.subject_kind = kind;
  a.subject = subject;
  a.week = week;
  a.severity = ratio < 0.3 ? Severity::kHigh : ratio < 0.45 ? Severity::kMedium : Severity::kLow;
  a.observed = observed;
  a.baseline = b.median;
  a.spread = RobustSpread(b.weekly, b.median);
  a.baseline_weeks = static_cast<int>(b.weekly.size());
  auto measure = [&](double v) {
    return config.against_reference ? Fixed(100 * v, 0) + "% of reference prices" : Fixed(v, 2) + " per kg";
  };
  a.evidence = "declared at " + measure(observed) + " in the week of " + FormatDate(FirstDayOf(week)) + " (" +
               std::to_string(now->second.declarations) + " declarations) against a median of " + measure(b.median) +
               " over " + std::to_string(b.weekly.size()) + " weeks to " + FormatDate(FirstDayOf(last)) + " (lowest " +
               measure(b.lowest) + "): " +
               Fixed(100 * ratio, 0) + "% of its usual; " + std::to_string(this_week.under) + " of " +
               std::to_string(this_week.all) + " declarations under " + measure(cut) + ", against " +
               Percent(share_before) + " before: P = " + Scientific(p) + " with " + std::to_string(tested) +
               " subjects";
  a.declarations = now->second.examples;
  std::string condition = GoodsCondition(kind, subject);
  if (!condition.empty()) {
    condition += " and item.unit_value_ratio < " + Fixed(std::max(config.max_ratio, ratio * 1.2), 2);
  }
  a.suggested_rule = SuggestedRule(RuleId("EW-UV-", subject, week),
                                   "Early warning: value per kg of " + subject + " fell to " + Fixed(100 * ratio, 0) +
                                       "% of its median",
                                   condition, "score + 0.2");
  return a;
}

void SortBySubject(std::vector<Alert>& alerts) {
  std::sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) { return a.subject < b.subject; });
}

}  // namespace

std::vector<Alert> VolumeSurges(const WeeklySeries& series, std::string_view kind, Week week,
                                const SurgeConfig& config) {
  int64_t tested = 0;  // subjects active this week: the family the false-alarm rate is shared by
  for (const auto& [subject, weeks] : series.subjects()) tested += weeks.contains(week) ? 1 : 0;
  std::vector<Alert> alerts;
  for (const auto& [subject, weeks] : series.subjects()) {
    if (std::optional<Alert> a = Surge(series, subject, weeks, kind, week, tested, config)) alerts.push_back(std::move(*a));
  }
  SortBySubject(alerts);
  return alerts;
}

std::vector<Alert> UnitValueCollapses(const WeeklySeries& series, std::string_view kind, Week week,
                                      const UnitValueConfig& config) {
  int64_t tested = 0;  // subjects with enough declarations this week: the family of the binomial test
  for (const auto& [subject, weeks] : series.subjects()) {
    auto now = weeks.find(week);
    tested += now != weeks.end() && now->second.declarations >= config.min_declarations ? 1 : 0;
  }
  std::vector<Alert> alerts;
  for (const auto& [subject, weeks] : series.subjects()) {
    if (std::optional<Alert> a = Collapse(subject, weeks, kind, week, tested, config)) alerts.push_back(std::move(*a));
  }
  SortBySubject(alerts);
  return alerts;
}

}  // namespace aduana::warn
