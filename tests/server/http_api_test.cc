// The HTTP API as a client sees it, on a free port: authentication and roles, every kind of bad input with its
// status and code, a declaration's whole path (submit, read, re-route, inspection), capacities, tokens,
// metrics, the audit trail, and the OpenAPI description listing exactly the routes served.
#include "server/http_api.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "../testing/run_command.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"
#include "api_fixture.h"

namespace aduana::server {
namespace {

using nlohmann::json;

class HttpApiTest : public ApiFixture {};

TEST_F(HttpApiTest, HealthIsOpenAndEverythingElseNeedsATokenAndTheRightRole) {
  EXPECT_EQ(Call("GET", "/health", "").status, 200);
  Answer no_token = Call("GET", "/v1/queue?office=X&channel=red", "");
  EXPECT_EQ(no_token.status, 401);
  EXPECT_EQ(ErrorCode(no_token), "unauthenticated");
  EXPECT_EQ(Call("GET", "/v1/queue?office=X&channel=red", "adu_not-a-real-token").status, 401);
  Answer wrong_role = Call("POST", "/v1/declarations", "officer", SubmissionJson(0));
  EXPECT_EQ(wrong_role.status, 403);
  EXPECT_EQ(ErrorCode(wrong_role), "forbidden");
  EXPECT_EQ(Call("PUT", "/v1/capacities/MX010", "analyst", R"({"red": 1, "yellow": 1, "blue": 1})").status, 403);
  EXPECT_EQ(Call("GET", "/v1/audit/verify", "officer").status, 403);
  EXPECT_EQ(Call("GET", "/v1/audit/verify", "auditor").status, 200);
  EXPECT_EQ(Call("POST", "/v1/tokens", "analyst", R"({"name": "x", "role": "admin"})").status, 403);
  Answer unknown = Call("GET", "/v1/nothing-here", "admin");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), "no_such_route");
}

TEST_F(HttpApiTest, BadInputGetsAClearErrorAndNothingIsWritten) {
  struct Case {
    std::string body;
    int status;
    const char* code;
  };
  json valid = json::parse(SubmissionJson(0));
  json unknown_field = valid, wrong_type = valid, bad_code = valid, unknown_importer = valid, missing = valid;
  unknown_field["colour"] = "red";
  wrong_type["customs_value"] = "a lot";
  bad_code["items"][0]["country_of_origin"] = "XX1";
  unknown_importer["importer_id"] = "NOBODY";
  missing.erase("customs_office");
  const Case cases[] = {
      {"{\"declaration_id\": ", 400, "malformed_json"},
      {unknown_field.dump(), 400, "unknown_field"},
      {wrong_type.dump(), 400, "wrong_type"},
      {bad_code.dump(), 400, "invalid_value"},
      {missing.dump(), 400, "missing_field"},
      {unknown_importer.dump(), 422, "unknown_reference"},
      {std::string(70 * 1024, ' '), 413, "body_too_large"},
  };
  for (const Case& c : cases) {
    Answer a = Call("POST", "/v1/declarations", "integration", c.body);
    EXPECT_EQ(a.status, c.status) << c.code << ": " << a.text;
    EXPECT_EQ(ErrorCode(a), c.code) << a.text;
  }
  EXPECT_EQ(Call("GET", "/v1/declarations/" + valid["declaration_id"].get<std::string>(), "officer").status, 404);
}

TEST_F(HttpApiTest, ADeclarationsWholePath) {
  const std::string id = history_.submissions()[0].declaration.declaration_id;
  Answer created = Call("POST", "/v1/declarations", "integration", SubmissionJson(0));
  ASSERT_EQ(created.status, 201) << created.text;
  EXPECT_EQ(created.body["declaration_id"], id);
  EXPECT_FALSE(created.body["explanation"].get<std::string>().empty());
  ASSERT_TRUE(created.body["reasons"].is_object()) << created.text;
  EXPECT_EQ(created.body["reasons"]["model"].size(), 5u);
  EXPECT_TRUE(created.body["reasons"]["rules"].is_array());
  Answer again = Call("POST", "/v1/declarations", "integration", SubmissionJson(0));
  EXPECT_EQ(again.body["reasons"], created.body["reasons"]) << "the stored decision, reasons and all";
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body["decided_at"], created.body["decided_at"]);
  json changed = json::parse(SubmissionJson(0));
  changed["packages"] = changed["packages"].get<int64_t>() + 1;
  Answer conflict = Call("POST", "/v1/declarations", "integration", changed.dump());
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(ErrorCode(conflict), "conflict");

  std::string channel = created.body["channel"];
  // Re-route to red (or to yellow if red already), then record the result.
  std::string to = channel == "red" ? "yellow" : "red";
  EXPECT_EQ(Call("POST", "/v1/declarations/" + id + "/reroute", "officer", R"({"channel": "red"})").status, 400);
  Answer rerouted = Call("POST", "/v1/declarations/" + id + "/reroute", "officer",
                         json({{"channel", to}, {"justification", "examiner's tip about hidden goods"}}).dump());
  ASSERT_EQ(rerouted.status, 200) << rerouted.text;
  json result = {{"channel", to},
                 {"inspected_at", "2026-01-01T12:00:00Z"},
                 {"result", "non_compliant"},
                 {"fraud_types", {"misclassification"}},
                 {"additional_revenue", 5400.0},
                 {"seizure", false},
                 {"notes", "goods are 8471.50, declared as 8471.30"},
                 {"confirmed", {"uv.log_ratio_hs6"}}};
  json with_bad = result;
  with_bad["disposition"] = "shred";
  EXPECT_EQ(Call("POST", "/v1/declarations/" + id + "/inspection", "officer", with_bad.dump()).status, 400);
  Answer recorded = Call("POST", "/v1/declarations/" + id + "/inspection", "officer", result.dump());
  ASSERT_EQ(recorded.status, 200) << recorded.text;
  EXPECT_EQ(recorded.body["state"], "released");
  Answer twice = Call("POST", "/v1/declarations/" + id + "/inspection", "officer", result.dump());
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(ErrorCode(twice), "illegal_transition");

  Answer view = Call("GET", "/v1/declarations/" + id, "auditor");
  ASSERT_EQ(view.status, 200) << view.text;
  EXPECT_EQ(view.body["declaration"]["items"].size(), history_.submissions()[0].items.size());
  std::vector<std::string> actions;
  for (const json& e : view.body["timeline"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"decided", "rerouted", "result_recorded", "released"}));
  Answer verify = Call("GET", "/v1/audit/verify", "auditor");
  EXPECT_EQ(verify.body["intact"], true);
  EXPECT_EQ(verify.body["entries"], 4);
}

TEST_F(HttpApiTest, CapacitiesQueuesTokensAndMetrics) {
  Answer set = Call("PUT", "/v1/capacities/MX010", "admin", R"({"red": 0, "yellow": 3, "blue": 1})");
  ASSERT_EQ(set.status, 200) << set.text;
  EXPECT_EQ(Call("GET", "/v1/capacities/MX010", "officer").body["yellow"], 3);
  EXPECT_EQ(Call("PUT", "/v1/capacities/MX010", "admin", R"({"red": -1, "yellow": 3, "blue": 1})").status, 400);
  EXPECT_EQ(Call("PUT", "/v1/capacities/MX010", "admin", R"({"red": "many", "yellow": 3, "blue": 1})").status, 400);
  for (size_t i = 0; i < 20; ++i) ASSERT_LT(Call("POST", "/v1/declarations", "integration", SubmissionJson(i)).status, 300);
  EXPECT_EQ(Call("GET", "/v1/queue?office=MX010&channel=purple", "officer").status, 400);
  EXPECT_EQ(Call("GET", "/v1/queue?office=MX010&channel=red&limit=0", "officer").status, 400);
  Answer queue = Call("GET", "/v1/queue?office=" + history_.submissions()[0].declaration.customs_office +
                                 "&channel=red&limit=100", "officer");
  ASSERT_EQ(queue.status, 200) << queue.text;
  for (const json& d : queue.body["decisions"]) EXPECT_EQ(d["channel"], "red");

  Answer token = Call("POST", "/v1/tokens", "admin", R"({"name": "new-officer", "role": "officer"})");
  ASSERT_EQ(token.status, 201) << token.text;
  tokens_["new"] = token.body["token"];
  EXPECT_EQ(Call("GET", "/v1/queue?office=MX010&channel=red", "new").status, 200);
  EXPECT_EQ(Call("POST", "/v1/tokens", "admin", R"({"name": "x", "role": "emperor"})").status, 400);

  Answer metrics = Call("GET", "/metrics", "analyst");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.text.find("aduana_decisions_total{channel=\"green\"}"), std::string::npos);
  EXPECT_NE(metrics.text.find("aduana_engine_seconds_count 20"), std::string::npos) << metrics.text;
  EXPECT_NE(metrics.text.find("aduana_queue_declarations{office="), std::string::npos);
  EXPECT_NE(metrics.text.find("aduana_http_request_seconds_bucket{route=\"submit\",le=\"+Inf\"} 20"),
            std::string::npos);
}

// Paths and methods of docs/api/openapi.yaml, read line by line: "  /path:" then "    get:" under "paths:".
std::set<std::string> OpenApiRoutes() {
  std::ifstream in(std::filesystem::path(ADUANA_SOURCE_DIR) / "docs" / "api" / "openapi.yaml");
  std::set<std::string> routes;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ' && line[0] != '#') break;  // the next top-level section
    if (line.size() > 3 && line.starts_with("  /") && line.back() == ':') path = line.substr(2, line.size() - 3);
    for (const char* method : {"get", "post", "put", "delete", "patch"}) {
      if (line == std::string("    ") + method + ":") {
        std::string upper(method);
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        routes.insert(upper + " " + path);
      }
    }
  }
  return routes;
}

std::string RuleSource(const std::string& condition) {
  return "rule R-HTTP-1 version 1\n  author \"ian\"\n  justification \"Heavy declared loads were found wrong\"\n"
         "  when " + condition + "\n  then channel red\n  instructions \"Weigh it.\"\nend\n";
}

TEST_F(HttpApiTest, AnAnalystDryRunsFixesAndActivatesARule) {
  json broken = {{"source", RuleSource("declaration.gross_mass_kg >> 100")}};
  EXPECT_EQ(Call("POST", "/v1/rules/dry-run", "officer", broken.dump()).status, 403);
  Answer refused = Call("POST", "/v1/rules/dry-run", "analyst", broken.dump());
  ASSERT_EQ(refused.status, 422) << refused.text;
  EXPECT_EQ(ErrorCode(refused), "rule_error");
  EXPECT_NE(refused.body["error"].value("message", "").find("rules:4:35:"), std::string::npos) << "line and column: " << refused.text;

  json fixed = {{"source", RuleSource("declaration.gross_mass_kg > 100")}, {"from", "2025-07-01"}};
  Answer run = Call("POST", "/v1/rules/dry-run", "analyst", fixed.dump());
  ASSERT_EQ(run.status, 200) << run.text;
  EXPECT_GT(run.body["declarations"].get<int64_t>(), 0);
  ASSERT_EQ(run.body["rules"].size(), 1u);
  EXPECT_EQ(run.body["rules"][0]["id"], "R-HTTP-1");
  EXPECT_GT(run.body["rules"][0]["selected"].get<int64_t>(), 0) << "most declarations weigh over 100 kg";
  EXPECT_EQ(Call("POST", "/v1/rules/dry-run", "analyst", json({{"source", "x"}, {"to", "soon"}}).dump()).status, 400);

  EXPECT_EQ(Call("POST", "/v1/rules/activate", "analyst", broken.dump()).status, 422);
  Answer activated = Call("POST", "/v1/rules/activate", "analyst", fixed.dump());
  ASSERT_EQ(activated.status, 200) << activated.text;
  EXPECT_EQ(activated.body["active"], 1);
  Answer listed = Call("GET", "/v1/rules", "auditor");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["rules"].size(), 1u);
  EXPECT_TRUE(listed.body["rules"][0]["active"].get<bool>());
  // The next decision uses it: a heavy declaration goes red by the rule.
  for (size_t i = 0; i < history_.submissions().size(); ++i) {
    if (history_.submissions()[i].declaration.gross_mass_kg <= 100) continue;
    Answer decided = Call("POST", "/v1/declarations", "integration", SubmissionJson(i));
    ASSERT_EQ(decided.status, 201) << decided.text;
    EXPECT_EQ(decided.body["channel"], "red");
    EXPECT_EQ(decided.body["basis"], "rule");
    ASSERT_EQ(decided.body["reasons"]["rules"].size(), 1u);
    EXPECT_EQ(decided.body["reasons"]["rules"][0]["id"], "R-HTTP-1");
    EXPECT_EQ(decided.body["reasons"]["rules"][0]["instructions"], "Weigh it.");
    {
      std::string rule_set = decided.body["rule_set"];
      auto store = OpenSqliteStore(history_.Db());
      ASSERT_TRUE(store.ok());
      absl::StatusOr<std::optional<std::string>> versions = (*store)->LoadRuleSet(rule_set);
      ASSERT_TRUE(versions.ok() && versions->has_value()) << rule_set;
      EXPECT_EQ(**versions, "R-HTTP-1@1");
    }
    // Its control's result moves the rule's live statistics at once.
    json result = {{"channel", "red"}, {"inspected_at", "2026-01-01T12:00:00Z"}, {"result", "non_compliant"},
                   {"fraud_types", {"quantity"}}, {"additional_revenue", 700.0}, {"seizure", false}};
    std::string id = decided.body["declaration_id"];
    ASSERT_EQ(Call("POST", "/v1/declarations/" + id + "/inspection", "officer", result.dump()).status, 200);
    Answer live = Call("GET", "/v1/rules", "analyst");
    ASSERT_EQ(live.status, 200);
    ASSERT_TRUE(live.body["rules"][0].contains("live")) << live.text;
    EXPECT_EQ(live.body["rules"][0]["live"]["selected"], 1);
    EXPECT_EQ(live.body["rules"][0]["live"]["controlled"], 1);
    EXPECT_EQ(live.body["rules"][0]["live"]["non_compliant"], 1);
    EXPECT_DOUBLE_EQ(live.body["rules"][0]["live"]["revenue"].get<double>(), 700.0);
    break;
  }
}

TEST_F(HttpApiTest, AdminListsAndRevokesTokens) {
  Answer made = Call("POST", "/v1/tokens", "admin", R"({"name": "old-portal", "role": "integration"})");
  ASSERT_EQ(made.status, 201);
  std::string token = made.body["token"];
  Answer listed = Call("GET", "/v1/tokens", "admin");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.text.find(token), std::string::npos) << "a token is never shown again";
  std::string prefix;
  for (const json& t : listed.body["tokens"]) {
    if (t["name"] == "old-portal") prefix = t["hash_prefix"];
  }
  ASSERT_EQ(prefix.size(), 16u);
  EXPECT_EQ(Call("GET", "/v1/tokens", "analyst").status, 403);
  EXPECT_EQ(Call("DELETE", "/v1/tokens/" + prefix, "officer").status, 403);
  EXPECT_EQ(Call("DELETE", "/v1/tokens/zz", "admin").status, 400);
  EXPECT_EQ(Call("DELETE", "/v1/tokens/ffffffffffffffffffffffff", "admin").status, 404);
  ASSERT_EQ(Call("DELETE", "/v1/tokens/" + prefix, "admin").status, 200);
  EXPECT_EQ(Call("DELETE", "/v1/tokens/" + prefix, "admin").status, 409) << "already revoked";
  EXPECT_EQ(Call("GET", "/v1/declarations/x", token).status, 401) << "a revoked token (never cached) is refused";
}

TEST_F(HttpApiTest, ATraderSeesTheGroundsOfItsOwnRatingOnly) {
  const std::string importer = history_.submissions()[0].declaration.importer_id;
  EXPECT_EQ(Call("GET", "/v1/traders/" + importer + "/rating", "").status, 401);
  Answer rating = Call("GET", "/v1/traders/" + importer + "/rating", "integration");
  ASSERT_EQ(rating.status, 200) << rating.text;
  EXPECT_EQ(rating.body["importer_id"], importer);
  EXPECT_TRUE(rating.body["risk_class"] == "low" || rating.body["risk_class"] == "medium" ||
              rating.body["risk_class"] == "high");
  EXPECT_GT(rating.body["grounds"]["declarations"].get<int64_t>(), 0);
  for (const DeclarationSubmission& s : history_.submissions()) {
    if (s.declaration.importer_id == importer) continue;
    EXPECT_EQ(rating.text.find(s.declaration.importer_id), std::string::npos) << "another trader's id";
  }
  EXPECT_EQ(Call("GET", "/v1/traders/NO-SUCH-TRADER/rating", "officer").status, 404);
}

TEST(OpenApi, DescribesExactlyTheRoutesServed) {
  std::set<std::string> served;
  for (const RouteSpec& r : ServedRoutes()) served.insert(r.method + " " + r.path);
  std::set<std::string> described = OpenApiRoutes();
  EXPECT_FALSE(described.empty());
  for (const std::string& r : served) EXPECT_TRUE(described.contains(r)) << r << " is served but not in openapi.yaml";
  for (const std::string& r : described) EXPECT_TRUE(served.contains(r)) << r << " is in openapi.yaml but not served";
}

}  // namespace
}  // namespace aduana::server
