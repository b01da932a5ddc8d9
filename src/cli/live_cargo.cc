#include "cli/live_cargo.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core/status_macros.h"
#include "ingest/json_records.h"
#include "nlohmann/json.hpp"

namespace aduana::cli {
namespace {

constexpr UnixMillis kMinute = 60'000;
constexpr size_t kBatch = 1000;  // events a request

// The transit's own events: from just before departure to its arrival, and before its device's next transit
// departs (`until`).
absl::StatusOr<std::vector<TrackingEvent>> EventsOf(Store& store, const Transit& t, UnixMillis until) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<TrackingEvent> events,
                          store.DeviceEvents(t.device_id, t.departed_at - 10 * kMinute,
                                             std::min(until, t.deadline + 13 * 60 * kMinute)));
  auto arrival = std::find_if(events.begin(), events.end(), [](const TrackingEvent& e) { return e.event_type == "arrival"; });
  if (arrival != events.end()) events.erase(arrival + 1, events.end());
  return events;
}

absl::Status Posted(const httplib::Result& r, std::string_view what) {
  if (!r) return absl::UnavailableError(std::string(what).append(": ").append(httplib::to_string(r.error())));
  if (r->status >= 300) {
    return absl::InternalError(std::string(what).append(": HTTP ").append(std::to_string(r->status)).append(" ").append(r->body));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LiveCargo> LiveCargo::Load(Store& store, int count, UnixMillis now, UnixMillis spread,
                                          std::string_view run) {
  LiveCargo live;
  ADUANA_ASSIGN_OR_RETURN(std::vector<Transit> all, store.LoadTransits(0, std::numeric_limits<UnixMillis>::max()));
  if (all.empty() || count <= 0) return live;
  // Each transit with the departure of its device's next transit (all is by departure).
  std::vector<std::pair<Transit, UnixMillis>> recent;
  std::map<std::string, UnixMillis> next_departure;
  for (auto t = all.rbegin(); t != all.rend(); ++t) {
    auto next = next_departure.find(t->device_id);
    recent.emplace_back(*t, next == next_departure.end() ? std::numeric_limits<UnixMillis>::max() : next->second);
    next_departure[t->device_id] = t->departed_at;
    if (static_cast<int>(recent.size()) == count) break;
  }
  std::reverse(recent.begin(), recent.end());
  const std::string suffix = std::string("-LIVE-").append(run);
  for (size_t i = 0; i < recent.size(); ++i) {
    Transit t = recent[i].first;
    ADUANA_ASSIGN_OR_RETURN(std::vector<TrackingEvent> events, EventsOf(store, t, recent[i].second));
    const UnixMillis departs = now - spread + static_cast<UnixMillis>(i) * spread / static_cast<UnixMillis>(recent.size());
    const UnixMillis shift = departs - t.departed_at;
    // Devices carry one transit after another: each moved transit gets a device of its own.
    t.transit_id += suffix;
    t.device_id.append(suffix).append("-").append(std::to_string(i));
    t.departed_at += shift;
    t.deadline += shift;
    for (TrackingEvent& e : events) {
      e.device_id = t.device_id;
      e.event_time += shift;
      live.events_.push_back(std::move(e));
    }
    live.transits_.push_back(std::move(t));
  }
  std::stable_sort(live.events_.begin(), live.events_.end(),
                   [](const TrackingEvent& a, const TrackingEvent& b) { return a.event_time < b.event_time; });
  return live;
}

absl::Status LiveCargo::Register(httplib::Client& client) const {
  for (const Transit& t : transits_) {
    ADUANA_RETURN_IF_ERROR(Posted(client.Post("/v1/transits", ToJson(t).dump(), "application/json"), t.transit_id));
  }
  return absl::OkStatus();
}

absl::Status LiveCargo::SendDue(httplib::Client& client, UnixMillis now) {
  while (next_ < events_.size() && events_[next_].event_time <= now) {
    std::string body;
    size_t end = next_;
    while (end < events_.size() && end - next_ < kBatch && events_[end].event_time <= now) {
      body.append(ToJson(events_[end]).dump()).push_back('\n');
      ++end;
    }
    ADUANA_RETURN_IF_ERROR(Posted(client.Post("/v1/tracking/events", body, "application/x-ndjson"), "tracking events"));
    next_ = end;
  }
  return absl::OkStatus();
}

}  // namespace aduana::cli
