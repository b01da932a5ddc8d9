// The selectivity service on a small generated history with a trained model, an injected clock and
// declarations submitted as the clearance system would: decisions with reasons, idempotent resubmission,
// inspection results through the workflow, re-routes, capacity changes, and a restart that loses nothing.
#include "server/clearance_service.h"

#include <gtest/gtest.h>

#include "core/field_error.h"
#include "nlohmann/json.hpp"
#include "test_history.h"
#include "store/audit_chain.h"
#include "store/sqlite_store.h"

namespace aduana::server {
namespace {

using testing::kNow;

class ClearanceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(history_.Build());
    submissions_ = history_.submissions();
    Open();
  }
  void TearDown() override { service_.reset(); }
  void Open(ServiceOptions options = {}) {
    options.fsync_each_commit = false;  // tests need not wait for the disk
    service_.reset();
    auto opened = ClearanceService::Open(history_.Db(), options, [this] { return now_; });
    ASSERT_TRUE(opened.ok()) << opened.status();
    service_ = std::move(*opened);
  }

  // The first submission whose decision is on `channel`, submitting them in order.
  std::optional<SubmitResult> FirstOn(const std::string& channel, size_t* next) {
    for (; *next < submissions_.size(); ++*next) {
      auto r = service_->Submit(submissions_[*next], officer_);
      EXPECT_TRUE(r.ok()) << r.status();
      if (r.ok() && r->decision.channel == channel) {
        ++*next;
        return *r;
      }
    }
    return std::nullopt;
  }

  testing::TestHistory history_{"aduana_service"};
  std::vector<DeclarationSubmission> submissions_;
  std::unique_ptr<ClearanceService> service_;
  UnixMillis now_ = kNow;
  Principal integration_{"clearance-system", Role::kIntegration};
  Principal officer_{"officer.ana", Role::kOfficer};
};

TEST_F(ClearanceServiceTest, EveryModelReasonIsSaidInWords) {
  for (size_t i = 0; i < 40 && i < submissions_.size(); ++i) {
    auto r = service_->Submit(submissions_[i], integration_);
    ASSERT_TRUE(r.ok()) << r.status();
    nlohmann::json reasons = nlohmann::json::parse(r->decision.reasons_json);
    for (const nlohmann::json& reason : reasons["model"]) {
      std::string text = reason["text"];
      EXPECT_EQ(text.find(" = "), std::string::npos) << reason["feature"] << " has no wording: " << text;
    }
  }
}

TEST_F(ClearanceServiceTest, DecidesWithReasonsAndAnswersAResubmissionWithTheSameDecision) {
  auto first = service_->Submit(submissions_[0], integration_);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->created);
  const DecisionRecord& d = first->decision;
  EXPECT_FALSE(d.explanation.empty());
  EXPECT_GT(d.model_id, 0);
  nlohmann::json reasons = nlohmann::json::parse(d.reasons_json);
  EXPECT_EQ(reasons["model"].size(), 5u);
  EXPECT_FALSE(reasons["model"][0]["text"].get<std::string>().empty());

  auto again = service_->Submit(submissions_[0], integration_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->decision.channel, d.channel);
  EXPECT_EQ(again->decision.decided_at, d.decided_at);

  DeclarationSubmission changed = submissions_[0];
  changed.declaration.customs_value += 1;
  EXPECT_EQ(service_->Submit(changed, integration_).status().code(), absl::StatusCode::kAlreadyExists);

  auto view = service_->Get(submissions_[0].declaration.declaration_id);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->bundle.items.size(), submissions_[0].items.size());
  ASSERT_TRUE(view->decision.has_value());
  ASSERT_EQ(view->timeline.size(), 1u);
  EXPECT_EQ(view->timeline[0].action, "decided");
  EXPECT_EQ(view->timeline[0].actor, "clearance-system");
}

TEST_F(ClearanceServiceTest, RefusesADeclarationOfAnUnregisteredImporter) {
  DeclarationSubmission s = submissions_[0];
  s.declaration.importer_id = "NOT-REGISTERED";
  absl::Status status = service_->Submit(s, integration_).status();
  EXPECT_EQ(ErrorField(status), "importer_id");
  EXPECT_EQ(ErrorCode(status), "unknown_reference");
  EXPECT_EQ(service_->Get(s.declaration.declaration_id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ClearanceServiceTest, InspectionResultsFollowTheWorkflow) {
  ServiceOptions options;
  options.default_capacity = {.red = 1000, .yellow = 0, .blue = 0, .expected_declarations = 100};
  options.selection.cold_start_red = 0.0;  // everything red while the selector is cold
  Open(options);
  size_t next = 0;
  std::optional<SubmitResult> red = FirstOn("red", &next);
  ASSERT_TRUE(red.has_value());
  const std::string id = red->decision.declaration_id;
  EXPECT_EQ(red->decision.state, "physical_inspection");
  InspectionReport report;
  report.outcome.declaration_id = id;
  report.outcome.channel = "red";
  report.outcome.inspected_at = kNow + 3600'000;
  report.outcome.non_compliant = true;
  report.outcome.fraud_types = {"undervaluation"};
  report.outcome.additional_revenue = 12000;
  report.notes = "invoice shows half the market price";
  report.confirmed = {"VAL-UNDERVALUED-ITEM"};
  auto done = service_->RecordInspection(id, report, officer_);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->state, "released");  // no seizure: released after the result (and the duty) is recorded
  auto twice = service_->RecordInspection(id, report, officer_);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(twice.status().message().find("state 'released'"), std::string_view::npos) << twice.status();
  auto view = service_->Get(id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->timeline.size(), 3u);
  EXPECT_EQ(view->timeline[1].action, "result_recorded");
  EXPECT_NE(view->timeline[1].detail.find("half the market price"), std::string::npos);
  EXPECT_EQ(view->timeline[2].action, "released");

  std::optional<SubmitResult> other = FirstOn("red", &next);
  ASSERT_TRUE(other.has_value());
  report.outcome.declaration_id = other->decision.declaration_id;
  report.outcome.channel = "yellow";
  EXPECT_EQ(service_->RecordInspection(other->decision.declaration_id, report, officer_).status().code(),
            absl::StatusCode::kInvalidArgument);  // the declaration is on red
  report.outcome.channel = "red";
  report.outcome.seizure = true;
  auto seized = service_->RecordInspection(other->decision.declaration_id, report, officer_);
  ASSERT_TRUE(seized.ok()) << seized.status();
  EXPECT_EQ(seized->state, "detained");
}

TEST_F(ClearanceServiceTest, OfficersReRouteWithAJustification) {
  ServiceOptions options;
  options.default_capacity = {.red = 0, .yellow = 0, .blue = 0, .expected_declarations = 100};
  options.selection.random_rate = 0;
  Open(options);
  size_t next = 0;
  std::optional<SubmitResult> green = FirstOn("green", &next);
  ASSERT_TRUE(green.has_value());
  const std::string id = green->decision.declaration_id;
  EXPECT_EQ(service_->Reroute(id, rules::Channel::kRed, "tip", officer_).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto rerouted = service_->Reroute(id, rules::Channel::kRed, "intelligence report 2026/114 names this shipment",
                                    officer_);
  ASSERT_TRUE(rerouted.ok()) << rerouted.status();
  EXPECT_EQ(rerouted->channel, "red");
  EXPECT_EQ(rerouted->state, "physical_inspection");
  auto queue = service_->Queue(rerouted->office, select::ClearanceState::kPhysicalInspection, 10);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].declaration_id, id);
  auto timeline = service_->Get(id)->timeline;
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(timeline[1].action, "rerouted");
  EXPECT_EQ(timeline[1].actor, "officer.ana");
  EXPECT_NE(timeline[1].detail.find("intelligence report"), std::string::npos);
}

TEST_F(ClearanceServiceTest, ACapacityChangeTakesEffectAtOnceAndSurvivesARestart) {
  ServiceOptions options;
  options.selection.random_rate = 0;
  options.selection.cold_start_red = 0.0;
  options.selection.cold_start_yellow = 0.0;
  Open(options);
  const std::string office = submissions_[0].declaration.customs_office;
  ASSERT_TRUE(service_->SetCapacity(office, {.red = 0, .yellow = 0, .blue = 0, .expected_declarations = 50},
                                    {"admin", Role::kAdmin}).ok());
  int controlled = 0, at_office = 0;
  for (const DeclarationSubmission& s : submissions_) {
    auto r = service_->Submit(s, integration_);
    ASSERT_TRUE(r.ok()) << r.status();
    if (s.declaration.customs_office != office) continue;
    ++at_office;
    if (r->decision.basis == "risk") ++controlled;
  }
  EXPECT_GT(at_office, 0);
  EXPECT_EQ(controlled, 0);  // no capacity: nothing selected by risk (rules and the random sample aside)

  Open(options);  // a restart: capacities, decisions and the audit trail come back from the store
  EXPECT_EQ(service_->Capacity(office).red, 0);
  EXPECT_EQ(service_->Today(office).declarations, at_office);
  auto resubmitted = service_->Submit(submissions_[5], integration_);
  ASSERT_TRUE(resubmitted.ok());
  EXPECT_FALSE(resubmitted->created);
  service_.reset();
  auto store = OpenSqliteStore(history_.Db());
  ASSERT_TRUE(store.ok());
  auto verified = VerifyAuditTrail(**store);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->entries, static_cast<int64_t>(submissions_.size()) + 1);  // decisions + the capacity change
  EXPECT_FALSE(verified->first_broken.has_value()) << verified->reason;
}

}  // namespace
}  // namespace aduana::server
