#include "cargo/cargo_alerts.h"

#include "absl/strings/str_format.h"
#include "core/status_macros.h"

namespace aduana::cargo {
namespace {

// The Monday of the week holding `t` (1970-01-01 was a Thursday).
EpochDay MondayOf(UnixMillis t) {
  const EpochDay day = DayOf(t);
  return day - ((day + 3) % 7 + 7) % 7;
}

}  // namespace

AlertRecord ToAlertRecord(const CargoAlert& alert) {
  AlertRecord record;
  record.detector = std::string(kDetectorPrefix).append(CargoAlertKindName(alert.kind));
  record.subject_kind = "transit";
  record.subject = alert.transit_id;
  record.week = MondayOf(alert.event_time);
  record.severity = alert.severity;
  record.observed = alert.observed;
  record.baseline = alert.limit;
  record.evidence = absl::StrFormat("%s; device %s, route %s, last position %.5f,%.5f", alert.evidence,
                                    alert.device_id, alert.route_id, alert.where.lat, alert.where.lon);
  record.declarations = {alert.declaration_id};
  record.raised_at = alert.raised_at;
  record.status_at = alert.raised_at;
  return record;
}

absl::StatusOr<int64_t> StoreCargoAlerts(Store& store, const std::vector<CargoAlert>& alerts) {
  int64_t stored = 0;
  for (const CargoAlert& alert : alerts) {
    AlertRecord record = ToAlertRecord(alert);
    ADUANA_ASSIGN_OR_RETURN(bool added, store.PutAlert(&record));
    stored += added ? 1 : 0;
  }
  return stored;
}

}  // namespace aduana::cargo
