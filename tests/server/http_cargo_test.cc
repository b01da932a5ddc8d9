// The cargo monitoring routes as the clearance system, officers and analysts see them: approving a route,
// registering a transit, tracking events in NDJSON batches (each bad line refused with its line, field and
// reason, and kept), the alerts they raise, the transits in flight and a consignment's timeline; who may do
// what; and a restarted API that resumes from the store.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace aduana::server {
namespace {

constexpr UnixMillis kMinute = 60'000;

class HttpCargoTest : public ApiFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiFixture::SetUp());
    declaration_ = history_.submissions()[0].declaration.declaration_id;
    declaration_.resize(declaration_.size() - 4);  // the generated declaration, without "-NEW"
  }

  static std::string RouteJson(double tolerance = 1000) {
    json route = {{"route_id", "RT-N"},
                  {"name", "North corridor"},
                  {"tolerance_m", tolerance},
                  {"polyline", "19.000000 -99.000000;19.500000 -99.000000;20.000000 -99.000000"},
                  {"stop_zones", {{{"zone_id", "Z1"}, {"lat", 19.5}, {"lon", -99.0}, {"radius_m", 800},
                                   {"max_stop_minutes", 45}}}}};
    return route.dump();
  }
  std::string TransitJson(const std::string& declaration) const {
    return json({{"transit_id", "TX-1"},
                 {"declaration_id", declaration},
                 {"departure_office", "MX430"},
                 {"destination_office", "MX200"},
                 {"route_id", "RT-N"},
                 {"device_id", "DEV-1"},
                 {"departed_at", FormatTimestamp(testing::kNow - 60 * kMinute)},
                 {"deadline", FormatTimestamp(testing::kNow + 180 * kMinute)}})
        .dump();
  }
  static std::string EventLine(int minutes_before_now, double lat, const std::string& type = "position",
                               const std::string& device = "DEV-1") {
    return json({{"device_id", device},
                 {"event_time", FormatTimestamp(testing::kNow - minutes_before_now * kMinute)},
                 {"lat", lat},
                 {"lon", -99.0},
                 {"speed_kmh", 60},
                 {"event_type", type},
                 {"seal_status", type == "seal_opened" ? "open" : "closed"}})
               .dump() +
           "\n";
  }
  void RegisterRouteAndTransit() {
    ASSERT_EQ(Call("POST", "/v1/routes", "admin", RouteJson()).status, 201);
    Answer t = Call("POST", "/v1/transits", "integration", TransitJson(declaration_));
    ASSERT_EQ(t.status, 201) << t.text;
  }

  std::string declaration_;
};

TEST_F(HttpCargoTest, EachRoleSeesAndDoesOnlyWhatItsWorkNeeds) {
  EXPECT_EQ(Call("GET", "/v1/transits", "").status, 401);
  for (const char* role : {"integration", "auditor"}) EXPECT_EQ(Call("GET", "/v1/transits", role).status, 403) << role;
  for (const char* role : {"officer", "analyst", "admin"}) {
    EXPECT_EQ(Call("GET", "/v1/transits", role).status, 200) << role;
    EXPECT_EQ(Call("GET", "/v1/routes", role).status, 200) << role;
  }
  for (const char* role : {"officer", "analyst", "integration"}) {
    EXPECT_EQ(Call("POST", "/v1/routes", role, RouteJson()).status, 403) << role;
  }
  EXPECT_EQ(Call("POST", "/v1/tracking/events", "officer", EventLine(5, 19.1)).status, 403);
  EXPECT_EQ(Call("POST", "/v1/transits", "analyst", TransitJson(declaration_)).status, 403);
}

TEST_F(HttpCargoTest, RoutesAndTransitsAreRegisteredOnceAndBadOnesRefused) {
  ASSERT_EQ(Call("POST", "/v1/routes", "admin", RouteJson()).status, 201);
  EXPECT_EQ(Call("POST", "/v1/routes", "admin", RouteJson()).status, 200) << "the same route again";
  Answer moved = Call("POST", "/v1/routes", "admin", RouteJson(2000));
  EXPECT_EQ(moved.status, 409) << "an approved route is never changed";
  Answer one_point = Call("POST", "/v1/routes", "admin",
                          R"({"route_id":"RT-X","name":"x","tolerance_m":500,"polyline":"19.0 -99.0"})");
  EXPECT_EQ(one_point.status, 400);
  EXPECT_EQ(one_point.body["error"]["field"], "polyline");
  Answer routes = Call("GET", "/v1/routes", "officer");
  bool listed = false;
  for (const json& r : routes.body["routes"]) listed |= r["route_id"] == "RT-N" && r["stop_zones"].size() == 1;
  EXPECT_TRUE(listed) << routes.text;

  EXPECT_EQ(Call("POST", "/v1/transits", "integration", TransitJson(declaration_)).status, 201);
  EXPECT_EQ(Call("POST", "/v1/transits", "integration", TransitJson(declaration_)).status, 200);
  Answer unknown = Call("POST", "/v1/transits", "integration", TransitJson("D-NOT-LODGED"));
  EXPECT_EQ(unknown.status, 422) << unknown.text;
  EXPECT_EQ(unknown.body["error"]["field"], "declaration_id");
  json backwards = json::parse(TransitJson(declaration_));
  backwards["transit_id"] = "TX-2";
  backwards["deadline"] = backwards["departed_at"];
  EXPECT_EQ(Call("POST", "/v1/transits", "integration", backwards.dump()).status, 400);
  EXPECT_EQ(Call("POST", "/v1/transits", "integration", "{not json").status, 400);
}

TEST_F(HttpCargoTest, EventsAreStoredMonitoredAndTheirAlertsAnswered) {
  ASSERT_NO_FATAL_FAILURE(RegisterRouteAndTransit());
  std::string batch = EventLine(50, 19.05) + EventLine(40, 19.22) + EventLine(30, 19.38) +
                      EventLine(29, 19.38, "seal_opened");
  Answer r = Call("POST", "/v1/tracking/events", "integration", batch);
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["received"], 4);
  EXPECT_EQ(r.body["stored"], 4);
  EXPECT_EQ(r.body["errors"], false);
  ASSERT_EQ(r.body["alerts"].size(), 1u) << r.text;
  EXPECT_EQ(r.body["alerts"][0]["detector"], "cargo.seal_opened");
  EXPECT_EQ(r.body["alerts"][0]["subject"], "TX-1");

  Answer alerts = Call("GET", "/v1/alerts?detector=cargo.seal_opened", "analyst");
  ASSERT_EQ(alerts.body["alerts"].size(), 1u) << alerts.text;
  EXPECT_EQ(alerts.body["alerts"][0]["declarations"][0], declaration_);

  Answer in_flight = Call("GET", "/v1/transits", "officer");
  ASSERT_EQ(in_flight.body["transits"].size(), 1u) << in_flight.text;
  const json& tx = in_flight.body["transits"][0];
  EXPECT_EQ(tx["transit_id"], "TX-1");
  EXPECT_EQ(tx["alerts"], json::array({"seal_opened"}));
  EXPECT_TRUE(tx.contains("last_fix")) << tx.dump();
  EXPECT_GT(tx["progress"].get<double>(), 0.0);

  Answer timeline = Call("GET", "/v1/transits/TX-1", "analyst");
  ASSERT_EQ(timeline.status, 200) << timeline.text;
  EXPECT_EQ(timeline.body["track"].size(), 4u);
  std::vector<std::string> stages;
  for (const json& e : timeline.body["timeline"]) stages.push_back(e["stage"]);
  EXPECT_NE(std::find(stages.begin(), stages.end(), "declaration"), stages.end());
  EXPECT_NE(std::find(stages.begin(), stages.end(), "device"), stages.end());
  EXPECT_NE(std::find(stages.begin(), stages.end(), "alert"), stages.end());
  EXPECT_EQ(Call("GET", "/v1/transits/TX-NONE", "analyst").status, 404);

  Answer again = Call("POST", "/v1/tracking/events", "integration", EventLine(50, 19.05));
  EXPECT_EQ(again.body["unchanged"], 1) << "a resent event is stored once";
  EXPECT_EQ(again.body["monitor"]["too_late"], 1) << again.text;
}

TEST_F(HttpCargoTest, EachBadLineIsRefusedWithItsLineAndKeptTheRestStored) {
  ASSERT_NO_FATAL_FAILURE(RegisterRouteAndTransit());
  std::string batch = EventLine(50, 19.05) +                                         // 1: good
                      "{\"device_id\": \"DEV-1\", \"event_time\": \n" +               // 2: malformed
                      EventLine(45, 95.0) +                                           // 3: latitude
                      EventLine(44, 19.1, "teleported") +                             // 4: event type
                      "\n" +                                                          // 5: blank, skipped
                      EventLine(43, 19.1, "position", "DEV-STRANGER") +               // 6: unknown device
                      EventLine(50, 19.06) +                                          // 7: contradicts 1
                      EventLine(40, 19.2);                                            // 8: good
  Answer r = Call("POST", "/v1/tracking/events", "integration", batch);
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["received"], 7);
  EXPECT_EQ(r.body["stored"], 2);
  EXPECT_EQ(r.body["errors"], true);
  std::map<int, std::pair<std::string, std::string>> refused;  // line -> field, code
  for (const json& e : r.body["rejected"]) refused[e["line"]] = {e["field"], e["code"]};
  ASSERT_EQ(refused.size(), 5u) << r.text;
  EXPECT_EQ(refused[2].second, "malformed_json");
  EXPECT_EQ(refused[3].first, "lat");
  EXPECT_EQ(refused[4].first, "event_type");
  EXPECT_EQ(refused[6], std::make_pair(std::string("device_id"), std::string("unknown_reference")));
  EXPECT_EQ(refused[7].second, "conflict");

  auto store = OpenSqliteStore(history_.Db());
  ASSERT_TRUE(store.ok());
  auto kept = (*store)->ListQuarantine(0);
  ASSERT_TRUE(kept.ok());
  std::set<int64_t> lines;
  for (const QuarantinedRow& row : *kept) {
    if (row.entity == "tracking_events") lines.insert(row.line);
  }
  EXPECT_EQ(lines, (std::set<int64_t>{2, 3, 4, 6, 7})) << "every refused line is kept";

  EXPECT_EQ(Call("POST", "/v1/tracking/events", "integration", "").status, 400);
}

TEST_F(HttpCargoTest, ARestartedApiRebuildsItsMonitorFromTheStore) {
  ASSERT_NO_FATAL_FAILURE(RegisterRouteAndTransit());
  ASSERT_EQ(Call("POST", "/v1/tracking/events", "integration", EventLine(50, 19.05) + EventLine(40, 19.22) +
                                                                   EventLine(39, 19.22, "seal_opened"))
                .status,
            200);
  api_->Stop();
  serving_.join();
  HttpOptions http;
  http.port = 0;
  http.threads = 2;
  api_ = std::make_unique<HttpApi>(*service_, http);
  absl::StatusOr<int> port = api_->Bind();
  ASSERT_TRUE(port.ok()) << port.status();
  port_ = *port;
  serving_ = std::thread([this] { api_->Serve(); });

  Answer in_flight = Call("GET", "/v1/transits", "officer");
  ASSERT_EQ(in_flight.body["transits"].size(), 1u) << in_flight.text;
  EXPECT_EQ(in_flight.body["transits"][0]["alerts"], json::array({"seal_opened"}));
  EXPECT_EQ(in_flight.body["transits"][0]["last_fix"]["lat"], 19.22);
  Answer alerts = Call("GET", "/v1/alerts?detector=cargo.seal_opened", "analyst");
  EXPECT_EQ(alerts.body["alerts"].size(), 1u) << "the rebuild raises the alert again but stores it once";
}

}  // namespace
}  // namespace aduana::server
