// What the browser UI reads: who a token belongs to (GET /v1/me), the dashboard's aggregates moving as
// declarations are decided and controlled, the model registry with curves and feature importance, and pages
// of decisions; bad query parameters answered with a code and the field.
#include <set>

#include "api_fixture.h"

namespace aduana::server {
namespace {

class HttpInsightTest : public ApiFixture {};

json Channel(const json& dashboard, const std::string& channel) {
  for (const json& c : dashboard["channels"]) {
    if (c["channel"] == channel) return c;
  }
  return json::object();
}

TEST_F(HttpInsightTest, MeNamesTheRoleAndItsPermissions) {
  std::map<std::string, std::set<std::string>> expected_some = {
      {"admin", {"manage_tokens", "read_dashboard", "read_models", "read_queue"}},
      {"analyst", {"manage_rules", "read_dashboard", "read_models", "read_queue"}},
      {"officer", {"read_queue", "reroute", "read_dashboard"}},
      {"auditor", {"read_audit_trail", "read_dashboard", "read_models"}},
      {"integration", {"submit_declaration", "record_inspection"}}};
  std::map<std::string, std::set<std::string>> expected_none = {
      {"analyst", {"manage_tokens"}},
      {"officer", {"read_models", "manage_rules"}},
      {"auditor", {"manage_rules"}},
      {"integration", {"read_dashboard", "read_models", "read_queue"}}};
  for (const auto& [role, some] : expected_some) {
    Answer me = Call("GET", "/v1/me", role);
    ASSERT_EQ(me.status, 200) << role << ": " << me.text;
    EXPECT_EQ(me.body["role"], role);
    EXPECT_FALSE(me.body["name"].get<std::string>().empty());
    std::set<std::string> has;
    for (const json& p : me.body["permissions"]) has.insert(p.get<std::string>());
    for (const std::string& p : some) EXPECT_TRUE(has.contains(p)) << role << " lacks " << p;
    for (const std::string& p : expected_none[role]) EXPECT_FALSE(has.contains(p)) << role << " has " << p;
  }
  EXPECT_EQ(Call("GET", "/v1/me", "admin").body["permissions"].size(), AllPermissions().size());
  EXPECT_EQ(Call("GET", "/v1/me", "").status, 401);
  EXPECT_EQ(Call("GET", "/v1/me", "adu_not-a-token").status, 401);
}

TEST_F(HttpInsightTest, TheDashboardCountsDecisionsAndWhatControlsFound) {
  EXPECT_EQ(Call("GET", "/v1/dashboard", "integration").status, 403);
  Answer empty = Call("GET", "/v1/dashboard", "officer");
  ASSERT_EQ(empty.status, 200) << empty.text;
  EXPECT_EQ(empty.body["daily"].size(), 30u);
  EXPECT_EQ(empty.body["to"], "2026-01-01") << "no decisions yet: the 30 days to today";
  EXPECT_TRUE(empty.body["score_drift"].is_null());

  std::string controlled_id, controlled_channel;
  for (size_t i = 0; i < 12; ++i) {
    Answer a = Call("POST", "/v1/declarations", "integration", SubmissionJson(i));
    ASSERT_EQ(a.status, 201) << a.text;
    if (controlled_id.empty() && (a.body["channel"] == "red" || a.body["channel"] == "yellow")) {
      controlled_id = a.body["declaration_id"];
      controlled_channel = a.body["channel"];
    }
  }
  if (controlled_id.empty()) {  // send one to a control
    controlled_id = history_.submissions()[0].declaration.declaration_id;
    Answer r = Call("POST", "/v1/declarations/" + controlled_id + "/reroute", "officer",
                    json({{"channel", "red"}, {"justification", "dashboard test"}}).dump());
    ASSERT_EQ(r.status, 200) << r.text;
    controlled_channel = "red";
  }
  Answer before = Call("GET", "/v1/dashboard", "analyst");
  ASSERT_EQ(before.status, 200) << before.text;
  EXPECT_EQ(before.body["from"], "2025-12-03");
  EXPECT_EQ(before.body["to"], "2026-01-01");
  const json& today = before.body["daily"].back();
  EXPECT_EQ(today["day"], "2026-01-01");
  int total = 0;
  for (const char* c : {"red", "yellow", "green", "blue"}) total += today[c].get<int>();
  EXPECT_EQ(total, 12);
  json c = Channel(before.body, controlled_channel);
  EXPECT_EQ(c["controlled"], 0);
  EXPECT_EQ(c["hit_rate"], 0.0);

  json result = {{"channel", controlled_channel}, {"inspected_at", "2026-01-01T12:00:00Z"},
                 {"result", "non_compliant"}, {"fraud_types", {"undervaluation"}}, {"additional_revenue", 1200.0},
                 {"seizure", false}};
  ASSERT_EQ(Call("POST", "/v1/declarations/" + controlled_id + "/inspection", "officer", result.dump()).status, 200);
  Answer after = Call("GET", "/v1/dashboard?from=2025-12-31&to=2026-01-01", "auditor");
  ASSERT_EQ(after.status, 200) << after.text;
  EXPECT_EQ(after.body["daily"].size(), 2u);
  c = Channel(after.body, controlled_channel);
  EXPECT_EQ(c["controlled"], 1);
  EXPECT_EQ(c["non_compliant"], 1);
  EXPECT_DOUBLE_EQ(c["hit_rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(c["revenue"].get<double>(), 1200.0);
  EXPECT_DOUBLE_EQ(after.body["revenue_recovered"].get<double>(), 1200.0);
  EXPECT_EQ(after.body["clearance_minutes"]["released"], 1);
  int64_t basis_controlled = 0;
  for (const json& b : after.body["bases"]) basis_controlled += b["controlled"].get<int64_t>();
  EXPECT_EQ(basis_controlled, 1);
  EXPECT_TRUE(after.body["top_rules"].is_array());

  Answer past = Call("GET", "/v1/dashboard?from=2025-01-01&to=2025-01-30", "admin");
  ASSERT_EQ(past.status, 200);
  EXPECT_TRUE(past.body["channels"].empty());
}

TEST_F(HttpInsightTest, BadDashboardPeriodsAreRefusedWithTheField) {
  Answer bad = Call("GET", "/v1/dashboard?from=2025-13-01", "analyst");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad), "invalid_value");
  EXPECT_EQ(bad.body["error"]["field"], "from");
  Answer reversed = Call("GET", "/v1/dashboard?from=2025-02-01&to=2025-01-01", "analyst");
  EXPECT_EQ(reversed.status, 400);
  EXPECT_EQ(reversed.body["error"]["field"], "to");
  Answer long_period = Call("GET", "/v1/dashboard?from=2000-01-01&to=2025-01-01", "analyst");
  EXPECT_EQ(long_period.status, 400);
  EXPECT_EQ(ErrorCode(long_period), "out_of_range");
}

TEST_F(HttpInsightTest, ModelsWithCurvesAndFeatureImportance) {
  EXPECT_EQ(Call("GET", "/v1/models", "officer").status, 403);
  EXPECT_EQ(Call("GET", "/v1/models", "integration").status, 403);
  Answer list = Call("GET", "/v1/models", "analyst");
  ASSERT_EQ(list.status, 200) << list.text;
  ASSERT_FALSE(list.body["models"].empty());
  const json& m = list.body["models"].back();
  for (const char* field : {"model_id", "created_at", "label", "trained_until", "training_rows", "active", "metrics"}) {
    EXPECT_TRUE(m.contains(field)) << field;
  }
  EXPECT_FALSE(m.contains("features"));
  int64_t id = m["model_id"];
  Answer detail = Call("GET", "/v1/models/" + std::to_string(id), "auditor");
  ASSERT_EQ(detail.status, 200) << detail.text;
  EXPECT_FALSE(detail.body["features"].empty());
  ASSERT_FALSE(detail.body["feature_importance"].empty());
  EXPECT_LE(detail.body["feature_importance"].size(), 30u);
  const json& top = detail.body["feature_importance"][0];
  EXPECT_GT(top["total_gain"].get<double>(), 0);
  EXPECT_FALSE(top["feature"].get<std::string>().empty());
  double previous = top["total_gain"];
  for (const json& f : detail.body["feature_importance"]) {
    EXPECT_LE(f["total_gain"].get<double>(), previous);
    previous = f["total_gain"];
  }
  ASSERT_EQ(detail.body["curves"].size(), 8u) << "validation measured at 1% to 50%";
  EXPECT_DOUBLE_EQ(detail.body["curves"][0]["inspection_rate"].get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(detail.body["curves"][7]["inspection_rate"].get<double>(), 0.5);
  for (const json& c : detail.body["curves"]) {
    for (const char* field : {"precision", "recall", "revenue_share"}) EXPECT_TRUE(c[field].is_number()) << field;
  }
  EXPECT_GE(detail.body["curves"][7]["recall"].get<double>(), detail.body["curves"][0]["recall"].get<double>());
  EXPECT_EQ(Call("GET", "/v1/models/999", "admin").status, 404);
  EXPECT_EQ(Call("GET", "/v1/models/abc", "admin").status, 404);
}

TEST_F(HttpInsightTest, DecisionsArePagedNewestFirstAndFiltered) {
  EXPECT_EQ(Call("GET", "/v1/declarations", "integration").status, 403);
  for (size_t i = 0; i < 5; ++i) {
    ASSERT_EQ(Call("POST", "/v1/declarations", "integration", SubmissionJson(i)).status, 201);
  }
  Answer all = Call("GET", "/v1/declarations?limit=3", "officer");
  ASSERT_EQ(all.status, 200) << all.text;
  ASSERT_EQ(all.body["decisions"].size(), 3u);
  for (const char* field : {"declaration_id", "decided_at", "office", "channel", "state", "risk", "expected_revenue",
                            "random"}) {
    EXPECT_TRUE(all.body["decisions"][0].contains(field)) << field;
  }
  EXPECT_TRUE(all.body.contains("next_before"));
  // The fixture's clock stands still: every decision has the same instant, so the next page is empty.
  Answer next = Call("GET", "/v1/declarations?before=" + all.body["next_before"].dump(), "officer");
  ASSERT_EQ(next.status, 200);
  EXPECT_TRUE(next.body["decisions"].empty());
  Answer everything = Call("GET", "/v1/declarations", "analyst");
  EXPECT_EQ(everything.body["decisions"].size(), 5u);
  std::string channel = everything.body["decisions"][0]["channel"];
  std::string office = everything.body["decisions"][0]["office"];
  Answer filtered = Call("GET", "/v1/declarations?channel=" + channel + "&office=" + office, "analyst");
  ASSERT_EQ(filtered.status, 200);
  ASSERT_FALSE(filtered.body["decisions"].empty());
  for (const json& d : filtered.body["decisions"]) {
    EXPECT_EQ(d["channel"], channel);
    EXPECT_EQ(d["office"], office);
  }
  EXPECT_TRUE(Call("GET", "/v1/declarations?office=NOWHERE", "analyst").body["decisions"].empty());
  for (const char* bad : {"limit=0", "limit=1001", "limit=x", "before=-5", "channel=purple", "state=lost"}) {
    Answer a = Call("GET", std::string("/v1/declarations?") + bad, "analyst");
    EXPECT_EQ(a.status, 400) << bad;
    EXPECT_FALSE(a.body["error"]["field"].get<std::string>().empty()) << bad;
  }
}

}  // namespace
}  // namespace aduana::server
