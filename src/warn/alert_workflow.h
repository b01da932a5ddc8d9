// What happens to an alert once raised: it is stored once (a rescan of the same weeks finds it again and keeps
// its workflow), then an analyst moves it
//   new -> acknowledged -> resolved | dismissed     (or new -> resolved | dismissed at once)
// saying who and why; resolved and dismissed are final. Each move is written with an audit-trail entry (subject
// "alert:ID") in the caller's transaction, so the record of who decided what about a risk cannot be rewritten.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"
#include "warn/detectors.h"

namespace aduana::warn {

bool IsAlertStatus(std::string_view status);
bool AlertMoveAllowed(std::string_view from, std::string_view to);

AlertRecord ToRecord(const Alert& alert, UnixMillis raised_at);

struct StoredAlerts {
  int64_t new_alerts = 0;
  int64_t known = 0;  // stored by an earlier scan
};
// Stores `alerts` in the caller's transaction.
absl::StatusOr<StoredAlerts> StoreAlerts(Store& store, const std::vector<Alert>& alerts, UnixMillis raised_at);

// Moves an alert to `to` in the caller's transaction. NotFound for an unknown alert, FailedPrecondition for a
// move the workflow does not allow, InvalidArgument for an unknown status or a missing reason (resolving or
// dismissing needs one).
absl::StatusOr<AlertRecord> MoveAlert(Store& store, int64_t alert_id, std::string_view to, std::string_view by,
                                      std::string_view note, UnixMillis at);

}  // namespace aduana::warn
