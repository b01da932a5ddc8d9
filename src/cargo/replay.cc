#include "cargo/replay.h"

#include <algorithm>
#include <random>
#include <utility>

#include "core/status_macros.h"

namespace aduana::cargo {
namespace {

constexpr UnixMillis kDay = 24 * 60 * kMinuteMs;

struct Delivery {
  UnixMillis at = 0;
  TrackingEvent event;
};

std::vector<Delivery> Deliver(std::vector<TrackingEvent> events, const DeliveryModel& model) {
  std::mt19937_64 rng(model.seed);
  std::uniform_int_distribution<UnixMillis> delay(0, std::max<UnixMillis>(0, model.max_delay));
  std::uniform_int_distribution<UnixMillis> repeat_delay(0, std::max<UnixMillis>(0, 2 * model.max_delay));
  std::bernoulli_distribution repeat(std::clamp(model.duplicate_share, 0.0, 1.0));
  std::vector<Delivery> deliveries;
  deliveries.reserve(events.size());
  for (TrackingEvent& event : events) {
    const UnixMillis t = event.event_time;
    if (repeat(rng)) deliveries.push_back({t + repeat_delay(rng), event});
    deliveries.push_back({t + delay(rng), std::move(event)});
  }
  std::stable_sort(deliveries.begin(), deliveries.end(),
                   [](const Delivery& a, const Delivery& b) { return a.at < b.at; });
  return deliveries;
}

}  // namespace

absl::Status LoadMonitor(Store& store, UnixMillis from, UnixMillis until, TransitMonitor* monitor) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<RouteRecord> routes, store.LoadRoutes());
  for (RouteRecord& route : routes) ADUANA_RETURN_IF_ERROR(monitor->AddRoute(route.route, std::move(route.zones)));
  ADUANA_ASSIGN_OR_RETURN(std::vector<Transit> transits, store.LoadTransits(from, until));
  for (const Transit& transit : transits) ADUANA_RETURN_IF_ERROR(monitor->AddTransit(transit));
  return absl::OkStatus();
}

absl::StatusOr<ReplayResult> ReplayStore(Store& store, UnixMillis from, UnixMillis until, const MonitorConfig& config,
                                         const DeliveryModel& delivery) {
  TransitMonitor monitor(config);
  ADUANA_RETURN_IF_ERROR(LoadMonitor(store, from, until, &monitor));
  ReplayResult result;
  ADUANA_ASSIGN_OR_RETURN(std::vector<Transit> transits, store.LoadTransits(from, until));
  UnixMillis last_deadline = from;
  for (const Transit& t : transits) {
    result.transit_ids.push_back(t.transit_id);
    last_deadline = std::max(last_deadline, t.deadline);
  }
  result.transits = static_cast<int64_t>(transits.size());
  std::vector<TrackingEvent> events;
  ADUANA_RETURN_IF_ERROR(store.ScanTrackingEvents(from, last_deadline + 2 * kDay, [&](const TrackingEvent& e) {
    events.push_back(e);
    return absl::OkStatus();
  }));
  std::vector<Delivery> deliveries = Deliver(std::move(events), delivery);
  result.deliveries = static_cast<int64_t>(deliveries.size());
  UnixMillis tick = from;
  for (const Delivery& d : deliveries) {
    for (; tick <= d.at; tick += kMinuteMs) monitor.AdvanceTo(tick);
    monitor.Offer(d.event);
  }
  const UnixMillis end = last_deadline + config.never_arrived_hours * 60 * kMinuteMs + kDay;
  for (; tick <= end; tick += kMinuteMs) monitor.AdvanceTo(tick);
  monitor.Flush();
  result.alerts = monitor.TakeAlerts();
  result.counters = monitor.counters();
  return result;
}

}  // namespace aduana::cargo
