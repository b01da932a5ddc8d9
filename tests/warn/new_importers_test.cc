// Bursts of new importers on hand-made registries, with the cases that must not alert.
#include "warn/new_importers.h"

#include <gtest/gtest.h>

#include "rules/parser.h"

namespace aduana::warn {
namespace {

constexpr EpochDay kHistoryStart = 20089;  // 2025-01-01
constexpr Week kWeek = 2900;               // a Monday in 2025, 30 weeks into the history

UnixMillis At(Week week, int day = 1) { return (static_cast<UnixMillis>(FirstDayOf(week)) + day) * kMillisPerDay; }

class NewImporterBurstsTest : public ::testing::Test {
 protected:
  // An importer of `sector` in `region` first declaring in `week`, registered `days_before` days earlier.
  void Arrive(const std::string& sector, const std::string& region, Week week, int days_before = 10) {
    Company c;
    c.company_id = "C";  // then append (not "C" + ...: GCC 12 -O3 reports a false -Wrestrict)
    c.company_id += std::to_string(++companies_);
    c.sector = sector;
    c.region = region;
    c.registered_on = DayOf(At(week)) - days_before;
    bursts_.AddImporter(c, At(week), "D-" + c.company_id);
  }
  // Established importers in `cells` sector x region subjects, first seen at the start of the history.
  void Established(int cells) {
    for (int i = 0; i < cells; ++i) Arrive(std::to_string(10 + i), "Sonora", WeekOf(At(kWeek - 29)), 4000);
  }

  std::vector<Alert> Alerts(Week week) const { return bursts_.Alerts(week); }

  NewImporterBursts bursts_{NewImporterConfig{}, kHistoryStart};
  int companies_ = 0;
};

TEST_F(NewImporterBurstsTest, AlertsOnABurstInOneSectorAndRegionAgainstItsOwnRate) {
  Established(20);
  for (Week w = kWeek - 20; w < kWeek; w += 5) Arrive("46", "Jalisco", w);  // one every five weeks
  for (Week w = kWeek - 20; w < kWeek; ++w) Arrive("46", "Nuevo León", w);  // one a week
  for (int i = 0; i < 5; ++i) Arrive("46", "Jalisco", kWeek);
  std::vector<Alert> alerts = Alerts(kWeek);
  ASSERT_EQ(alerts.size(), 1u) << "the sector as a whole (about 1.2 a week) is not unusual at 5";
  const Alert& a = alerts[0];
  EXPECT_EQ(a.detector, "new_importer_burst");
  EXPECT_EQ(a.subject_kind, "sector_region");
  EXPECT_EQ(a.subject, "46|Jalisco");
  EXPECT_EQ(a.week, kWeek);
  EXPECT_EQ(a.observed, 5);
  EXPECT_DOUBLE_EQ(a.baseline, 5.0 / 21) << "4 in the 21 observable weeks (those 60 days after the history's "
                                             "start), plus one";
  EXPECT_EQ(a.baseline_weeks, 21);
  EXPECT_EQ(a.severity, Severity::kMedium);
  EXPECT_EQ(a.declarations.size(), 5u);
  EXPECT_NE(a.evidence.find("sector 46, region Jalisco"), std::string::npos) << a.evidence;
  EXPECT_NE(a.evidence.find("with 22 subjects"), std::string::npos) << a.evidence;
  auto parsed = rules::ParseRules(a.suggested_rule, "suggested");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << a.suggested_rule;
}

TEST_F(NewImporterBurstsTest, ASectorAloneAlertsWhenItsNewImportersSpreadOverRegions) {
  Established(20);
  const char* regions[] = {"Jalisco", "Sonora", "Yucatán", "Colima", "Puebla", "Querétaro"};
  for (const char* region : regions) Arrive("24", region, kWeek);
  std::vector<Alert> alerts = Alerts(kWeek);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].subject_kind, "sector");
  EXPECT_EQ(alerts[0].subject, "24");
  EXPECT_DOUBLE_EQ(alerts[0].baseline, 1.0 / 21) << "none in 21 observable weeks: one pseudo-importer over them";
}

TEST_F(NewImporterBurstsTest, StaysQuietOnOldCompaniesLateStartersFewArrivalsAndBusySubjects) {
  Established(20);
  // Old companies: registered long before their first declaration (the history's first weeks are full of them).
  for (int i = 0; i < 8; ++i) Arrive("46", "Jalisco", kWeek, 400);
  // Late starters: registered 90 days before declaring, beyond the 60 days of a new importer.
  for (int i = 0; i < 6; ++i) Arrive("46", "Colima", kWeek, 90);
  // Too few: 2 new importers where none ever came.
  for (int i = 0; i < 2; ++i) Arrive("21", "Yucatán", kWeek);
  // Busy: about 3 a week as a rule, 5 this week.
  for (Week w = kWeek - 26; w < kWeek; ++w) {
    for (int i = 0; i < 3; ++i) Arrive("47", "Ciudad de México", w);
  }
  for (int i = 0; i < 5; ++i) Arrive("47", "Ciudad de México", kWeek);
  // No sector: not counted anywhere.
  for (int i = 0; i < 6; ++i) Arrive("", "Jalisco", kWeek);
  for (const Alert& a : Alerts(kWeek)) ADD_FAILURE() << a.subject << ": " << a.evidence;
}

TEST_F(NewImporterBurstsTest, StaysQuietWhileTheHistoryCannotTellNewImportersFromOldOnes) {
  // Eight weeks in, an importer first seen now may have been registered before the history began (up to 60
  // days before its first declaration); five weeks later the baseline has 4 observable weeks, not 6.
  const Week early = WeekOf(static_cast<UnixMillis>(kHistoryStart) * kMillisPerDay) + 8;
  for (int i = 0; i < 8; ++i) Arrive("46", "Jalisco", early, 5);
  EXPECT_TRUE(Alerts(early).empty());
  const Week later = early + 5;
  for (int i = 0; i < 8; ++i) Arrive("46", "Jalisco", later, 5);
  EXPECT_TRUE(Alerts(later).empty());
}

}  // namespace
}  // namespace aduana::warn
