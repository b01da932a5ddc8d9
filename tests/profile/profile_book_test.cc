#include "profile/profile_book.h"

#include <gtest/gtest.h>

#include <cmath>

namespace aduana::profile {
namespace {

constexpr UnixMillis kDay = kMillisPerDay;

DeclarationKeys Keys(const std::string& importer, const std::string& hs, const std::string& origin) {
  DeclarationRecord r;
  r.declaration.importer_id = importer;
  r.declaration.declarant_id = "BRK";
  r.declaration.customs_office = "MXVER";
  r.declaration.country_of_export = origin;
  r.declaration.customs_value = 100;
  GoodsItem item;
  item.hs_code = hs;
  item.country_of_origin = origin;
  item.customs_value = 100;
  item.net_mass_kg = 10;
  r.items.push_back(item);
  DeclarationKeys k;
  ExtractKeys(r, "", &k);
  return k;
}

InspectionOutcome Outcome(bool non_compliant) {
  InspectionOutcome o;
  o.non_compliant = non_compliant;
  o.additional_revenue = non_compliant ? 50 : 0;
  return o;
}

TEST(ProfileBook, SmoothsAThinHistoryTowardItsParent) {
  ProfileConfig config;
  config.smoothing = 10;
  ProfileBook book(config);
  DeclarationKeys k = Keys("IMP", "61091000", "CN");
  book.ObserveDeclaration(k, 0);
  book.ApplyOutcome(k, Outcome(true), kDay);
  const EntityProfile* p = book.Find(EntityType::kImporter, "IMP");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->inspections, 1);
  EXPECT_EQ(p->non_compliant, 1);
  EXPECT_DOUBLE_EQ(book.Rate(p, 0.1), (1 + 10 * 0.1) / (1 + 10));
  EXPECT_DOUBLE_EQ(book.Rate(nullptr, 0.1), 0.1);  // never seen: the prior itself
  EXPECT_DOUBLE_EQ(p->revenue, 50);
}

TEST(ProfileBook, KeysCoverEveryHsLevelAndPairs) {
  DeclarationKeys k = Keys("IMP", "61091000", "CN");
  ASSERT_EQ(k.items.size(), 1u);
  EXPECT_EQ(k.items[0].hs2, "61");
  EXPECT_EQ(k.items[0].hs4, "6109");
  EXPECT_EQ(k.items[0].hs6, "610910");
  EXPECT_EQ(k.items[0].line, "61091000");
  EXPECT_EQ(k.items[0].hs6_origin, "610910>CN");
  EXPECT_EQ(k.lane, "CN>MXVER");
  EXPECT_EQ(k.office_importer, "MXVER>IMP");
}

TEST(ProfileBook, RecentRateForgetsOldFindingsWithTheHalfLife) {
  ProfileConfig config;
  config.smoothing = 1;
  config.half_life_days = 30;
  ProfileBook book(config);
  DeclarationKeys k = Keys("IMP", "610910", "CN");
  for (int i = 0; i < 20; ++i) {
    book.ObserveDeclaration(k, i * kDay);
    book.ApplyOutcome(k, Outcome(true), i * kDay);
  }
  const EntityProfile* p = book.Find(EntityType::kImporter, "IMP");
  double now = book.RecentRate(p, 0.0, 20 * kDay);
  double year_later = book.RecentRate(p, 0.0, 380 * kDay);
  EXPECT_GT(now, 0.9);
  EXPECT_LT(year_later, 0.05);                          // 12 half-lives later
  EXPECT_DOUBLE_EQ(book.Rate(p, 0.0), 20.0 / 21.0);     // the long-run rate does not decay
}

TEST(ProfileBook, RecordsWhyAClassChanged) {
  ProfileConfig config;
  config.min_inspections = 3;
  config.smoothing = 2;
  ProfileBook book(config);
  // A clean majority sets the overall rate low, then one importer keeps failing.
  for (int i = 0; i < 30; ++i) {
    DeclarationKeys clean = Keys("CLEAN" + std::to_string(i), "850440", "DE");
    book.ObserveDeclaration(clean, i * kDay);
    book.ApplyOutcome(clean, Outcome(false), i * kDay);
  }
  DeclarationKeys bad = Keys("BAD", "610910", "CN");
  for (int i = 0; i < 4; ++i) {
    book.ObserveDeclaration(bad, (40 + i) * kDay);
    book.ApplyOutcome(bad, Outcome(true), (40 + i) * kDay);
  }
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "BAD"), RiskClass::kHigh);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "CLEAN1"), RiskClass::kLow);
  const ClassChange* change = nullptr;
  for (const ClassChange& c : book.class_changes()) {
    if (c.type == EntityType::kImporter && c.key == "BAD") change = &c;
  }
  ASSERT_NE(change, nullptr);
  EXPECT_EQ(change->to, RiskClass::kHigh);
  EXPECT_NE(change->reason.find("non-compliant in"), std::string::npos) << change->reason;
}

AuditOutcome Audit(const std::string& id, const std::string& company, EpochDay closed_on, bool non_compliant) {
  AuditOutcome a;
  a.audit_id = id;
  a.company_id = company;
  a.closed_on = closed_on;
  a.non_compliant = non_compliant;
  a.amount_assessed = non_compliant ? 480000 : 0;
  return a;
}

TEST(ProfileBook, AnAuditFindingMakesTheImporterHighRiskFromTheEndOfItsClosingDay) {
  ProfileBook book;
  book.SetAudits({Audit("A-1", "FOUND", 10, true), Audit("A-2", "CLEAN", 10, false)});
  DeclarationKeys found = Keys("FOUND", "61091000", "CN");
  DeclarationKeys clean = Keys("CLEAN", "61091000", "CN");
  book.ObserveDeclaration(found, 10 * kDay + 5);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "FOUND"), RiskClass::kLow) << "not known during its closing day";
  book.ObserveDeclaration(clean, 11 * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "FOUND"), RiskClass::kHigh);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "CLEAN"), RiskClass::kLow);
  ASSERT_EQ(book.class_changes().size(), 1u);
  EXPECT_EQ(book.class_changes()[0].at, 11 * kDay);
  EXPECT_NE(book.class_changes()[0].reason.find("A-1"), std::string::npos) << book.class_changes()[0].reason;
  // Clean inspections do not wash out a recent audit finding.
  for (int i = 0; i < 5; ++i) book.ApplyOutcome(found, Outcome(false), (12 + i) * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "FOUND"), RiskClass::kHigh);
}

TEST(ProfileBook, AnAuditClosedWhileLiveCountsLikeOneReplayed) {
  ProfileBook live;
  live.SetAudits({});
  DeclarationKeys k = Keys("IMP", "61091000", "CN");
  live.ObserveDeclaration(k, 5 * kDay);
  live.AddAudit(Audit("CASE-000001", "IMP", 20, true));
  EXPECT_EQ(live.AuditsBefore("IMP", 20 * kDay).audits, 0);
  EXPECT_EQ(live.AuditsBefore("IMP", 21 * kDay).non_compliant, 1);
  live.ObserveDeclaration(k, 21 * kDay);
  ProfileBook replayed;
  replayed.SetAudits({Audit("CASE-000001", "IMP", 20, true)});
  replayed.ObserveDeclaration(k, 5 * kDay);
  replayed.ObserveDeclaration(k, 21 * kDay);
  EXPECT_EQ(live.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kHigh);
  ASSERT_EQ(live.class_changes().size(), replayed.class_changes().size());
  EXPECT_EQ(live.class_changes()[0].at, replayed.class_changes()[0].at);
  EXPECT_EQ(live.class_changes()[0].reason, replayed.class_changes()[0].reason);
}

TEST(ProfileBook, TransitIncidentsRaiseTheImporterAndCarrierAndAgeOut) {
  ProfileBook book;
  book.SetTransitIncidents({{10 * kDay, "IMP", "CARR", "cargo.seal_opened on transit T-1"}});
  DeclarationKeys k = Keys("IMP", "61091000", "CN");
  book.ObserveDeclaration(k, 10 * kDay - 1);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kLow) << "not known before it was raised";
  book.ObserveDeclaration(k, 10 * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kMedium);
  EXPECT_EQ(book.ClassOf(EntityType::kCarrier, "CARR"), RiskClass::kMedium);
  ASSERT_FALSE(book.class_changes().empty());
  EXPECT_NE(book.class_changes()[0].reason.find("cargo.seal_opened on transit T-1"), std::string::npos)
      << book.class_changes()[0].reason;
  // A second incident within the year: high, for both.
  book.AddTransitIncident({40 * kDay, "IMP", "CARR", "cargo.route_deviation on transit T-2"});
  book.ObserveDeclaration(k, 40 * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kHigh);
  EXPECT_EQ(book.ClassOf(EntityType::kCarrier, "CARR"), RiskClass::kHigh);
  // Clean inspections keep the floor while the incidents are remembered ...
  book.ApplyOutcome(k, Outcome(false), 100 * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kHigh);
  // ... and not after: a year after the first only one remains, a year after the second none.
  book.ApplyOutcome(k, Outcome(false), (10 + kTransitIncidentMemoryDays) * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kMedium);
  book.ApplyOutcome(k, Outcome(false), (40 + kTransitIncidentMemoryDays) * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kLow);
}

TEST(ProfileBook, AnIncidentWithoutACarrierTouchesOnlyTheImporter) {
  ProfileBook book;
  book.SetTransitIncidents({{5 * kDay, "IMP", "", "cargo.never_arrived on transit T-9"}});
  book.ObserveDeclaration(Keys("OTHER", "61091000", "CN"), 6 * kDay);
  EXPECT_EQ(book.ClassOf(EntityType::kImporter, "IMP"), RiskClass::kMedium);
  EXPECT_EQ(book.ClassOf(EntityType::kCarrier, ""), RiskClass::kLow);
}

TEST(ReferencePrices, MedianAndSpreadAreRobustToAnOutlier) {
  ReferencePrices prices;
  for (double v : {10.0, 11.0, 9.0, 10.0, 1000.0}) prices.Observe("610910>CN", v, 1.0);
  ReferencePrice ref;
  ASSERT_TRUE(prices.Find("610910>CN", 5, &ref));
  EXPECT_NEAR(std::exp(ref.median_log), 10.0, 1e-4);
  EXPECT_LT(ref.spread_log, 0.2);
  EXPECT_FALSE(prices.Find("610910>CN", 6, &ref));  // too few observations
  prices.Observe("x", 0, 1.0);                         // no price: ignored
  EXPECT_FALSE(prices.Find("x", 1, &ref));
}

}  // namespace
}  // namespace aduana::profile
