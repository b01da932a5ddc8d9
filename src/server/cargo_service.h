// Cargo monitoring as the API offers it (cargo/transit_monitor.h). Tracking events come in batches of NDJSON;
// each line is parsed on its own (a bad line is refused with its line, field and reason, and kept in the
// quarantine), the good ones are stored (group commit: a 2xx means they are on disk) and only then offered
// to the monitor, whose alerts are stored into the alert workflow at once.
//
// The monitor lives in memory and holds nothing the store cannot rebuild: Start loads the routes and the
// transits departed in the last `lookback`, and replays their stored events, so a restarted node, or a second
// one over the same store, resumes where the store stands. Its clock is the clearance service's (injected in
// tests); Tick moves it, for silence and deadlines, and the API's ticker calls it every few seconds.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cargo/timeline.h"
#include "cargo/transit_monitor.h"
#include "ingest/json_records.h"
#include "server/auth.h"
#include "server/clearance_service.h"

namespace aduana::server {

struct CargoOptions {
  cargo::MonitorConfig monitor;
  UnixMillis lookback = 7 * kMillisPerDay;  // transits departed this long before start-up are rebuilt
  size_t max_events_per_batch = 10'000;
};

struct EventLineError {
  int64_t line = 0;  // 1-based line of the batch
  std::string field;
  std::string code;
  std::string message;
};

struct EventBatchResult {
  int64_t received = 0;    // non-empty lines
  int64_t stored = 0;      // new in the store
  int64_t unchanged = 0;   // already stored with the same content
  cargo::MonitorCounters monitor;  // what the monitor made of the stored lines (processed left 0)
  std::vector<EventLineError> rejected;
  std::vector<AlertRecord> alerts;  // raised by this batch
};

class CargoService {
 public:
  CargoService(ClearanceService& clearance, CargoOptions options = {});

  // Rebuilds the monitor from the store (see above). Call once, before serving.
  absl::Status Start();

  absl::StatusOr<EventBatchResult> SubmitEvents(std::string_view ndjson, const Principal& who);
  // Stores and monitors a transit. An identical resubmission is accepted again (created false).
  absl::StatusOr<bool> RegisterTransit(const Transit& transit, const Principal& who);
  absl::StatusOr<bool> RegisterRoute(const RouteSubmission& route, const Principal& who);

  absl::StatusOr<std::vector<RouteRecord>> Routes();
  std::vector<cargo::TransitSnapshot> InFlight();
  absl::StatusOr<std::optional<cargo::ConsignmentTimeline>> Timeline(std::string_view transit_id);

  // Moves the monitor's clock to now and stores what it raises.
  absl::StatusOr<std::vector<AlertRecord>> Tick();

 private:
  absl::StatusOr<Store*> Reader();  // callers hold reader_mutex_
  // Stores `alerts` (group commit) and returns them as stored.
  absl::StatusOr<std::vector<AlertRecord>> StoreAlerts(const std::vector<cargo::CargoAlert>& alerts);

  ClearanceService& clearance_;
  CargoOptions options_;
  std::mutex monitor_mutex_;
  cargo::TransitMonitor monitor_;
  std::mutex reader_mutex_;
  std::unique_ptr<Store> reader_;
};

}  // namespace aduana::server
