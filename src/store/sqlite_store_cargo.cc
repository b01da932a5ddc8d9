// The SQLite store's reads for cargo monitoring: routes with their stop zones, transits, and tracking events
// in event-time order.
#include <string>

#include "core/status_macros.h"
#include "store/sqlite_store_internal.h"

namespace aduana::sqlite {
namespace {

constexpr const char* kTransitColumns =
    "transit_id, declaration_id, departure_office, destination_office, route_id, device_id, departed_at, deadline";

Transit ReadTransit(const Statement& q) {
  Transit t;
  t.transit_id = q.Text(0);
  t.declaration_id = q.Text(1);
  t.departure_office = q.Text(2);
  t.destination_office = q.Text(3);
  t.route_id = q.Text(4);
  t.device_id = q.Text(5);
  t.departed_at = q.Int(6);
  t.deadline = q.Int(7);
  return t;
}

constexpr const char* kEventColumns = "device_id, event_time, event_type, lat, lon, speed_kmh, seal_status";

TrackingEvent ReadEvent(const Statement& q) {
  TrackingEvent e;
  e.device_id = q.Text(0);
  e.event_time = q.Int(1);
  e.event_type = q.Text(2);
  e.position = {q.Double(3), q.Double(4)};
  e.speed_kmh = q.IsNull(5) ? -1 : q.Double(5);
  e.seal_status = q.Text(6);
  return e;
}

}  // namespace

absl::StatusOr<std::vector<RouteRecord>> SqliteStore::LoadRoutes() {
  std::vector<RouteRecord> routes;
  {
    ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                            db_.Cached("SELECT route_id, name, tolerance_m, polyline FROM routes ORDER BY route_id"));
    while (true) {
      ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      RouteRecord record;
      record.route.route_id = q->Text(0);
      record.route.name = q->Text(1);
      record.route.tolerance_m = q->Double(2);
      if (std::string why = ParsePolyline(q->Text(3), &record.route.polyline); !why.empty()) {
        return absl::DataLossError("route " + record.route.route_id + ": stored polyline unreadable: " + why);
      }
      routes.push_back(std::move(record));
    }
  }
  ADUANA_ASSIGN_OR_RETURN(StatementLease zones,
                          db_.Cached("SELECT route_id, zone_id, lat, lon, radius_m, max_stop_minutes "
                                     "FROM route_stop_zones ORDER BY route_id, zone_id"));
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, zones->Step());
    if (!row) break;
    StopZone zone;
    zone.route_id = zones->Text(0);
    zone.zone_id = zones->Text(1);
    zone.centre = {zones->Double(2), zones->Double(3)};
    zone.radius_m = zones->Double(4);
    zone.max_stop_minutes = static_cast<int>(zones->Int(5));
    for (RouteRecord& route : routes) {
      if (route.route.route_id == zone.route_id) route.zones.push_back(zone);
    }
  }
  return routes;
}

absl::StatusOr<std::vector<Transit>> SqliteStore::LoadTransits(UnixMillis from, UnixMillis until) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kTransitColumns +
                                     " FROM transits WHERE departed_at >= ? AND departed_at < ?"
                                     " ORDER BY departed_at, transit_id"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  return ReadAll<Transit>(*q, ReadTransit);
}

absl::StatusOr<std::optional<Transit>> SqliteStore::LoadTransit(std::string_view transit_id) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kTransitColumns +
                                                       " FROM transits WHERE transit_id = ?"));
  q->Bind(1, transit_id);
  ADUANA_ASSIGN_OR_RETURN(std::vector<Transit> rows, ReadAll<Transit>(*q, ReadTransit));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

absl::StatusOr<std::vector<Transit>> SqliteStore::TransitsOfDeclaration(std::string_view declaration_id) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kTransitColumns +
                                                       " FROM transits WHERE declaration_id = ? ORDER BY departed_at"));
  q->Bind(1, declaration_id);
  return ReadAll<Transit>(*q, ReadTransit);
}

absl::Status SqliteStore::ScanTrackingEvents(UnixMillis from, UnixMillis until, const TrackingEventVisitor& visit) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kEventColumns +
                                     " FROM tracking_events WHERE event_time >= ? AND event_time < ?"
                                     " ORDER BY event_time, device_id, event_type"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return absl::OkStatus();
    ADUANA_RETURN_IF_ERROR(visit(ReadEvent(*q)));
  }
}

absl::StatusOr<std::vector<TrackingEvent>> SqliteStore::DeviceEvents(std::string_view device_id, UnixMillis from,
                                                                     UnixMillis until) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kEventColumns +
                                     " FROM tracking_events WHERE device_id = ? AND event_time >= ? AND event_time < ?"
                                     " ORDER BY event_time, event_type"));
  q->Bind(1, device_id).Bind(2, int64_t{from}).Bind(3, int64_t{until});
  return ReadAll<TrackingEvent>(*q, ReadEvent);
}

absl::StatusOr<std::vector<StoredTransitIncident>> SqliteStore::LoadTransitIncidents() {
  // A cargo alert names one declaration (cargo/cargo_alerts.h).
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease q,
      db_.Cached("SELECT a.raised_at, a.detector, a.subject, d.importer_id, coalesce(t.carrier_id, '') "
                 "FROM alerts a JOIN declarations d ON d.declaration_id = a.declarations "
                 "LEFT JOIN transport_documents t ON t.transport_document_id = d.transport_document_id "
                 "WHERE a.subject_kind = 'transit' AND a.severity = 'high' AND a.status != 'dismissed' "
                 "ORDER BY a.raised_at, a.alert_id"));
  return ReadAll<StoredTransitIncident>(*q, [](const Statement& r) {
    return StoredTransitIncident{r.Int(0), std::string(r.Text(1)), std::string(r.Text(2)), std::string(r.Text(3)),
                                 std::string(r.Text(4))};
  });
}

}  // namespace aduana::sqlite
