#include "server/cargo_service.h"

#include "cargo/cargo_alerts.h"
#include "cargo/replay.h"
#include "core/field_error.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"
#include "xxhash.h"

namespace aduana::server {
namespace {

constexpr size_t kMaxLineBytes = 4096;

Fingerprint FingerprintOf(const nlohmann::json& record) {
  const std::string text = record.dump();
  return XXH3_64bits(text.data(), text.size());
}

struct ParsedLine {
  int64_t line = 0;
  std::string raw;
  TrackingEvent event;
};

// Splits the batch into parsed events and refused lines.
void ParseBatch(std::string_view ndjson, std::vector<ParsedLine>* events, EventBatchResult* result,
                std::vector<QuarantinedRow>* quarantine, const std::string& source) {
  int64_t line = 0;
  while (!ndjson.empty()) {
    const size_t end = ndjson.find('\n');
    std::string_view text = ndjson.substr(0, end);
    ndjson.remove_prefix(end == std::string_view::npos ? ndjson.size() : end + 1);
    ++line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    ++result->received;
    absl::StatusOr<TrackingEvent> event =
        text.size() > kMaxLineBytes
            ? absl::StatusOr<TrackingEvent>(FieldError("", "line_too_long",
                                                       "a line is longer than " + std::to_string(kMaxLineBytes) +
                                                           " bytes"))
            : ParseTrackingEventJson(text);
    if (event.ok()) {
      events->push_back({line, std::string(text), *std::move(event)});
      continue;
    }
    EventLineError error{line, ErrorField(event.status()), ErrorCode(event.status()),
                         std::string(event.status().message())};
    QuarantinedRow row;
    row.file = source;
    row.line = line;
    row.entity = "tracking_events";
    row.field = error.field;
    row.reason = error.message;
    row.raw = std::string(text.substr(0, kMaxLineBytes));
    row.raw_size = static_cast<int64_t>(text.size());
    quarantine->push_back(std::move(row));
    result->rejected.push_back(std::move(error));
  }
}

}  // namespace

CargoService::CargoService(ClearanceService& clearance, CargoOptions options)
    : clearance_(clearance), options_(options), monitor_(options.monitor) {}

absl::StatusOr<Store*> CargoService::Reader() {
  if (!reader_) {
    ADUANA_ASSIGN_OR_RETURN(reader_, OpenSqliteStore(clearance_.db_path()));
  }
  return reader_.get();
}

absl::Status CargoService::Start() {
  const UnixMillis now = clearance_.Now();
  const UnixMillis since = now - options_.lookback;
  std::lock_guard reader_lock(reader_mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  std::lock_guard lock(monitor_mutex_);
  ADUANA_RETURN_IF_ERROR(cargo::LoadMonitor(*store, since, INT64_MAX, &monitor_));
  UnixMillis tick = since;
  ADUANA_RETURN_IF_ERROR(store->ScanTrackingEvents(since, now + 1, [&](const TrackingEvent& e) {
    for (; tick <= e.event_time; tick += cargo::kMinuteMs) monitor_.AdvanceTo(tick);
    monitor_.Offer(e);
    return absl::OkStatus();
  }));
  monitor_.AdvanceTo(now);
  // Alerts raised again by the rebuild are stored already (one per detector, transit and week): PutAlert keeps
  // the stored ones and their workflow.
  std::vector<cargo::CargoAlert> alerts = monitor_.TakeAlerts();
  return StoreAlerts(alerts).status();
}

absl::StatusOr<std::vector<AlertRecord>> CargoService::StoreAlerts(const std::vector<cargo::CargoAlert>& alerts) {
  std::vector<AlertRecord> records;
  std::vector<profile::TransitIncident> incidents;
  if (alerts.empty()) return records;
  const absl::Status written = clearance_.Write([&](Store& store) -> absl::Status {
    records.clear();
    incidents.clear();
    for (const cargo::CargoAlert& alert : alerts) {
      AlertRecord record = cargo::ToAlertRecord(alert);
      ADUANA_ASSIGN_OR_RETURN(bool added, store.PutAlert(&record));
      if (added && record.severity == "high") {
        ADUANA_ASSIGN_OR_RETURN(std::optional<DeclarationBundle> bundle,
                                store.LoadDeclarationBundle(alert.declaration_id));
        if (bundle) {
          incidents.push_back({alert.raised_at, bundle->declaration.importer_id,
                               bundle->transport_document ? bundle->transport_document->carrier_id : "",
                               record.detector + " on transit " + alert.transit_id});
        }
      }
      records.push_back(std::move(record));
    }
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  // The profiles count a new serious incident at once (a restart reads it back from the store).
  for (const profile::TransitIncident& incident : incidents) clearance_.LearnTransitIncident(incident);
  return records;
}

absl::StatusOr<EventBatchResult> CargoService::SubmitEvents(std::string_view ndjson, const Principal& who) {
  EventBatchResult result;
  std::vector<ParsedLine> lines;
  std::vector<QuarantinedRow> quarantine;
  const UnixMillis now = clearance_.Now();
  const std::string source = "api:/v1/tracking/events " + FormatTimestamp(now) + " " + who.name;
  ParseBatch(ndjson, &lines, &result, &quarantine, source);
  if (static_cast<size_t>(result.received) > options_.max_events_per_batch) {
    return FieldError("", "too_many_items",
                      "more than " + std::to_string(options_.max_events_per_batch) + " events in one batch");
  }
  // The job may run again if its group's transaction fails: it starts afresh each time.
  std::vector<ParsedLine> stored;
  std::vector<EventLineError> refused;
  const absl::Status written = clearance_.Write([&](Store& store) -> absl::Status {
    stored.clear();
    refused.clear();
    result.stored = result.unchanged = 0;
    std::vector<QuarantinedRow> rows = quarantine;
    auto refuse = [&](const ParsedLine& p, std::string field, std::string code, std::string message) {
      rows.push_back({0, source, p.line, "tracking_events", field, message, p.raw, static_cast<int64_t>(p.raw.size())});
      refused.push_back({p.line, std::move(field), std::move(code), std::move(message)});
    };
    for (const ParsedLine& p : lines) {
      ADUANA_ASSIGN_OR_RETURN(bool fitted, store.HasDevice(p.event.device_id));
      if (!fitted) {
        refuse(p, "device_id", "unknown_reference", "device " + p.event.device_id + " is fitted to no registered transit");
        continue;
      }
      ADUANA_ASSIGN_OR_RETURN(PutResult put, store.Put(p.event, FingerprintOf(ToJson(p.event))));
      if (put == PutResult::kConflict) {
        refuse(p, "", "conflict", "an event of this device, time and type is stored with other content");
        continue;
      }
      (put == PutResult::kInserted ? result.stored : result.unchanged) += 1;
      stored.push_back(p);
    }
    for (const QuarantinedRow& row : rows) ADUANA_RETURN_IF_ERROR(store.Quarantine(row));
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  result.rejected.insert(result.rejected.end(), refused.begin(), refused.end());
  std::sort(result.rejected.begin(), result.rejected.end(),
            [](const EventLineError& a, const EventLineError& b) { return a.line < b.line; });
  std::vector<cargo::CargoAlert> raised;
  {
    std::lock_guard lock(monitor_mutex_);
    for (const ParsedLine& p : stored) {
      switch (monitor_.Offer(p.event)) {
        case cargo::EventVerdict::kAccepted: ++result.monitor.accepted; break;
        case cargo::EventVerdict::kDuplicate: ++result.monitor.duplicates; break;
        case cargo::EventVerdict::kTooLate: ++result.monitor.too_late; break;
        case cargo::EventVerdict::kNoTransit: ++result.monitor.no_transit; break;
      }
    }
    monitor_.AdvanceTo(now);
    raised = monitor_.TakeAlerts();
  }
  ADUANA_ASSIGN_OR_RETURN(result.alerts, StoreAlerts(raised));
  return result;
}

absl::StatusOr<bool> CargoService::RegisterTransit(const Transit& transit, const Principal&) {
  PutResult put = PutResult::kUnknownReference;
  const absl::Status written = clearance_.Write([&](Store& store) -> absl::Status {
    ADUANA_ASSIGN_OR_RETURN(bool declared, store.HasDeclaration(transit.declaration_id));
    if (!declared) {
      return FieldError("declaration_id", "unknown_reference", "no declaration " + transit.declaration_id);
    }
    ADUANA_ASSIGN_OR_RETURN(bool routed, store.HasRoute(transit.route_id));
    if (!routed) return FieldError("route_id", "unknown_reference", "no route " + transit.route_id);
    ADUANA_ASSIGN_OR_RETURN(put, store.Put(transit, FingerprintOf(ToJson(transit))));
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  if (put == PutResult::kConflict) {
    return absl::AlreadyExistsError("transit " + transit.transit_id + " is registered with other content");
  }
  if (put != PutResult::kInserted) return false;
  std::lock_guard lock(monitor_mutex_);
  ADUANA_RETURN_IF_ERROR(monitor_.AddTransit(transit));
  return true;
}

absl::StatusOr<bool> CargoService::RegisterRoute(const RouteSubmission& route, const Principal&) {
  bool created = false;
  const absl::Status written = clearance_.Write([&](Store& store) -> absl::Status {
    ADUANA_ASSIGN_OR_RETURN(PutResult put, store.Put(route.route, FingerprintOf(ToJson(route.route, route.zones))));
    if (put == PutResult::kConflict) {
      return absl::AlreadyExistsError("route " + route.route.route_id +
                                      " is approved with another course: approve the new one under a new id");
    }
    created = put == PutResult::kInserted;
    if (!created) return absl::OkStatus();
    for (const StopZone& zone : route.zones) {
      const nlohmann::json content = {{"route_id", zone.route_id}, {"zone_id", zone.zone_id},
                                      {"lat", zone.centre.lat},    {"lon", zone.centre.lon},
                                      {"radius_m", zone.radius_m}, {"max_stop_minutes", zone.max_stop_minutes}};
      ADUANA_ASSIGN_OR_RETURN(PutResult zone_put, store.Put(zone, FingerprintOf(content)));
      (void)zone_put;  // new with its route
    }
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  if (!created) return false;
  std::lock_guard lock(monitor_mutex_);
  ADUANA_RETURN_IF_ERROR(monitor_.AddRoute(route.route, route.zones));
  return true;
}

absl::StatusOr<std::vector<RouteRecord>> CargoService::Routes() {
  std::lock_guard lock(reader_mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return store->LoadRoutes();
}

std::vector<cargo::TransitSnapshot> CargoService::InFlight() {
  std::lock_guard lock(monitor_mutex_);
  return monitor_.InFlight();
}

absl::StatusOr<std::optional<cargo::ConsignmentTimeline>> CargoService::Timeline(std::string_view transit_id) {
  std::lock_guard lock(reader_mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return cargo::TransitTimeline(*store, transit_id);
}

absl::StatusOr<std::vector<AlertRecord>> CargoService::Tick() {
  std::vector<cargo::CargoAlert> raised;
  {
    std::lock_guard lock(monitor_mutex_);
    monitor_.AdvanceTo(clearance_.Now());
    raised = monitor_.TakeAlerts();
  }
  return StoreAlerts(raised);
}

}  // namespace aduana::server
