// Cargo monitoring over what the store holds: a monitor loaded with the routes and transits, and a replay of
// the tracking events through it as a network would deliver them (late, out of order, some twice), with the
// monitor's clock following the deliveries. The replay is how the detection is measured against the
// generator's planted violations (cargo/evaluation.h) and how the service rebuilds its monitor at start-up.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "cargo/transit_monitor.h"
#include "store/store.h"

namespace aduana::cargo {

// Adds the store's routes, and its transits departed in [from, until), to `monitor`.
absl::Status LoadMonitor(Store& store, UnixMillis from, UnixMillis until, TransitMonitor* monitor);

// How events reach the monitor in a replay.
struct DeliveryModel {
  UnixMillis max_delay = 0;    // each event arrives up to this long after it happened (uniformly)
  double duplicate_share = 0;  // this share arrives a second time, up to twice max_delay after it happened
  uint64_t seed = 1;
};

struct ReplayResult {
  std::vector<CargoAlert> alerts;
  MonitorCounters counters;
  int64_t transits = 0;
  int64_t deliveries = 0;  // repeats included
  std::vector<std::string> transit_ids;
};

// Replays the transits departed in [from, until): their devices' events from `from` to two days past the last
// deadline, delivered as `delivery` says, the clock moving a minute at a time through the deliveries and on to
// past the last deadline's never-arrived limit.
absl::StatusOr<ReplayResult> ReplayStore(Store& store, UnixMillis from, UnixMillis until, const MonitorConfig& config,
                                         const DeliveryModel& delivery);

}  // namespace aduana::cargo
