// The early-warning detectors on small hand-made series, with the cases that must not alert.
#include "warn/detectors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "rules/parser.h"

namespace aduana::warn {
namespace {

constexpr Week kWeek = 2900;  // a Monday in 2025

UnixMillis At(Week week, int day = 2) { return (static_cast<UnixMillis>(FirstDayOf(week)) + day) * kMillisPerDay; }

// `count` declarations of `subject` in `week`, each of `value` for `kg`, from four importers in turn.
void AddWeek(WeeklySeries& s, const std::string& subject, Week week, int count, double value = 1000, double kg = 100) {
  for (int i = 0; i < count; ++i) {
    s.Add(subject, At(week, i % 5), value, kg, subject + "-W" + std::to_string(week) + "-" + std::to_string(i),
          "IMP" + std::to_string(i % 4));
  }
}

// `count` declarations of `subject` in `week` from `importers` importers in turn.
void AddFlow(WeeklySeries& s, const std::string& subject, Week week, int count, int importers) {
  for (int i = 0; i < count; ++i) {
    s.Add(subject, At(week, i % 5), 1000, 100, subject + "-" + std::to_string(i), "IMP" + std::to_string(i % importers));
  }
}

TEST(Tails, PoissonAndBinomialUpperTails) {
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 2.0), 1.0);
  EXPECT_NEAR(PoissonUpperTail(1, 2.0), 1 - std::exp(-2.0), 1e-12);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(0, 5, 0.3), 1.0);
  EXPECT_NEAR(BinomialUpperTail(5, 5, 0.5), 1.0 / 32, 1e-12);
  EXPECT_NEAR(BinomialUpperTail(3, 5, 0.5), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(6, 5, 0.5), 0.0);
}

TEST(WeekOf, WeeksStartOnMonday) {
  EXPECT_EQ(FirstDayOf(WeekOf(0)), -3) << "1970-01-01 (Thursday) is in the week of Monday 1969-12-29";
  EXPECT_EQ(WeekOf(4 * kMillisPerDay), 1) << "Monday 1970-01-05 starts the next week";
  EXPECT_EQ(WeekOf(3 * kMillisPerDay + kMillisPerDay - 1), 0) << "Sunday night is still week 0";
  EXPECT_EQ(WeekOf(-4 * kMillisPerDay), -1);
}

TEST(VolumeSurges, AlertsOnAWeekFarAboveItsOwnBaselineWithEvidence) {
  WeeklySeries s;
  for (Week w = kWeek - 12; w < kWeek; ++w) AddWeek(s, "610910|CN", w, 4 + static_cast<int>(w % 3));
  AddWeek(s, "610910|CN", kWeek, 40);
  std::vector<Alert> alerts = VolumeSurges(s, "hs6_origin", kWeek, {});
  ASSERT_EQ(alerts.size(), 1u);
  const Alert& a = alerts[0];
  EXPECT_EQ(a.detector, "volume_surge");
  EXPECT_EQ(a.subject, "610910|CN");
  EXPECT_EQ(a.observed, 40);
  EXPECT_EQ(a.baseline, 5);
  EXPECT_EQ(a.severity, Severity::kMedium) << "8 times the baseline";
  EXPECT_EQ(a.declarations.size(), WeeklySeries::kExamplesKept);
  EXPECT_NE(a.evidence.find("40 declarations"), std::string::npos) << a.evidence;
  EXPECT_NE(a.suggested_rule.find("item.hs_code hs \"610910\" and item.origin in [\"CN\"]"), std::string::npos)
      << a.suggested_rule;
  auto parsed = rules::ParseRules(a.suggested_rule, "suggested");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << a.suggested_rule;
  EXPECT_EQ(parsed->size(), 1u);
}

TEST(VolumeSurges, StaysQuietOnOrdinaryVariationOneImporterTinyCountsAndSeasonalPeaks) {
  WeeklySeries s;
  // Ordinary variation: 20 to 30 a week, then 45 (under 3 times the baseline).
  for (Week w = kWeek - 12; w < kWeek; ++w) AddWeek(s, "steady", w, 20 + static_cast<int>(w % 11));
  AddWeek(s, "steady", kWeek, 45);
  // One importer: 2 a week, then 30 (its own business: importer_behaviour.h).
  for (Week w = kWeek - 12; w < kWeek; ++w) AddFlow(s, "one", w, 2, 1);
  AddFlow(s, "one", kWeek, 30, 1);
  // Tiny counts: from 0-1 a week to 5, under the minimum support of 8.
  AddWeek(s, "tiny", kWeek - 10, 1);
  AddWeek(s, "tiny", kWeek, 5);
  // Seasonal: 30 a week around the same week a year before, 3 a week since; 30 again now.
  for (Week w = kWeek - 54; w <= kWeek - 50; ++w) AddWeek(s, "season", w, 30);
  for (Week w = kWeek - 12; w < kWeek; ++w) AddWeek(s, "season", w, 3);
  AddWeek(s, "season", kWeek, 30);
  EXPECT_TRUE(VolumeSurges(s, "lane", kWeek, {}).empty());
}

TEST(VolumeSurges, TheSameSeasonalSubjectAlertsWhenThisYearsPeakIsFarHigher) {
  WeeklySeries s;
  for (Week w = kWeek - 54; w <= kWeek - 50; ++w) AddWeek(s, "season", w, 10);
  for (Week w = kWeek - 12; w < kWeek; ++w) AddWeek(s, "season", w, 3);
  AddWeek(s, "season", kWeek, 120);
  std::vector<Alert> alerts = VolumeSurges(s, "lane", kWeek, {});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].baseline, 10) << "the year-before weeks, higher than the trailing ones";
  EXPECT_EQ(alerts[0].severity, Severity::kHigh);
  EXPECT_TRUE(alerts[0].suggested_rule.empty()) << "no rule test for a lane";
}

TEST(VolumeSurges, AYoungSubjectAlertsAsANewFlowFromSeveralImportersWhenTheHistoryCoversItsBaseline) {
  WeeklySeries s;
  for (Week w = kWeek - 12; w < kWeek; ++w) AddWeek(s, "other", w, 5);  // the history reaches 12 weeks back
  AddFlow(s, "720839|VN", kWeek, 12, 4);  // a transshipment wave: steel through a new origin, four importers
  AddFlow(s, "720839|TH", kWeek, 12, 1);  // one importer opening a flow: its own business
  std::vector<Alert> alerts = VolumeSurges(s, "hs6_origin", kWeek, {});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].subject, "720839|VN");
  EXPECT_EQ(alerts[0].baseline, 0);
  EXPECT_NE(alerts[0].evidence.find("from 4 importers; a new flow, first seen in the week of " +
                                    FormatDate(FirstDayOf(kWeek))),
            std::string::npos)
      << alerts[0].evidence;

  WeeklySeries short_history;  // 4 weeks of data: the empty weeks before are unknown, not empty
  for (Week w = kWeek - 4; w < kWeek; ++w) AddWeek(short_history, "other", w, 5);
  AddFlow(short_history, "720839|VN", kWeek, 12, 4);
  EXPECT_TRUE(VolumeSurges(short_history, "hs6_origin", kWeek, {}).empty());
}

TEST(UnitValueCollapses, AlertsWhenValuePerKgFallsBelowItsWholeBaseline) {
  WeeklySeries s;
  for (Week w = kWeek - 10; w < kWeek; ++w) AddWeek(s, "847130|CN", w, 6, 1000 + 50 * static_cast<double>(w % 4), 100);
  AddWeek(s, "847130|CN", kWeek, 6, 350, 100);  // 3.5 per kg against about 10.5
  std::vector<Alert> alerts = UnitValueCollapses(s, "hs6_origin", kWeek, {});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].detector, "unit_value_collapse");
  EXPECT_DOUBLE_EQ(alerts[0].observed, 3.5);
  EXPECT_NEAR(alerts[0].baseline, 10.75, 0.3);
  EXPECT_EQ(alerts[0].severity, Severity::kMedium);
  EXPECT_NE(alerts[0].suggested_rule.find("item.unit_value_ratio <"), std::string::npos);
  auto parsed = rules::ParseRules(alerts[0].suggested_rule, "suggested");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << alerts[0].suggested_rule;
}

TEST(UnitValueCollapses, StaysQuietOnVolatileSeriesThinWeeksAndShortHistory) {
  WeeklySeries s;
  // Volatile: 3 to 12 per kg from week to week; 4 per kg now is within what it has done.
  const double per_kg[] = {12, 3, 10, 11, 3.5, 12, 9, 3, 11, 10};
  for (int i = 0; i < 10; ++i) AddWeek(s, "volatile", kWeek - 10 + i, 6, per_kg[i] * 100, 100);
  AddWeek(s, "volatile", kWeek, 6, 400, 100);
  // Thin: a collapse seen on 2 declarations only.
  for (Week w = kWeek - 10; w < kWeek; ++w) AddWeek(s, "thin", w, 6, 1000, 100);
  AddWeek(s, "thin", kWeek, 2, 100, 100);
  // Short history: 4 weeks of baseline.
  for (Week w = kWeek - 4; w < kWeek; ++w) AddWeek(s, "short", w, 6, 1000, 100);
  AddWeek(s, "short", kWeek, 6, 100, 100);
  // No mass declared this week: nothing to divide by.
  for (Week w = kWeek - 10; w < kWeek; ++w) AddWeek(s, "massless", w, 6, 1000, 100);
  AddWeek(s, "massless", kWeek, 6, 100, 0);
  // One heavy consignment at a low price: the week's value per kg falls to a fifth, yet 5 of its 6 declarations
  // are priced as usual.
  for (Week w = kWeek - 10; w < kWeek; ++w) AddWeek(s, "heavy", w, 6, 1000, 100);
  AddWeek(s, "heavy", kWeek, 5, 1000, 100);
  AddWeek(s, "heavy", kWeek, 1, 5000, 5000);
  EXPECT_TRUE(UnitValueCollapses(s, "hs6_origin", kWeek, {}).empty());
}

}  // namespace
}  // namespace aduana::warn
