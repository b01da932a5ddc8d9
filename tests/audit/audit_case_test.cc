// Audit case workflow: opened -> assigned -> findings_recorded -> closed, each step in the audit trail; the
// steps it does not allow and bad findings are refused; closing stores the audit outcome profiles read.
#include "audit/audit_case.h"

#include <gtest/gtest.h>

#include "../testing/temp_dir.h"
#include "core/field_error.h"
#include "store/audit_chain.h"
#include "store/sqlite_store.h"

namespace aduana::audit {
namespace {

constexpr EpochDay kFrom = 20100;
constexpr EpochDay kTo = 20180;
constexpr UnixMillis kNow = 1'750'000'000'000;

class AuditCases : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    for (const char* id : {"AAA010101AAA", "BBB010101BBB", "CCC010101CCC"}) {
      Company c;
      c.company_id = c.name = id;
      c.country = "MX";
      ASSERT_TRUE(store_->Put(c, 1).ok());
    }
    PcaPlanRecord plan;
    plan.period_from = kFrom;
    plan.period_to = kTo;
    plan.capacity = 2;
    plan.candidates = {{1, "AAA010101AAA", "risk", 10, 10, 5, 5, 100, "{}"},
                       {2, "BBB010101BBB", "random", 1, 1, 2, 2, 10, "{}"}};
    ASSERT_TRUE(store_->SavePcaPlan(&plan).ok());
    plan_id_ = plan.plan_id;
  }

  // Opens a case on AAA from the plan and assigns it.
  int64_t AssignedCase() {
    auto c = OpenCaseFromPlan(*store_, plan_id_, "AAA010101AAA", "lead", kNow);
    EXPECT_TRUE(c.ok()) << c.status();
    auto a = AssignCase(*store_, c->case_id, "rosa", "lead", kNow + 1);
    EXPECT_TRUE(a.ok()) << a.status();
    return c->case_id;
  }

  static CaseFindings Found(double amount) {
    return {true, amount, "invoices below the supplier's price list", {"undervaluation"}};
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t plan_id_ = 0;
};

TEST_F(AuditCases, ACaseGoesFromOpenedToClosedAndLeavesAnAuditOutcome) {
  auto opened = OpenCaseFromPlan(*store_, plan_id_, "BBB010101BBB", "lead", kNow);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->state, "opened");
  EXPECT_EQ(opened->selection, "random");
  EXPECT_EQ(opened->period_from, kFrom);
  EXPECT_EQ(opened->period_to, kTo);
  const int64_t id = opened->case_id;
  ASSERT_EQ(AssignCase(*store_, id, "rosa", "lead", kNow + 1)->state, "assigned");
  ASSERT_EQ(AssignCase(*store_, id, "luis", "lead", kNow + 2)->auditor, "luis") << "reassigned";
  auto recorded = RecordFindings(*store_, id, Found(250000), "luis", kNow + 3);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->state, "findings_recorded");
  auto closed = CloseCase(*store_, id, "lead", kNow + 4);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->first.state, "closed");
  EXPECT_EQ(closed->first.audit_id, closed->second.audit_id);

  auto audits = store_->LoadAuditOutcomes();
  ASSERT_TRUE(audits.ok());
  ASSERT_EQ(audits->size(), 1u);
  EXPECT_EQ(audits->front().company_id, "BBB010101BBB");
  EXPECT_TRUE(audits->front().non_compliant);
  EXPECT_DOUBLE_EQ(audits->front().amount_assessed, 250000);
  EXPECT_EQ(audits->front().period_from, kFrom);
  EXPECT_EQ(audits->front().closed_on, static_cast<EpochDay>((kNow + 4) / kMillisPerDay));

  auto trail = store_->AuditOf("case:" + std::to_string(id));
  ASSERT_TRUE(trail.ok());
  std::vector<std::string> actions;
  for (const AuditEntry& e : *trail) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"case_opened", "case_assigned", "case_assigned",
                                               "case_findings_recorded", "case_closed"}));
  EXPECT_EQ(trail->back().actor, "lead");
  auto verified = VerifyAuditTrail(*store_);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->first_broken.has_value());
}

TEST_F(AuditCases, StepsOutOfOrderAreRefused) {
  auto opened = OpenCaseFromPlan(*store_, plan_id_, "AAA010101AAA", "lead", kNow);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(RecordFindings(*store_, opened->case_id, Found(1), "rosa", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition) << "findings before an auditor is assigned";
  EXPECT_EQ(CloseCase(*store_, opened->case_id, "lead", kNow).status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(AssignCase(*store_, opened->case_id, "rosa", "lead", kNow).ok());
  EXPECT_EQ(CloseCase(*store_, opened->case_id, "lead", kNow).status().code(), absl::StatusCode::kFailedPrecondition)
      << "closing before findings";
  ASSERT_TRUE(RecordFindings(*store_, opened->case_id, Found(10), "rosa", kNow).ok());
  ASSERT_TRUE(CloseCase(*store_, opened->case_id, "lead", kNow).ok());
  EXPECT_EQ(AssignCase(*store_, opened->case_id, "luis", "lead", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RecordFindings(*store_, opened->case_id, Found(10), "rosa", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CloseCase(*store_, 999, "lead", kNow).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AuditCases, ACompanyHasOneUnclosedCaseAtATimeAndOnlyCandidatesOpenFromAPlan) {
  AssignedCase();
  EXPECT_EQ(OpenCaseFromPlan(*store_, plan_id_, "AAA010101AAA", "lead", kNow).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(OpenManualCase(*store_, "AAA010101AAA", kFrom, kTo, "lead", kNow).status().code(),
            absl::StatusCode::kAlreadyExists);
  auto outsider = OpenCaseFromPlan(*store_, plan_id_, "CCC010101CCC", "lead", kNow);
  EXPECT_EQ(ErrorCode(outsider.status()), "not_in_plan");
  EXPECT_EQ(OpenCaseFromPlan(*store_, plan_id_ + 7, "AAA010101AAA", "lead", kNow).status().code(),
            absl::StatusCode::kNotFound);
  auto manual = OpenManualCase(*store_, "CCC010101CCC", kFrom, kTo, "lead", kNow);
  ASSERT_TRUE(manual.ok()) << manual.status();
  EXPECT_EQ(manual->selection, "manual");
  EXPECT_EQ(ErrorCode(OpenManualCase(*store_, "ZZZ010101ZZZ", kFrom, kTo, "lead", kNow).status()),
            "unknown_reference");
  EXPECT_EQ(ErrorField(OpenManualCase(*store_, "BBB010101BBB", kTo, kFrom, "lead", kNow).status()), "period_to");
}

TEST_F(AuditCases, BadFindingsAreRefusedNamingTheField) {
  const int64_t id = AssignedCase();
  auto field_of = [&](CaseFindings f) { return ErrorField(RecordFindings(*store_, id, f, "rosa", kNow).status()); };
  EXPECT_EQ(field_of(Found(-5)), "amount_assessed");
  EXPECT_EQ(field_of(Found(std::numeric_limits<double>::quiet_NaN())), "amount_assessed");
  EXPECT_EQ(field_of({false, 100, "nothing", {}}), "non_compliant") << "compliant yet assessed";
  EXPECT_EQ(field_of({true, 100, "", {"undervaluation"}}), "findings");
  EXPECT_EQ(field_of({true, 100, "x", {"bribery"}}), "fraud_types");
  EXPECT_EQ(ErrorField(AssignCase(*store_, id, "", "lead", kNow).status()), "auditor");
  auto c = store_->LoadAuditCase(id);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->state, "assigned") << "nothing half-written";
  EXPECT_EQ((*c)->amount_assessed, 0);
}

}  // namespace
}  // namespace aduana::audit
