// The store's records of oversight after release: alerts (stored once per detector, subject and week, with
// their workflow), audit plans with candidates, and audit cases.
#include <gtest/gtest.h>

#include "../testing/temp_dir.h"
#include "store/sqlite_store.h"

namespace aduana {
namespace {

class OversightRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  static AlertRecord Alert(std::string subject, EpochDay week) {
    AlertRecord a;
    a.detector = "volume_surge";
    a.subject_kind = "hs6_origin";
    a.subject = std::move(subject);
    a.week = week;
    a.severity = "high";
    a.observed = 40;
    a.baseline = 4;
    a.evidence = "40 declarations against a baseline of 4";
    a.declarations = {"D1", "D2"};
    a.suggested_rule = "rule R { when item.hs_code hs \"610910\" then score + 0.1 }";
    a.raised_at = 1000;
    a.status_at = 1000;
    return a;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(OversightRecords, AnAlertIsStoredOncePerDetectorSubjectAndWeek) {
  AlertRecord first = Alert("610910|BD", 20000);
  auto inserted = store_->PutAlert(&first);
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_TRUE(*inserted);
  EXPECT_GT(first.alert_id, 0);
  ASSERT_TRUE(store_->UpdateAlertStatus(first.alert_id, "acknowledged", 2000, "ana", "looking").ok());

  AlertRecord again = Alert("610910|BD", 20000);
  again.observed = 41;
  auto second = store_->PutAlert(&again);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_EQ(again.alert_id, first.alert_id);
  auto stored = store_->LoadAlert(first.alert_id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->status, "acknowledged") << "a rescan keeps the workflow";
  EXPECT_EQ((*stored)->status_by, "ana");
  EXPECT_EQ((*stored)->observed, 40);
  EXPECT_EQ((*stored)->declarations, (std::vector<std::string>{"D1", "D2"}));
  EXPECT_EQ((*stored)->suggested_rule, first.suggested_rule);

  AlertRecord next_week = Alert("610910|BD", 20007);
  ASSERT_TRUE(*store_->PutAlert(&next_week));
  EXPECT_NE(next_week.alert_id, first.alert_id);
}

TEST_F(OversightRecords, AlertsAreListedNewestFirstWithFiltersAndPaging) {
  for (EpochDay week : {20000, 20007, 20014}) {
    AlertRecord a = Alert("610910|BD", week);
    ASSERT_TRUE(store_->PutAlert(&a).ok());
  }
  AlertRecord other = Alert("847130|CN", 20007);
  other.detector = "unit_value_collapse";
  ASSERT_TRUE(store_->PutAlert(&other).ok());
  ASSERT_TRUE(store_->UpdateAlertStatus(other.alert_id, "dismissed", 3000, "ana", "seasonal").ok());

  auto all = store_->ListAlerts({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(all->front().week, 20014);
  AlertFilter only_new;
  only_new.status = "new";
  EXPECT_EQ(store_->ListAlerts(only_new)->size(), 3u);
  AlertFilter by_detector;
  by_detector.detector = "unit_value_collapse";
  ASSERT_EQ(store_->ListAlerts(by_detector)->size(), 1u);
  AlertFilter by_subject;
  by_subject.subject = "610910|BD";
  by_subject.limit = 2;
  auto page = store_->ListAlerts(by_subject);
  ASSERT_EQ(page->size(), 2u);
  by_subject.before_id = page->back().alert_id;
  auto rest = store_->ListAlerts(by_subject);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().week, 20000);
}

TEST_F(OversightRecords, MovingAnUnknownAlertIsNotFound) {
  EXPECT_EQ(store_->UpdateAlertStatus(99, "acknowledged", 1, "ana", "").code(), absl::StatusCode::kNotFound);
}

TEST_F(OversightRecords, APlanKeepsItsCandidatesInRankOrder) {
  PcaPlanRecord plan;
  plan.created_at = 5000;
  plan.created_by = "auditor-1";
  plan.period_from = 20000;
  plan.period_to = 20090;
  plan.capacity = 2;
  plan.random_share = 0.5;
  plan.seed = 7;
  plan.model_id = 3;
  plan.companies_ranked = 40;
  plan.candidates = {{1, "AAA010101AAA", "risk", 900, 800, 12, 10, 1e6, R"({"indicators":["x"]})"},
                     {2, "BBB010101BBB", "random", 5, 5, 3, 3, 2e4, "{}"}};
  ASSERT_TRUE(store_->SavePcaPlan(&plan).ok());
  EXPECT_GT(plan.plan_id, 0);
  auto loaded = store_->LoadPcaPlan(plan.plan_id);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->created_by, "auditor-1");
  EXPECT_EQ((*loaded)->seed, 7u);
  EXPECT_EQ((*loaded)->companies_ranked, 40);
  ASSERT_EQ((*loaded)->candidates.size(), 2u);
  EXPECT_EQ((*loaded)->candidates[0].company_id, "AAA010101AAA");
  EXPECT_EQ((*loaded)->candidates[1].selection, "random");
  EXPECT_EQ((*loaded)->candidates[0].evidence_json, R"({"indicators":["x"]})");
  auto listed = store_->ListPcaPlans();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().candidates.empty());
  EXPECT_FALSE(store_->LoadPcaPlan(plan.plan_id + 1)->has_value());
}

TEST_F(OversightRecords, ACaseIsInsertedThenReplaced) {
  AuditCaseRecord c;
  c.company_id = "AAA010101AAA";
  c.period_from = 20000;
  c.period_to = 20090;
  c.selection = "manual";
  c.state = "opened";
  c.opened_at = 10;
  c.opened_by = "lead";
  ASSERT_TRUE(store_->SaveAuditCase(&c).ok());
  const int64_t id = c.case_id;
  ASSERT_GT(id, 0);
  c.state = "findings_recorded";
  c.auditor = "rosa";
  c.non_compliant = true;
  c.amount_assessed = 125000.5;
  c.fraud_types = {"undervaluation", "origin"};
  c.closed_at = 99;
  ASSERT_TRUE(store_->SaveAuditCase(&c).ok());
  EXPECT_EQ(c.case_id, id);
  auto loaded = store_->LoadAuditCase(id);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->state, "findings_recorded");
  EXPECT_EQ((*loaded)->plan_id, 0);
  EXPECT_EQ((*loaded)->fraud_types, (std::vector<std::string>{"undervaluation", "origin"}));
  EXPECT_EQ((*loaded)->closed_at, std::optional<UnixMillis>(99));
  EXPECT_EQ(store_->ListAuditCases("", "", 10)->size(), 1u);
  EXPECT_EQ(store_->ListAuditCases("opened", "", 10)->size(), 0u);
  EXPECT_EQ(store_->ListAuditCases("", "OTHER", 10)->size(), 0u);
}

}  // namespace
}  // namespace aduana
