// Document discrepancies of one importer, on hand-made declaration streams: a population with the occasional
// honest discrepancy, and the cases that must not alert.
#include "warn/document_discrepancies.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "rules/parser.h"

namespace aduana::warn {
namespace {

constexpr UnixMillis kT0 = 1'735'689'600'000;  // 2025-01-01
constexpr int kImporters = 200;

// Trade: each of 200 importers lodges one declaration a day; 1 in 40 declarations, at random, differs from its
// manifest on gross mass (honest noise: a scale, a typing error).
class Trade {
 public:
  explicit Trade(DocumentDiscrepancyConfig config = {}) : detector_(std::move(config)) {}

  // Honest declarations of every importer over `days` days; `hook` may change each one before it is observed.
  std::vector<Alert> Days(int days, const std::function<void(DocumentedDeclaration&)>& hook = {}) {
    std::vector<Alert> alerts;
    for (int day = 0; day < days; ++day, ++day_) {
      for (int i = 0; i < kImporters; ++i) {
        DocumentedDeclaration d{"D" + std::to_string(serial_), "IMP" + std::to_string(i),
                                kT0 + day_ * kMillisPerDay + i * 1000, {}};
        ++serial_;
        if (noise_(random_)) d.discrepancy_kinds = {"gross_mass_mismatch"};
        if (hook) hook(d);
        detector_.Observe(d, &alerts);
      }
    }
    return alerts;
  }

 private:
  DocumentDiscrepancies detector_;
  std::mt19937_64 random_{42};
  std::bernoulli_distribution noise_{1.0 / 40};
  int64_t serial_ = 0;
  int64_t day_ = 0;
};

TEST(DocumentDiscrepancies, AnImporterWhoseDeclarationsKeepDifferingFromTheManifestAlertsOnce) {
  Trade trade;
  EXPECT_TRUE(trade.Days(14).empty()) << "honest noise alone";
  int planted = 0;
  std::vector<Alert> alerts = trade.Days(14, [&](DocumentedDeclaration& d) {
    if (d.importer_id != "IMP5") return;
    d.discrepancy_kinds = {++planted % 2 ? "gross_mass_mismatch" : "packages_mismatch", "origin_vs_supplier_country"};
  });
  ASSERT_EQ(alerts.size(), 1u) << "once in the quiet days";
  const Alert& a = alerts[0];
  EXPECT_EQ(a.detector, "document_discrepancies");
  EXPECT_EQ(a.subject_kind, "importer");
  EXPECT_EQ(a.subject, "IMP5");
  // Three could be chance among 200 importers (2.5% each, against 0.01 / 200); a few more cannot.
  EXPECT_LE(a.week, WeekOf(kT0 + 21 * kMillisPerDay)) << "within a week of the first";
  EXPECT_GE(a.declarations.size(), 4u);
  EXPECT_NE(a.evidence.find("packages_mismatch"), std::string::npos) << a.evidence;
  EXPECT_EQ(a.evidence.find("origin_vs_supplier_country"), std::string::npos) << "not a document discrepancy";
  auto parsed = rules::ParseRules(a.suggested_rule, "suggested");
  EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << a.suggested_rule;
}

TEST(DocumentDiscrepancies, DiscrepanciesOfOtherKindsDoNotCount) {
  Trade trade;
  trade.Days(14);
  std::vector<Alert> alerts = trade.Days(14, [](DocumentedDeclaration& d) {
    if (d.importer_id == "IMP5") d.discrepancy_kinds = {"origin_vs_supplier_country", "value_build_mismatch"};
  });
  EXPECT_TRUE(alerts.empty());
}

TEST(DocumentDiscrepancies, ThreeInARowAreNotEnough) {
  Trade trade;
  trade.Days(14);
  int planted = 0;
  std::vector<Alert> alerts = trade.Days(14, [&](DocumentedDeclaration& d) {
    if (d.importer_id == "IMP5" && planted < 3) {
      d.discrepancy_kinds = {"consignee_mismatch"};
      ++planted;
    }
  });
  EXPECT_TRUE(alerts.empty());
}

TEST(DocumentDiscrepancies, AnImporterThatKeepsDifferingAlertsAgainOnlyAfterTheQuietDays) {
  // Two declarations in three differ, from the start: it stands out at once and again every 90 days.
  Trade trade;
  int n = 0;
  std::vector<Alert> alerts = trade.Days(200, [&](DocumentedDeclaration& d) {
    if (d.importer_id == "IMP5" && n++ % 3 != 0) d.discrepancy_kinds = {"gross_mass_mismatch"};
  });
  ASSERT_EQ(alerts.size(), 3u);
  for (const Alert& a : alerts) EXPECT_EQ(a.subject, "IMP5");
  for (size_t i = 1; i < alerts.size(); ++i) {
    const EpochDay apart = FirstDayOf(alerts[i].week) - FirstDayOf(alerts[i - 1].week);
    EXPECT_GE(apart, 84) << "90 quiet days";
    EXPECT_LE(apart, 98) << "and then at once";
  }
}

TEST(DocumentDiscrepancies, NothingIsTestedBeforeTheOverallRateIsKnown) {
  DocumentDiscrepancyConfig config;
  config.warmup_declarations = 1'000'000;
  Trade trade(config);
  std::vector<Alert> alerts = trade.Days(7, [](DocumentedDeclaration& d) {
    if (d.importer_id == "IMP5") d.discrepancy_kinds = {"gross_mass_mismatch"};
  });
  EXPECT_TRUE(alerts.empty());
}

}  // namespace
}  // namespace aduana::warn
