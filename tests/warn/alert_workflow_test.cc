// Alerts in the store: stored once however often the weeks are scanned, moved new -> acknowledged ->
// resolved | dismissed with who and why, each move in the audit trail; other moves are refused.
#include "warn/alert_workflow.h"

#include <gtest/gtest.h>

#include "../testing/temp_dir.h"
#include "core/field_error.h"
#include "store/sqlite_store.h"

namespace aduana::warn {
namespace {

Alert Surge(const std::string& subject, Week week) {
  Alert a;
  a.detector = "volume_surge";
  a.subject_kind = "hs6_origin";
  a.subject = subject;
  a.week = week;
  a.severity = Severity::kHigh;
  a.observed = 30;
  a.baseline = 3;
  a.evidence = "30 declarations against 3";
  a.declarations = {"D1"};
  return a;
}

class AlertWorkflow : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }
  int64_t StoredAlert() {
    auto stored = StoreAlerts(*store_, {Surge("610910|BD", 2900)}, 1000);
    EXPECT_TRUE(stored.ok());
    return store_->ListAlerts({})->front().alert_id;
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST(AlertMoves, FollowTheWorkflow) {
  EXPECT_TRUE(AlertMoveAllowed("new", "acknowledged"));
  EXPECT_TRUE(AlertMoveAllowed("new", "dismissed"));
  EXPECT_TRUE(AlertMoveAllowed("acknowledged", "resolved"));
  EXPECT_TRUE(AlertMoveAllowed("acknowledged", "dismissed"));
  EXPECT_FALSE(AlertMoveAllowed("acknowledged", "new"));
  EXPECT_FALSE(AlertMoveAllowed("resolved", "acknowledged"));
  EXPECT_FALSE(AlertMoveAllowed("dismissed", "resolved"));
  EXPECT_FALSE(AlertMoveAllowed("new", "new"));
}

TEST_F(AlertWorkflow, ARescanStoresOnlyWhatIsNew) {
  auto first = StoreAlerts(*store_, {Surge("610910|BD", 2900), Surge("610910|BD", 2901)}, 1000);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->new_alerts, 2);
  auto again = StoreAlerts(*store_, {Surge("610910|BD", 2901), Surge("847130|CN", 2901)}, 2000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_alerts, 1);
  EXPECT_EQ(again->known, 1);
  auto all = store_->ListAlerts({});
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().week, FirstDayOf(2901));
  EXPECT_EQ(all->front().severity, "high");
  EXPECT_EQ(all->front().status, "new");
}

TEST_F(AlertWorkflow, EachMoveSaysWhoAndWhyAndIsInTheAuditTrail) {
  const int64_t id = StoredAlert();
  auto acknowledged = MoveAlert(*store_, id, "acknowledged", "ana", "", 5000);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  auto resolved = MoveAlert(*store_, id, "resolved", "ana", "rule R12 activated", 6000);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  auto stored = store_->LoadAlert(id);
  EXPECT_EQ((*stored)->status, "resolved");
  EXPECT_EQ((*stored)->status_by, "ana");
  EXPECT_EQ((*stored)->status_note, "rule R12 activated");
  EXPECT_EQ((*stored)->status_at, 6000);
  auto trail = store_->AuditOf("alert:" + std::to_string(id));
  ASSERT_EQ(trail->size(), 2u);
  EXPECT_EQ((*trail)[0].action, "alert_acknowledged");
  EXPECT_EQ((*trail)[1].action, "alert_resolved");
  EXPECT_NE((*trail)[1].detail.find("rule R12 activated"), std::string::npos);
}

TEST_F(AlertWorkflow, WrongMovesAreRefusedAndChangeNothing) {
  const int64_t id = StoredAlert();
  EXPECT_EQ(ErrorField(MoveAlert(*store_, id, "dismissed", "ana", "", 5000).status()), "note")
      << "dismissing needs a reason";
  EXPECT_EQ(ErrorField(MoveAlert(*store_, id, "closed", "ana", "x", 5000).status()), "status");
  EXPECT_EQ(ErrorField(MoveAlert(*store_, id, "new", "ana", "x", 5000).status()), "status");
  EXPECT_EQ(MoveAlert(*store_, id + 100, "acknowledged", "ana", "", 5000).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(MoveAlert(*store_, id, "dismissed", "ana", "known seasonal peak", 5000).ok());
  EXPECT_EQ(MoveAlert(*store_, id, "acknowledged", "ana", "", 6000).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*store_->LoadAlert(id))->status, "dismissed");
  EXPECT_EQ(store_->AuditOf("alert:" + std::to_string(id))->size(), 1u);
}

}  // namespace
}  // namespace aduana::warn
