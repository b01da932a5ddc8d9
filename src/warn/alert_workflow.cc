#include "warn/alert_workflow.h"

#include <string>

#include "core/field_error.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"

namespace aduana::warn {
namespace {

constexpr size_t kMaxNote = 4000;

bool Final(std::string_view status) { return status == "resolved" || status == "dismissed"; }

}  // namespace

bool IsAlertStatus(std::string_view status) {
  return status == "new" || status == "acknowledged" || Final(status);
}

bool AlertMoveAllowed(std::string_view from, std::string_view to) {
  if (from == "new") return to == "acknowledged" || Final(to);
  if (from == "acknowledged") return Final(to);
  return false;
}

AlertRecord ToRecord(const Alert& a, UnixMillis raised_at) {
  AlertRecord r;
  r.detector = a.detector;
  r.subject_kind = a.subject_kind;
  r.subject = a.subject;
  r.week = FirstDayOf(a.week);
  r.severity = std::string(SeverityName(a.severity));
  r.observed = a.observed;
  r.baseline = a.baseline;
  r.spread = a.spread;
  r.baseline_weeks = a.baseline_weeks;
  r.evidence = a.evidence;
  r.declarations = a.declarations;
  r.suggested_rule = a.suggested_rule;
  r.raised_at = raised_at;
  r.status = "new";
  r.status_at = raised_at;
  return r;
}

absl::StatusOr<StoredAlerts> StoreAlerts(Store& store, const std::vector<Alert>& alerts, UnixMillis raised_at) {
  StoredAlerts stored;
  for (const Alert& a : alerts) {
    AlertRecord r = ToRecord(a, raised_at);
    ADUANA_ASSIGN_OR_RETURN(bool inserted, store.PutAlert(&r));
    ++(inserted ? stored.new_alerts : stored.known);
  }
  return stored;
}

absl::StatusOr<AlertRecord> MoveAlert(Store& store, int64_t alert_id, std::string_view to, std::string_view by,
                                      std::string_view note, UnixMillis at) {
  if (!IsAlertStatus(to) || to == "new") {
    return FieldError("status", "invalid_value", "status: acknowledged, resolved or dismissed");
  }
  if (Final(to) && note.empty()) {
    return FieldError("note", "missing_field", "note: say why the alert is " + std::string(to));
  }
  if (note.size() > kMaxNote) return FieldError("note", "too_long", "note: at most 4000 characters");
  ADUANA_ASSIGN_OR_RETURN(std::optional<AlertRecord> alert, store.LoadAlert(alert_id));
  if (!alert) return absl::NotFoundError("no alert " + std::to_string(alert_id));
  if (!AlertMoveAllowed(alert->status, to)) {
    return absl::FailedPreconditionError("alert " + std::to_string(alert_id) + " is " + alert->status +
                                         ": it cannot become " + std::string(to));
  }
  ADUANA_RETURN_IF_ERROR(store.UpdateAlertStatus(alert_id, to, at, by, note));
  AuditEntry entry;
  entry.at = at;
  entry.actor = std::string(by);
  entry.action = "alert_" + std::string(to);
  entry.subject = "alert:" + std::to_string(alert_id);
  entry.detail = nlohmann::json({{"from", alert->status}, {"to", to}, {"note", note}}).dump();
  ADUANA_RETURN_IF_ERROR(store.AppendAudit(entry).status());
  alert->status = std::string(to);
  alert->status_at = at;
  alert->status_by = std::string(by);
  alert->status_note = std::string(note);
  return *std::move(alert);
}

}  // namespace aduana::warn
