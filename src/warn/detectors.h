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
// P(X >= k) for X binomial with `n` trials of probability `p`.
double BinomialUpperTail(int64_t k, int64_t n, double p);

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
  int min_history_weeks = 6;     // a subject first seen more recently is young (below)
  int64_t min_declarations = 8;  // a week with fewer never alerts
  // The week's declarations must come from at least this many importers. One importer's declarations come in
  // bunches (one order lodged as several declarations), not as the independent counts the Poisson test assumes,
  // and one importer's surge is that importer's business (importer_behaviour.h); a market surge, such as a
  // transshipment wave, involves several. A young subject alerts only when, besides, the series reaches back
  // over the whole baseline, so that its empty weeks are observed rather than unknown.
  size_t min_importers = 3;
  double min_ratio = 3.0;        // the week must reach this multiple of the baseline,
  double min_z = 3.0;            // this many robust spreads above it,
  double family_alpha = 0.01;    // and be this unlikely under a Poisson count at the baseline weeks' rate (the
};                               // larger of their mean and median), divided by the number of subjects tested that
                                 // week (false alarms a week, if counts were Poisson)

// Weekly declaration counts of each subject of `series` in `week` against the median of its trailing weeks (a
// missing week counts 0) or, when the subject was seen a year before, the median around the same week then,
// whichever is higher: a seasonal peak is not a surge. Importers and young subjects: see SurgeConfig::min_importers.
std::vector<Alert> VolumeSurges(const WeeklySeries& series, std::string_view subject_kind, Week week,
                                const SurgeConfig& config);

struct UnitValueConfig {
  int baseline_weeks = 12;
  // The weeks just before the week are left out of its baseline (the guard band of outbreak-detection methods):
  // a collapse that began mid-week would otherwise sit in the baseline of the weeks after it, as their lowest
  // week, and hide them.
  int guard_weeks = 2;
  int min_baseline_weeks = 6;    // weeks with declarations the baseline needs
  int64_t min_declarations = 5;  // in the week
  double max_ratio = 0.6;        // the week's value per kg must fall to this share of the baseline median ...
                                 // ... and below every baseline week's ...
  // ... and the week's declarations priced under that cut (each at its own value per kg) must be too many to be
  // chance: their binomial tail probability, at the share of the baseline's declarations under the cut (plus one
  // in two pseudo-declarations), at most this over the number of subjects with `min_declarations` that week.
  // One heavy consignment at a low price moves a weekly ratio; it does not move most declarations.
  double family_alpha = 0.01;
  // The series' "mass" is the goods' value at reference prices, so value / mass is the share of the reference
  // price declared (an importer's mix of goods cancels out); the evidence says so.
  bool against_reference = false;
};

// Value per kg (or share of the reference price) of each subject in `week` against the median of the
// `baseline_weeks` weeks before its guard band.
std::vector<Alert> UnitValueCollapses(const WeeklySeries& series, std::string_view subject_kind, Week week,
                                      const UnitValueConfig& config);

}  // namespace aduana::warn
