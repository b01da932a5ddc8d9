#include "server/http_cargo.h"

#include "core/field_error.h"
#include "ingest/json_records.h"

namespace aduana::server {
namespace {

using nlohmann::json;

json SnapshotJson(const cargo::TransitSnapshot& s) {
  json j = ToJson(s.transit);
  j["arrived"] = s.arrived;
  j["progress"] = s.route_length_m > 0 ? std::min(1.0, s.along_m / s.route_length_m) : 0.0;
  if (s.has_fix) {
    j["last_fix"] = {{"at", FormatTimestamp(s.last_fix)}, {"lat", s.last_position.lat}, {"lon", s.last_position.lon}};
  }
  j["alerts"] = json::array();
  for (cargo::CargoAlertKind kind : s.raised) j["alerts"].push_back(std::string(cargo::CargoAlertKindName(kind)));
  return j;
}

json TimelineJson(const cargo::ConsignmentTimeline& t) {
  json j = {{"transit", ToJson(t.transit)}, {"timeline", json::array()}, {"track", json::array()}};
  for (const cargo::TimelineEntry& e : t.entries) {
    j["timeline"].push_back({{"at", FormatTimestamp(e.at)}, {"stage", e.stage}, {"what", e.what}});
  }
  for (const cargo::TrackPoint& p : t.track) {
    json point = {{"at", FormatTimestamp(p.at)}, {"lat", p.position.lat}, {"lon", p.position.lon}};
    if (p.speed_kmh >= 0) point["speed_kmh"] = p.speed_kmh;
    j["track"].push_back(std::move(point));
  }
  return j;
}

json AlertSummaryJson(const AlertRecord& a) {
  return {{"alert_id", a.alert_id}, {"detector", a.detector}, {"subject", a.subject},
          {"severity", a.severity}, {"evidence", a.evidence}};
}

class Routes {
 public:
  explicit Routes(CargoService& s) : s_(s) {}

  Reply SubmitEvents(const httplib::Request& req, const Principal& who) {
    if (req.body.empty()) return ErrorReply(400, "missing_body", "send tracking events, one JSON object a line");
    absl::StatusOr<EventBatchResult> r = s_.SubmitEvents(req.body, who);
    if (!r.ok()) return StatusReply(r.status());
    json rejected = json::array();
    for (const EventLineError& e : r->rejected) {
      rejected.push_back({{"line", e.line}, {"field", e.field}, {"code", e.code}, {"message", e.message}});
    }
    json alerts = json::array();
    for (const AlertRecord& a : r->alerts) alerts.push_back(AlertSummaryJson(a));
    return JsonReply(200, {{"received", r->received},
                           {"stored", r->stored},
                           {"unchanged", r->unchanged},
                           {"monitor",
                            {{"accepted", r->monitor.accepted},
                             {"duplicates", r->monitor.duplicates},
                             {"too_late", r->monitor.too_late},
                             {"no_transit", r->monitor.no_transit}}},
                           {"errors", !r->rejected.empty()},
                           {"rejected", rejected},
                           {"alerts", alerts}});
  }

  Reply RegisterTransit(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<Transit> transit = ParseTransitJson(req.body);
    if (!transit.ok()) return StatusReply(transit.status());
    absl::StatusOr<bool> created = s_.RegisterTransit(*transit, who);
    if (!created.ok()) return StatusReply(created.status());
    return JsonReply(*created ? 201 : 200, ToJson(*transit));
  }

  Reply RegisterRoute(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<RouteSubmission> route = ParseRouteJson(req.body);
    if (!route.ok()) return StatusReply(route.status());
    absl::StatusOr<bool> created = s_.RegisterRoute(*route, who);
    if (!created.ok()) return StatusReply(created.status());
    return JsonReply(*created ? 201 : 200, ToJson(route->route, route->zones));
  }

  Reply ListRoutes(const httplib::Request&, const Principal&) {
    absl::StatusOr<std::vector<RouteRecord>> routes = s_.Routes();
    if (!routes.ok()) return StatusReply(routes.status());
    json out = json::array();
    for (const RouteRecord& r : *routes) out.push_back(ToJson(r.route, r.zones));
    return JsonReply(200, {{"routes", out}});
  }

  Reply ListTransits(const httplib::Request&, const Principal&) {
    json out = json::array();
    for (const cargo::TransitSnapshot& s : s_.InFlight()) out.push_back(SnapshotJson(s));
    return JsonReply(200, {{"transits", out}});
  }

  Reply GetTransit(const httplib::Request& req, const Principal&) {
    const std::string id = req.matches[1].str();
    absl::StatusOr<std::optional<cargo::ConsignmentTimeline>> t = s_.Timeline(id);
    if (!t.ok()) return StatusReply(t.status());
    if (!*t) return ErrorReply(404, "not_found", "no transit " + id);
    return JsonReply(200, TimelineJson(**t));
  }

 private:
  CargoService& s_;
};

}  // namespace

std::vector<RouteSpec> CargoRoutes() {
  return {{"POST", "/v1/tracking/events"}, {"POST", "/v1/transits"}, {"GET", "/v1/transits"},
          {"GET", "/v1/transits/{id}"},    {"POST", "/v1/routes"},   {"GET", "/v1/routes"}};
}

void AddCargoRoutes(httplib::Server& server, CargoService& cargo, const RouteMaker& route) {
  auto routes = std::make_shared<Routes>(cargo);
  using P = Permission;
  auto bind = [&](P p, Reply (Routes::*method)(const httplib::Request&, const Principal&)) {
    return route(p, [routes, method](const httplib::Request& req, const Principal& who) {
      return ((*routes).*method)(req, who);
    });
  };
  server.Post("/v1/tracking/events", bind(P::kSubmitTracking, &Routes::SubmitEvents));
  server.Post("/v1/transits", bind(P::kSubmitTracking, &Routes::RegisterTransit));
  server.Get("/v1/transits", bind(P::kReadCargo, &Routes::ListTransits));
  server.Get(R"(/v1/transits/([^/]+))", bind(P::kReadCargo, &Routes::GetTransit));
  server.Post("/v1/routes", bind(P::kManageRoutes, &Routes::RegisterRoute));
  server.Get("/v1/routes", bind(P::kReadCargo, &Routes::ListRoutes));
}

}  // namespace aduana::server
