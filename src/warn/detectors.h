// Early-warning detectors over weekly series: a subject's week against its own baseline. Each alert carries
// the numbers (the week's figure, the baseline, the spread and how many weeks it rests on), example
// declarations, a severity, and a rule in the rule language (docs/rules.md) an analyst may dry-run, where one
// fits. False alarms are held down by minimum support (a subject needs weeks of history and a week needs enough
// declarations) and by robust baselines (medians and median absolute deviations); docs/early-warning.md gives
// the thresholds and why.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "warn/weekly_series.h"

namespace aduana::warn {

enum class Severity { kLow, kMedium, kHigh };
std::string_view SeverityName(Severity s);

// The median (the mean of the middle two for an even count); 0 for none.
double Median(std::vector<double> values);

// P(X >= k) for X Poisson with mean `lambda`.
double PoissonUpperTail(int64_t k, double lambda);

struct Alert {
  std::string detector;      // "volume_surge", "unit_value_collapse"
  std::string subject_kind;  // "hs6_origin", "lane", "importer"
  std::string subject;       // e.g. "610910|CN"
  Week week = 0;
  Severity severity = Severity::kLow;
  double observed = 0;   // the week's figure
  double baseline = 0;   // what it was compared with
  double spread = 0;     // the baseline's robust spread
  int baseline_weeks = 0;
  std::string evidence;  // the numbers in words
  std::vector<std::string> declarations;  // example declarations of the week
  std::string suggested_rule;             // "" when no rule fits
};

struct SurgeConfig {
  int baseline_weeks = 12;       // trailing weeks the baseline is taken from
  int min_history_weeks = 6;     // a subject first seen more recently is new, not surging
  int64_t min_declarations = 8;  // a week with fewer never alerts
  double min_ratio = 3.0;        // the week must reach this multiple of the baseline,
  double min_z = 3.0;            // this many robust spreads above it,
  double family_alpha = 0.01;    // and be this unlikely under a Poisson count at the baseline, divided by the
};                               // number of subjects tested that week (false alarms a week, if counts were Poisson)

// Weekly declaration counts of each subject of `series` in `week` against the median of its trailing weeks (a
// missing week counts 0) or, when the subject was seen a year before, the median around the same week then,
// whichever is higher: a seasonal peak is not a surge.
std::vector<Alert> VolumeSurges(const WeeklySeries& series, std::string_view subject_kind, Week week,
                                const SurgeConfig& config);

struct UnitValueConfig {
  int baseline_weeks = 12;
  int min_baseline_weeks = 6;    // weeks with declarations the baseline needs
  int64_t min_declarations = 5;  // in the week
  double max_ratio = 0.6;        // the week's value per kg must fall to this share of the baseline median ...
                                 // ... and below every baseline week's
  // The series' "mass" is the goods' value at reference prices, so value / mass is the share of the reference
  // price declared (an importer's mix of goods cancels out); the evidence says so.
  bool against_reference = false;
};

// Value per kg (or share of the reference price) of each subject in `week` against the median of its trailing
// weeks.
std::vector<Alert> UnitValueCollapses(const WeeklySeries& series, std::string_view subject_kind, Week week,
                                      const UnitValueConfig& config);

}  // namespace aduana::warn
