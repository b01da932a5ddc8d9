// The cargo half of `aduana feed`: the store's most recent transits run again, now. Each gets a new transit id
// (suffix "-LIVE-<run>") and a device of its own ("-LIVE-<run>-<n>"), its departure moved so that the transits are spread over the last hours, and
// its tracking events moved by the same amount; the events already due are sent at once and the rest as their
// time comes, so a running server's map shows transits moving and the generator's planted violations raising
// alerts as they happen.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/transit.h"
#include "store/store.h"

namespace aduana::cli {

class LiveCargo {
 public:
  // The store's latest `count` transits, the first departing `spread` before `now` and the others in even steps
  // up to `now`.
  static absl::StatusOr<LiveCargo> Load(Store& store, int count, UnixMillis now, UnixMillis spread,
                                        std::string_view run);

  // Registers the transits (POST /v1/transits).
  absl::Status Register(httplib::Client& client) const;
  // Sends the events due by `now` that were not sent yet (POST /v1/tracking/events, NDJSON batches).
  absl::Status SendDue(httplib::Client& client, UnixMillis now);

  const std::vector<Transit>& transits() const { return transits_; }
  const std::vector<TrackingEvent>& events() const { return events_; }  // by event time
  size_t events_sent() const { return next_; }

 private:
  std::vector<Transit> transits_;
  std::vector<TrackingEvent> events_;  // shifted, by event time
  size_t next_ = 0;
};

}  // namespace aduana::cli
