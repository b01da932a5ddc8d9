// The oversight routes as a client sees them: who may see and do what (officers see no alerts or audit data,
// analysts no audit data, auditors read alerts but do not move them), an alert's workflow, and an audit plan
// made, exported and worked through a case to its closing, with bad input refused naming the field.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace aduana::server {
namespace {

class HttpOversightTest : public ApiFixture {};

TEST_F(HttpOversightTest, EachRoleSeesAndDoesOnlyWhatItsWorkNeeds) {
  EXPECT_EQ(Call("GET", "/v1/alerts", "").status, 401);
  for (const char* role : {"officer", "integration"}) {
    EXPECT_EQ(Call("GET", "/v1/alerts", role).status, 403) << role;
    EXPECT_EQ(Call("GET", "/v1/cases", role).status, 403) << role;
    EXPECT_EQ(Call("GET", "/v1/pca/plans", role).status, 403) << role;
  }
  EXPECT_EQ(Call("GET", "/v1/cases", "analyst").status, 403) << "audit data is for auditors";
  EXPECT_EQ(Call("POST", "/v1/pca/plans", "analyst", "{}").status, 403);
  EXPECT_EQ(Call("GET", "/v1/alerts", "analyst").status, 200);
  EXPECT_EQ(Call("GET", "/v1/alerts", "auditor").status, 200);
  EXPECT_EQ(Call("POST", "/v1/alerts/1/status", "auditor", R"({"status":"acknowledged"})").status, 403);
  EXPECT_EQ(Call("POST", "/v1/alerts/scan", "auditor", R"({"from":"2025-08-01","to":"2025-12-27"})").status, 403);
  EXPECT_EQ(Call("GET", "/v1/cases", "auditor").status, 200);
  EXPECT_EQ(Call("GET", "/v1/pca/plans", "admin").status, 200);
}

TEST_F(HttpOversightTest, AnAnalystScansAlertsAndWorksOneThroughItsWorkflow) {
  Answer bad = Call("POST", "/v1/alerts/scan", "analyst", R"({"from":"2025-13-01","to":"2025-12-27"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "from");
  Answer scan = Call("POST", "/v1/alerts/scan", "analyst", R"({"from":"2025-08-01","to":"2025-12-27"})");
  ASSERT_EQ(scan.status, 200) << scan.text;
  Answer rescan = Call("POST", "/v1/alerts/scan", "analyst", R"({"from":"2025-08-01","to":"2025-12-27"})");
  EXPECT_EQ(rescan.body["new_alerts"], 0) << "a rescan finds the same alerts and keeps them";
  EXPECT_EQ(rescan.body["already_stored"], scan.body["new_alerts"]);
  // An alert of its own, so the workflow is tested whatever this small history raises.
  {
    auto store = OpenSqliteStore(history_.Db());
    ASSERT_TRUE(store.ok());
    AlertRecord planted;
    planted.detector = "volume_surge";
    planted.subject_kind = "hs6_origin";
    planted.subject = "610910|BD";
    planted.week = *ParseDate("2025-06-02");
    planted.severity = "high";
    ASSERT_TRUE((*store)->PutAlert(&planted).ok());
  }
  Answer list = Call("GET", "/v1/alerts?status=new&subject=610910%7CBD", "analyst");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["alerts"].size(), 1u) << list.text;
  const int64_t id = list.body["alerts"][0]["alert_id"];
  const std::string path = "/v1/alerts/" + std::to_string(id);
  EXPECT_EQ(Call("GET", path, "auditor").body["status"], "new");

  Answer no_note = Call("POST", path + "/status", "analyst", R"({"status":"dismissed"})");
  EXPECT_EQ(no_note.status, 400);
  EXPECT_EQ(no_note.body["error"]["field"], "note");
  EXPECT_EQ(Call("POST", path + "/status", "analyst", R"({"status":"done","note":"x"})").status, 400);
  EXPECT_EQ(Call("POST", path + "/status", "analyst", R"({"status":"acknowledged","reason":"x"})")
                .body["error"]["code"], "unknown_field");
  Answer ack = Call("POST", path + "/status", "analyst", R"({"status":"acknowledged"})");
  ASSERT_EQ(ack.status, 200) << ack.text;
  EXPECT_EQ(ack.body["status_by"], "ian");
  Answer resolved = Call("POST", path + "/status", "analyst", R"({"status":"resolved","note":"rule R9 activated"})");
  ASSERT_EQ(resolved.status, 200);
  EXPECT_EQ(resolved.body["status_note"], "rule R9 activated");
  Answer again = Call("POST", path + "/status", "analyst", R"({"status":"dismissed","note":"x"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "illegal_transition");
  EXPECT_EQ(Call("GET", "/v1/alerts/999999", "analyst").status, 404);
  EXPECT_EQ(Call("GET", "/v1/alerts/abc", "analyst").status, 404);
}

TEST_F(HttpOversightTest, AnAuditorMakesAPlanAndWorksACaseToItsClosing) {
  EXPECT_EQ(Call("POST", "/v1/pca/plans", "auditor", R"({"from":"2025-10-01","to":"2025-12-27"})")
                .body["error"]["field"], "capacity");
  EXPECT_EQ(Call("POST", "/v1/pca/plans", "auditor", R"({"from":"2025-10-01","to":"2025-12-27","capacity":"ten"})")
                .body["error"]["field"], "capacity");
  EXPECT_EQ(Call("POST", "/v1/pca/plans", "auditor",
                 R"({"from":"2025-10-01","to":"2025-12-27","capacity":10,"random_share":2})")
                .body["error"]["field"], "random_share");
  Answer plan = Call("POST", "/v1/pca/plans", "auditor",
                     R"({"from":"2025-10-01","to":"2025-12-27","capacity":10,"random_share":0.2})");
  ASSERT_EQ(plan.status, 201) << plan.text;
  ASSERT_EQ(plan.body["candidates"].size(), 10u);
  EXPECT_EQ(plan.body["candidates"][0]["selection"], "risk");
  EXPECT_EQ(plan.body["candidates"][9]["selection"], "random");
  EXPECT_FALSE(plan.body["candidates"][0]["evidence"]["indicators"].empty());
  const int64_t plan_id = plan.body["plan_id"];
  const std::string company = plan.body["candidates"][0]["company_id"];
  Answer csv = Call("GET", "/v1/pca/plans/" + std::to_string(plan_id) + "?format=csv", "auditor");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.text.begin(), csv.text.end(), '\n'), 11);
  EXPECT_EQ(Call("GET", "/v1/pca/plans", "auditor").body["plans"].size(), 1u);

  Answer outsider = Call("POST", "/v1/cases", "auditor",
                         R"({"plan_id":)" + std::to_string(plan_id) + R"(,"company_id":"NOT-IN-PLAN"})");
  EXPECT_EQ(outsider.status, 400);
  EXPECT_EQ(ErrorCode(outsider), "not_in_plan");
  Answer opened = Call("POST", "/v1/cases", "auditor",
                       R"({"plan_id":)" + std::to_string(plan_id) + R"(,"company_id":")" + company + "\"}");
  ASSERT_EQ(opened.status, 201) << opened.text;
  EXPECT_EQ(opened.body["state"], "opened");
  const std::string path = "/v1/cases/" + std::to_string(opened.body["case_id"].get<int64_t>());
  EXPECT_EQ(Call("POST", path + "/close", "auditor").status, 409);
  EXPECT_EQ(Call("POST", path + "/assign", "auditor", R"({"auditor":"rosa"})").body["state"], "assigned");
  Answer bad = Call("POST", path + "/findings", "auditor",
                    R"({"non_compliant":true,"amount_assessed":-1,"findings":"x"})");
  EXPECT_EQ(bad.body["error"]["field"], "amount_assessed");
  EXPECT_EQ(Call("POST", path + "/findings", "auditor", R"({"amount_assessed":1,"findings":"x"})")
                .body["error"]["field"], "non_compliant");
  Answer found = Call("POST", path + "/findings", "auditor",
                      R"({"non_compliant":true,"amount_assessed":480000,"findings":"invoices at 40% of the )"
                      R"(supplier's list prices","fraud_types":["undervaluation"]})");
  ASSERT_EQ(found.status, 200) << found.text;
  Answer closed = Call("POST", path + "/close", "auditor");
  ASSERT_EQ(closed.status, 200) << closed.text;
  EXPECT_EQ(closed.body["state"], "closed");
  Answer view = Call("GET", path, "auditor");
  ASSERT_EQ(view.status, 200);
  ASSERT_EQ(view.body["timeline"].size(), 4u);
  EXPECT_EQ(view.body["timeline"][3]["action"], "case_closed");
  EXPECT_EQ(view.body["timeline"][3]["actor"], "aud");
  EXPECT_EQ(Call("GET", path, "officer").status, 403);

  auto store = OpenSqliteStore(history_.Db());
  ASSERT_TRUE(store.ok());
  auto audits = (*store)->LoadAuditOutcomes();
  ASSERT_TRUE(audits.ok());
  bool stored = false;
  for (const AuditOutcome& a : *audits) stored = stored || (a.audit_id == closed.body["audit_id"] && a.company_id == company);
  EXPECT_TRUE(stored) << "the closed case's outcome is what profiles and training read";
}

}  // namespace
}  // namespace aduana::server
