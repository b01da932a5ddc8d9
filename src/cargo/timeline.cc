#include "cargo/timeline.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "core/status_macros.h"
#include "core/time.h"

namespace aduana::cargo {
namespace {

constexpr UnixMillis kDay = 86'400'000;
// A transit's events are read up to this long after its deadline (a late arrival) and stop at its arrival.
constexpr UnixMillis kEventsAfterDeadline = 2 * kDay;

absl::Status AddDeclaration(Store& store, const Transit& transit, std::vector<TimelineEntry>* entries) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<DeclarationBundle> bundle, store.LoadDeclarationBundle(transit.declaration_id));
  if (!bundle) return absl::OkStatus();
  const Declaration& d = bundle->declaration;
  if (bundle->transport_document) {
    const TransportDocument& doc = *bundle->transport_document;
    entries->push_back({doc.arrived_at, "manifest",
                        absl::StrFormat("transport document %s (%s) of carrier %s arrived", doc.transport_document_id,
                                        doc.document_type, doc.carrier_id)});
  }
  entries->push_back({d.lodged_at, "declaration",
                      absl::StrFormat("declaration %s lodged by importer %s at office %s, %d item(s)",
                                      d.declaration_id, d.importer_id, d.customs_office, bundle->items.size())});
  ADUANA_ASSIGN_OR_RETURN(std::vector<AuditEntry> steps, store.AuditOf(d.declaration_id));
  for (const AuditEntry& step : steps) {
    entries->push_back({step.at, "clearance", absl::StrFormat("%s by %s", step.action, step.actor)});
  }
  return absl::OkStatus();
}

absl::Status AddDeviceEvents(Store& store, ConsignmentTimeline* timeline) {
  const Transit& t = timeline->transit;
  ADUANA_ASSIGN_OR_RETURN(std::vector<TrackingEvent> events,
                          store.DeviceEvents(t.device_id, t.departed_at, t.deadline + kEventsAfterDeadline));
  for (const TrackingEvent& e : events) {
    if (e.event_type == "position") {
      timeline->track.push_back({e.event_time, e.position, e.speed_kmh});
      continue;
    }
    if (e.event_type == "arrival") {
      timeline->entries.push_back({e.event_time, "arrival",
                                   absl::StrFormat("arrival reported at %.5f,%.5f%s", e.position.lat, e.position.lon,
                                                   e.event_time > t.deadline ? ", after the deadline" : "")});
      timeline->track.push_back({e.event_time, e.position, e.speed_kmh});
      break;
    }
    timeline->entries.push_back({e.event_time, "device",
                                 absl::StrFormat("%s at %.5f,%.5f, seal %s", e.event_type, e.position.lat,
                                                 e.position.lon, e.seal_status)});
    timeline->track.push_back({e.event_time, e.position, e.speed_kmh});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<ConsignmentTimeline>> TransitTimeline(Store& store, std::string_view transit_id) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<Transit> transit, store.LoadTransit(transit_id));
  if (!transit) return std::nullopt;
  ConsignmentTimeline timeline;
  timeline.transit = *transit;
  ADUANA_RETURN_IF_ERROR(AddDeclaration(store, *transit, &timeline.entries));
  timeline.entries.push_back(
      {transit->departed_at, "transit",
       absl::StrFormat("transit %s departed %s for %s on route %s with device %s; deadline %s", transit->transit_id,
                       transit->departure_office, transit->destination_office, transit->route_id, transit->device_id,
                       FormatTimestamp(transit->deadline))});
  ADUANA_RETURN_IF_ERROR(AddDeviceEvents(store, &timeline));
  AlertFilter filter;
  filter.subject = std::string(transit_id);
  ADUANA_ASSIGN_OR_RETURN(std::vector<AlertRecord> alerts, store.ListAlerts(filter));
  for (const AlertRecord& a : alerts) {
    if (a.subject_kind != "transit") continue;
    timeline.entries.push_back({a.raised_at, "alert",
                                absl::StrFormat("%s (%s, %s): %s", a.detector, a.severity, a.status, a.evidence)});
  }
  std::stable_sort(timeline.entries.begin(), timeline.entries.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  return timeline;
}

}  // namespace aduana::cargo
