// Split shipments on hand-made declaration sequences, with the cases that must not alert.
#include "warn/split_shipments.h"

#include <gtest/gtest.h>

#include "rules/parser.h"

namespace aduana::warn {
namespace {

constexpr UnixMillis kT0 = 1'735'689'600'000;  // 2025-01-01, a Wednesday
constexpr UnixMillis kHour = 3'600'000;
constexpr double kRate = 17.0;                   // MXN per USD
constexpr double kDeMinimis = 50 * kRate;        // 850 MXN

class SplitShipmentsTest : public ::testing::Test {
 protected:
  // A declaration of `importer` valued `value` MXN at `hours` after kT0, invoiced in USD.
  void Declare(const std::string& importer, double hours, double value, const std::string& supplier = "CN-S1") {
    SplitDeclaration d{importer + "-" + std::to_string(++n_), importer, supplier,
                       kT0 + static_cast<UnixMillis>(hours * kHour), value, "USD", kRate};
    detector_.Observe(d, &alerts_);
  }
  std::vector<Alert>& Finish() {
    detector_.Finish(&alerts_);
    return alerts_;
  }

  SplitShipments detector_;
  std::vector<Alert> alerts_;
  int n_ = 0;
};

TEST_F(SplitShipmentsTest, ThreeDeclarationsJustUnderTheDeMinimisWithinADayAlert) {
  for (int day = 0; day < 60; ++day) Declare("REGULAR", 24.0 * day + 10, 250'000);  // its usual trade
  Declare("REGULAR", 24 * 60 + 9, 810);
  Declare("REGULAR", 24 * 60 + 15, 790, "CN-S2");
  Declare("REGULAR", 24 * 61 + 2, 835);
  const std::vector<Alert>& alerts = Finish();
  ASSERT_EQ(alerts.size(), 1u);
  const Alert& a = alerts[0];
  EXPECT_EQ(a.detector, "split_shipment");
  EXPECT_EQ(a.subject_kind, "importer");
  EXPECT_EQ(a.subject, "REGULAR");
  EXPECT_EQ(a.observed, 3);
  EXPECT_EQ(a.declarations, (std::vector<std::string>{"REGULAR-61", "REGULAR-62", "REGULAR-63"}));
  EXPECT_EQ(a.severity, Severity::kMedium) << "2.9 times the threshold";
  const double days_seen = (24 * 61 + 2 - 10) / 24.0;
  EXPECT_NEAR(a.baseline, 3 / (days_seen + 30), 1e-9) << "no declaration near the threshold before: one over the "
                                                          "days seen and 30 of prior, times the 3 days of the window";
  EXPECT_NE(a.evidence.find("each just under the de_minimis of 50.00 USD (850.00 at 17.0000): 810.00, 790.00, "
                            "835.00; together 2435.00"),
            std::string::npos)
      << a.evidence;
  EXPECT_NE(a.evidence.find("suppliers CN-S1, CN-S2"), std::string::npos) << a.evidence;
  EXPECT_NE(a.suggested_rule.find("declaration.customs_value between 595.00 and 850.00"), std::string::npos)
      << a.suggested_rule;
  auto parsed = rules::ParseRules(a.suggested_rule, "suggested");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << a.suggested_rule;
}

TEST_F(SplitShipmentsTest, ABusyParcelImporterNearTheThresholdEveryDayDoesNotAlert) {
  // Six small parcels a day for 180 days, two in each of: below the band, in the band, over the threshold.
  for (int day = 0; day < 180; ++day) {
    for (double share : {0.55, 0.6, 0.75, 0.95, 1.05, 1.3}) Declare("PARCELS", 24.0 * day + 8 + 10 * share, share * kDeMinimis);
  }
  Declare("PARCELS", 24 * 180 + 9, 800);
  Declare("PARCELS", 24 * 180 + 10, 820);
  Declare("PARCELS", 24 * 180 + 11, 840);
  for (const Alert& a : Finish()) ADD_FAILURE() << a.subject << ": " << a.evidence;
}

TEST_F(SplitShipmentsTest, StaysQuietOnPairsSpreadOutPartsAndValuesOverTheThreshold) {
  Declare("PAIR", 10, 800);  // two parts only
  Declare("PAIR", 12, 820);
  Declare("SPREAD", 10, 800);  // three parts over five days
  Declare("SPREAD", 60, 820);
  Declare("SPREAD", 120, 840);
  Declare("OVER", 10, 860);  // just over: dutiable anyway
  Declare("OVER", 11, 900);
  Declare("OVER", 12, 870);
  Declare("LOW", 10, 300);  // far under: nothing to gain by splitting
  Declare("LOW", 11, 310);
  Declare("LOW", 12, 320);
  for (const Alert& a : Finish()) ADD_FAILURE() << a.subject << ": " << a.evidence;
}

TEST_F(SplitShipmentsTest, EachThresholdHasItsCurrencyAndAnImporterAlertsOncePerQuietPeriod) {
  SplitConfig config;
  config.thresholds = {{"de_minimis", 50, "USD"}, {"licence", 1000, "EUR"}};
  SplitShipments detector(config);
  std::vector<Alert> alerts;
  auto declare = [&](double hours, double value, const std::string& currency, double rate) {
    SplitDeclaration d{"", "IMP", "DE-S1", kT0 + static_cast<UnixMillis>(hours * kHour), value, currency, rate};
    d.declaration_id = std::to_string(d.lodged_at);
    detector.Observe(d, &alerts);
  };
  // Licence parts in EUR before any EUR rate is known to the detector: the first one teaches the rate.
  declare(1, 19'000, "EUR", 20);   // 950 EUR: in the licence band
  declare(2, 19'500, "EUR", 20);
  declare(3, 18'800, "EUR", 20);
  // De minimis parts, then the same again two weeks later (within the 90 quiet days).
  for (double start : {30.0, 30.0 + 24 * 14}) {
    for (int k = 0; k < 3; ++k) declare(start + k, 820 + k, "USD", kRate);
  }
  detector.Finish(&alerts);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_NE(alerts[0].evidence.find("the de_minimis of 50.00 USD"), std::string::npos) << alerts[0].evidence;
  EXPECT_EQ(alerts[0].week, WeekOf(kT0 + 30 * kHour)) << "the first group; the second is within the quiet days";
  EXPECT_NE(alerts[1].evidence.find("the licence of 1000.00 EUR (20000.00 at 20.0000)"), std::string::npos)
      << alerts[1].evidence;
}

}  // namespace
}  // namespace aduana::warn
