#include "cargo/transit_monitor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "core/time.h"

namespace aduana::cargo {
namespace {

constexpr std::array<std::string_view, kCargoAlertKinds> kKindNames = {
    "route_deviation", "unplanned_stop", "seal_opened",   "device_alarm",
    "device_silent",   "late_arrival",   "never_arrived", "wrong_destination"};

constexpr std::array<std::string_view, 7> kEventTypes = {"position", "seal_opened", "seal_tampered", "power_cut",
                                                         "low_battery", "jamming", "arrival"};
uint8_t TypeCode(std::string_view type) {
  for (size_t i = 0; i < kEventTypes.size(); ++i) {
    if (kEventTypes[i] == type) return static_cast<uint8_t>(i);
  }
  return static_cast<uint8_t>(kEventTypes.size());
}

constexpr UnixMillis kForgetNeverArrivedAfter = 24 * 60 * kMinuteMs;  // once declared never arrived
constexpr UnixMillis kNever = std::numeric_limits<UnixMillis>::max();
constexpr size_t kNotInFlight = std::numeric_limits<size_t>::max();

uint16_t Bit(CargoAlertKind kind) { return static_cast<uint16_t>(1u << static_cast<unsigned>(kind)); }

constexpr uint8_t kArrival = 6;
static_assert(kEventTypes[kArrival] == "arrival");

double Minutes(UnixMillis span) { return static_cast<double>(span) / static_cast<double>(kMinuteMs); }

std::string Km(double metres) { return absl::StrFormat("km %.1f", metres / 1000); }

}  // namespace

std::string_view VerdictName(EventVerdict verdict) {
  switch (verdict) {
    case EventVerdict::kAccepted:
      return "accepted";
    case EventVerdict::kDuplicate:
      return "duplicate";
    case EventVerdict::kTooLate:
      return "too_late";
    case EventVerdict::kNoTransit:
      return "no_transit";
  }
  return "";
}

std::string_view CargoAlertKindName(CargoAlertKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

// What the ordered checks read of an event: no strings to copy into the buffer.
struct TransitMonitor::Fix {
  UnixMillis event_time = 0;
  GeoPoint position;
  double speed_kmh = -1;
  uint8_t type = 0;  // TypeCode
};

namespace {
bool LaterFix(const TransitMonitor::Fix& a, const TransitMonitor::Fix& b) { return a.event_time > b.event_time; }
}  // namespace

struct TransitMonitor::Track {
  Transit transit;
  const Corridor* corridor = nullptr;
  std::vector<Fix> pending;                             // a heap, earliest event first
  std::vector<std::pair<UnixMillis, uint8_t>> recent;  // processed within the window: time and type
  UnixMillis newest_offered = std::numeric_limits<UnixMillis>::min();
  UnixMillis last_processed = std::numeric_limits<UnixMillis>::min();
  // Route.
  int segment = -1;
  int outside_fixes = 0;
  double along_m = 0;
  // Stops.
  bool has_anchor = false;
  GeoPoint anchor;
  UnixMillis anchor_time = 0;
  bool stopped = false;
  UnixMillis stop_since = 0;
  double stop_limit_minutes = 0;  // infinity at either office
  std::string stop_place;
  // End of the trip.
  bool arrival_offered = false;
  UnixMillis arrival_offered_at = std::numeric_limits<UnixMillis>::max();
  bool arrived = false;
  UnixMillis arrived_at = 0;
  GeoPoint last_position;
  UnixMillis last_fix = std::numeric_limits<UnixMillis>::min();
  uint16_t raised = 0;  // a bit per CargoAlertKind: each is raised once per transit
  // Scheduling (see AdvanceTo).
  uint64_t serial = 0;
  UnixMillis scheduled = kNever;  // when its live entry in the clock's queue is due
  size_t in_flight_index = kNotInFlight;
};

TransitMonitor::TransitMonitor(MonitorConfig config) : config_(config) {}
TransitMonitor::~TransitMonitor() = default;

absl::Status TransitMonitor::AddRoute(const Route& route, std::vector<StopZone> zones) {
  if (route.polyline.size() < 2) {
    return absl::InvalidArgumentError("route " + route.route_id + ": the polyline needs at least two points");
  }
  if (!(route.tolerance_m > 0)) {
    return absl::InvalidArgumentError("route " + route.route_id + ": tolerance_m must be positive");
  }
  corridors_[route.route_id] = std::make_unique<Corridor>(route, std::move(zones));
  return absl::OkStatus();
}

absl::Status TransitMonitor::AddTransit(const Transit& transit) {
  auto corridor = corridors_.find(transit.route_id);
  if (corridor == corridors_.end()) {
    return absl::InvalidArgumentError("transit " + transit.transit_id + ": unknown route " + transit.route_id);
  }
  if (transit.deadline < transit.departed_at) {
    return absl::InvalidArgumentError("transit " + transit.transit_id + ": deadline before departure");
  }
  if (by_id_.contains(transit.transit_id)) {
    return absl::AlreadyExistsError("transit " + transit.transit_id + " is already monitored");
  }
  auto track = std::make_unique<Track>();
  track->transit = transit;
  track->corridor = corridor->second.get();
  std::vector<Track*>& fitted = by_device_[transit.device_id];
  auto at = std::upper_bound(fitted.begin(), fitted.end(), transit.departed_at,
                             [](UnixMillis t, const Track* other) { return t < other->transit.departed_at; });
  fitted.insert(at, track.get());
  track->serial = ++last_serial_;
  live_.emplace(track->serial, track.get());
  Schedule(*track, transit.departed_at);
  by_id_.emplace(transit.transit_id, std::move(track));
  return absl::OkStatus();
}

TransitMonitor::Track* TransitMonitor::TransitOf(std::string_view device_id, UnixMillis t) {
  auto fitted = by_device_.find(absl::string_view(device_id.data(), device_id.size()));
  if (fitted == by_device_.end()) return nullptr;
  // The latest transit departed by `t`, unless it arrived well before.
  const std::vector<Track*>& tracks = fitted->second;
  auto after = std::upper_bound(tracks.begin(), tracks.end(), t,
                                [](UnixMillis time, const Track* track) { return time < track->transit.departed_at; });
  if (after == tracks.begin()) return nullptr;
  Track* track = *(after - 1);
  if (track->arrived && t > track->arrived_at + config_.after_arrival) return nullptr;
  return track;
}

EventVerdict TransitMonitor::Offer(const TrackingEvent& event) {
  Track* track = TransitOf(event.device_id, event.event_time);
  if (track == nullptr) {
    ++counters_.no_transit;
    return EventVerdict::kNoTransit;
  }
  const uint8_t type = TypeCode(event.event_type);
  const std::pair<UnixMillis, uint8_t> key{event.event_time, type};
  const bool repeat =
      std::find(track->recent.begin(), track->recent.end(), key) != track->recent.end() ||
      std::any_of(track->pending.begin(), track->pending.end(),
                  [&](const Fix& f) { return f.event_time == event.event_time && f.type == type; });
  if (repeat) {
    ++counters_.duplicates;
    return EventVerdict::kDuplicate;
  }
  if (event.event_time < track->last_processed) {
    ++counters_.too_late;
    return EventVerdict::kTooLate;
  }
  ++counters_.accepted;
  track->pending.push_back({event.event_time, event.position, event.speed_kmh, type});
  std::push_heap(track->pending.begin(), track->pending.end(), LaterFix);
  track->newest_offered = std::max(track->newest_offered, event.event_time);
  // Alarms and where an arrival is reported need no order: they are judged as they come, not a reordering
  // window later (an arrival, a trip's last event, would otherwise wait for the clock).
  if (type == kArrival) {
    track->arrival_offered = true;
    track->arrival_offered_at = std::min(track->arrival_offered_at, event.event_time);
    CheckArrivalPlace(*track, event);
  } else if (event.event_time < track->arrival_offered_at) {
    CheckAlarms(*track, event);
  }
  Release(*track, std::max(track->newest_offered, clock_) - config_.reorder_window);
  Schedule(*track, NextDue(*track));
  return EventVerdict::kAccepted;
}

void TransitMonitor::Release(Track& track, UnixMillis up_to) {
  while (!track.pending.empty() && track.pending.front().event_time <= up_to) {
    std::pop_heap(track.pending.begin(), track.pending.end(), LaterFix);
    const Fix fix = track.pending.back();
    track.pending.pop_back();
    Process(track, fix);
  }
}

void TransitMonitor::Process(Track& track, const Fix& event) {
  ++counters_.processed;
  const UnixMillis t = event.event_time;
  track.last_processed = t;
  track.recent.emplace_back(t, event.type);
  auto stale = std::find_if(track.recent.begin(), track.recent.end(), [&](const auto& seen) {
    return seen.first >= t - config_.reorder_window;
  });
  track.recent.erase(track.recent.begin(), stale);
  if (track.arrived) return;  // unloading at the office is not watched
  if (event.type == kArrival) {
    CheckArrival(track, event);
    return;
  }
  CheckRoute(track, event);
  CheckStop(track, event);
  track.last_position = event.position;
  track.last_fix = t;
}

void TransitMonitor::CheckAlarms(Track& track, const TrackingEvent& event) {
  const UnixMillis t = event.event_time;
  const bool seal_event = event.event_type == "seal_opened" || event.event_type == "seal_tampered";
  if (seal_event || event.seal_status == "open" || event.seal_status == "tampered") {
    std::string what = seal_event ? event.event_type : "seal status " + event.seal_status;
    Raise(track, CargoAlertKind::kSealOpened, t, event.position, 0, 0,
          absl::StrFormat("%s at %s near %.5f,%.5f, before arrival at %s", what, FormatTimestamp(t),
                          event.position.lat, event.position.lon, track.transit.destination_office));
  }
  if (event.event_type == "power_cut" || event.event_type == "jamming") {
    Raise(track, CargoAlertKind::kDeviceAlarm, t, event.position, 0, 0,
          absl::StrFormat("device %s reported %s at %s near %.5f,%.5f", event.device_id, event.event_type,
                          FormatTimestamp(t), event.position.lat, event.position.lon));
  }
}

void TransitMonitor::CheckArrivalPlace(Track& track, const TrackingEvent& event) {
  const Corridor& corridor = *track.corridor;
  const double radius = std::max(config_.arrival_radius_m, corridor.route().tolerance_m);
  const double from_destination = corridor.DistanceToEndM(event.position);
  if (from_destination <= radius) return;
  Raise(track, CargoAlertKind::kWrongDestination, event.event_time, event.position, from_destination, radius,
        absl::StrFormat("arrival reported %.1f km from destination office %s at %s", from_destination / 1000,
                        track.transit.destination_office, FormatTimestamp(event.event_time)));
}

void TransitMonitor::CheckRoute(Track& track, const Fix& event) {
  RouteFix fix = track.corridor->Locate(event.position, track.segment);
  track.segment = fix.segment;
  track.along_m = fix.along_m;
  const double tolerance = track.corridor->route().tolerance_m;
  if (fix.offset_m <= tolerance) {
    track.outside_fixes = 0;
    return;
  }
  ++track.outside_fixes;
  if (track.outside_fixes < config_.deviation_fixes && fix.offset_m <= 2 * tolerance) return;
  Raise(track, CargoAlertKind::kRouteDeviation, event.event_time, event.position, fix.offset_m, tolerance,
        absl::StrFormat("%.0f m from route %s (corridor %.0f m) near %s at %s, %d fix(es) in a row outside",
                        fix.offset_m, track.transit.route_id, tolerance, Km(fix.along_m),
                        FormatTimestamp(event.event_time), track.outside_fixes));
}

void TransitMonitor::CheckStop(Track& track, const Fix& event) {
  const GeoPoint& p = event.position;
  const bool slow = event.speed_kmh < 0 || event.speed_kmh <= config_.stop_speed_kmh;
  if (!track.has_anchor || !slow || LocalDistanceM(track.anchor, p) > config_.stop_radius_m) {
    track.has_anchor = true;
    track.anchor = p;
    track.anchor_time = event.event_time;
    track.stopped = false;
    return;
  }
  if (!track.stopped) {
    track.stopped = true;
    track.stop_since = track.anchor_time;
    const Corridor& corridor = *track.corridor;
    const double office_radius = std::max(config_.arrival_radius_m, corridor.route().tolerance_m);
    if (corridor.DistanceToEndM(track.anchor) <= office_radius ||
        GeodesicDistanceM(track.anchor, corridor.route().polyline.front()) <= office_radius) {
      track.stop_limit_minutes = HUGE_VAL;
      track.stop_place = "at an office";
    } else if (const StopZone* zone = corridor.ZoneAt(track.anchor)) {
      track.stop_limit_minutes = zone->max_stop_minutes;
      track.stop_place = "in stop zone " + zone->zone_id;
    } else {
      track.stop_limit_minutes = config_.max_unplanned_stop_minutes;
      track.stop_place = "outside the approved stop zones";
    }
  }
  const double minutes = Minutes(event.event_time - track.stop_since);
  if (minutes <= track.stop_limit_minutes) return;
  Raise(track, CargoAlertKind::kUnplannedStop, event.event_time, p, minutes, track.stop_limit_minutes,
        absl::StrFormat("stopped %.0f minutes %s (allowed %.0f) since %s, %s of route %s", minutes, track.stop_place,
                        track.stop_limit_minutes, FormatTimestamp(track.stop_since), Km(track.along_m),
                        track.transit.route_id));
}

void TransitMonitor::CheckArrival(Track& track, const Fix& event) {
  track.arrived = true;
  track.arrived_at = event.event_time;
  track.last_position = event.position;
  track.last_fix = event.event_time;
  if (event.event_time > track.transit.deadline) {
    const double late = Minutes(event.event_time - track.transit.deadline);
    Raise(track, CargoAlertKind::kLateArrival, event.event_time, event.position, late, 0,
          absl::StrFormat("arrived at %s, %.0f minutes after the deadline %s", FormatTimestamp(event.event_time),
                          late, FormatTimestamp(track.transit.deadline)));
  }
}

void TransitMonitor::CheckClock(Track& track) {
  const Transit& transit = track.transit;
  if (track.arrived || track.arrival_offered || clock_ < transit.departed_at) return;
  const UnixMillis heard = std::max(track.newest_offered, transit.departed_at);
  const double silent = Minutes(clock_ - heard);
  if (silent > config_.silent_minutes) {
    Raise(track, CargoAlertKind::kDeviceSilent, clock_, track.last_position, silent, config_.silent_minutes,
          absl::StrFormat("no event from device %s for %.0f minutes (since %s), last near %s of route %s",
                          transit.device_id, silent, FormatTimestamp(heard), Km(track.along_m), transit.route_id));
  }
  if (clock_ > transit.deadline) {
    const double late = Minutes(clock_ - transit.deadline);
    Raise(track, CargoAlertKind::kLateArrival, clock_, track.last_position, late, 0,
          absl::StrFormat("not at %s by the deadline %s; last near %s of route %s", transit.destination_office,
                          FormatTimestamp(transit.deadline), Km(track.along_m), transit.route_id));
  }
  const UnixMillis never_after = transit.deadline + config_.never_arrived_hours * 60 * kMinuteMs;
  if (clock_ > never_after) {
    Raise(track, CargoAlertKind::kNeverArrived, clock_, track.last_position, Minutes(clock_ - transit.deadline),
          config_.never_arrived_hours * 60.0,
          absl::StrFormat("no arrival at %s %d hours after the deadline %s; last heard %s near %s of route %s",
                          transit.destination_office, config_.never_arrived_hours, FormatTimestamp(transit.deadline),
                          FormatTimestamp(heard), Km(track.along_m), transit.route_id));
  }
}

void TransitMonitor::Raise(Track& track, CargoAlertKind kind, UnixMillis at, GeoPoint where, double observed,
                           double limit, std::string evidence) {
  if (track.raised & Bit(kind)) return;
  track.raised |= Bit(kind);
  CargoAlert alert;
  alert.kind = kind;
  const bool medium = kind == CargoAlertKind::kDeviceSilent || kind == CargoAlertKind::kLateArrival ||
                      kind == CargoAlertKind::kUnplannedStop;
  alert.severity = medium ? "medium" : "high";
  alert.transit_id = track.transit.transit_id;
  alert.declaration_id = track.transit.declaration_id;
  alert.device_id = track.transit.device_id;
  alert.route_id = track.transit.route_id;
  alert.event_time = at;
  alert.raised_at = std::max(clock_, at);  // a replay's clock may trail the event by its tick
  alert.where = where;
  alert.observed = observed;
  alert.limit = limit;
  alert.evidence = std::move(evidence);
  alerts_.push_back(std::move(alert));
}

// The clock's queue holds, for each transit, an entry at or before the next moment the clock has something to
// judge about it (NextDue): buffered events to release, silence, the deadline, the end of its monitoring. An
// entry made stale by an earlier one, or by the transit's end, is skipped when it comes up; one that comes up
// early (events postponed the silence) just schedules the next. So moving the clock costs the transits due,
// not all of those in flight.
UnixMillis TransitMonitor::NextDue(const Track& track) const {
  const Transit& transit = track.transit;
  UnixMillis due = kNever;
  // Buffered events are released by the transit's own newer events; the clock releases them only once the
  // device has sent nothing for two windows (checking sooner would visit every transit at every fix).
  if (!track.pending.empty()) due = track.newest_offered + 2 * config_.reorder_window;
  const UnixMillis never_limit = transit.deadline + config_.never_arrived_hours * 60 * kMinuteMs;
  if (track.arrived) return std::min(due, track.arrived_at + config_.after_arrival + 1);
  if (track.arrival_offered) return due;
  if (clock_ < transit.departed_at) return std::min(due, transit.departed_at);
  const UnixMillis heard = std::max(track.newest_offered, transit.departed_at);
  if (!(track.raised & Bit(CargoAlertKind::kDeviceSilent))) {
    due = std::min(due, heard + config_.silent_minutes * kMinuteMs + 1);
  }
  if (!(track.raised & Bit(CargoAlertKind::kLateArrival))) due = std::min(due, transit.deadline + 1);
  const bool given_up = track.raised & Bit(CargoAlertKind::kNeverArrived);
  return std::min(due, given_up ? never_limit + kForgetNeverArrivedAfter + 1 : never_limit + 1);
}

void TransitMonitor::Schedule(Track& track, UnixMillis due) {
  if (due >= track.scheduled) return;  // its live entry comes up first and schedules again
  track.scheduled = due;
  due_.push_back({due, track.serial});
  std::push_heap(due_.begin(), due_.end(), [](const Due& a, const Due& b) { return a.at > b.at; });
}

void TransitMonitor::AdvanceTo(UnixMillis now) {
  clock_ = std::max(clock_, now);
  const auto later = [](const Due& a, const Due& b) { return a.at > b.at; };
  while (!due_.empty() && due_.front().at <= clock_) {
    std::pop_heap(due_.begin(), due_.end(), later);
    const Due entry = due_.back();
    due_.pop_back();
    auto live = live_.find(entry.serial);
    if (live == live_.end() || live->second->scheduled != entry.at) continue;  // stale
    Track& track = *live->second;
    track.scheduled = kNever;
    if (Visit(track)) Schedule(track, NextDue(track));
  }
}

bool TransitMonitor::Visit(Track& track) {
  if (track.in_flight_index == kNotInFlight && clock_ >= track.transit.departed_at) {
    track.in_flight_index = in_flight_.size();
    in_flight_.push_back(&track);
  }
  Release(track, clock_ - config_.reorder_window);
  CheckClock(track);
  const bool arrived_long_ago = track.arrived && clock_ > track.arrived_at + config_.after_arrival;
  const bool given_up = (track.raised & Bit(CargoAlertKind::kNeverArrived)) != 0 &&
                        clock_ > track.transit.deadline + config_.never_arrived_hours * 60 * kMinuteMs +
                                     kForgetNeverArrivedAfter;
  if ((arrived_long_ago && track.pending.empty()) || given_up) {
    Retire(track);
    return false;
  }
  return true;
}

void TransitMonitor::Flush() {
  for (auto& [id, track] : by_id_) Release(*track, std::numeric_limits<UnixMillis>::max());
}

std::vector<CargoAlert> TransitMonitor::TakeAlerts() { return std::exchange(alerts_, {}); }

std::vector<TransitSnapshot> TransitMonitor::InFlight() const {
  std::vector<TransitSnapshot> snapshots;
  snapshots.reserve(in_flight_.size());
  for (const Track* track : in_flight_) {
    TransitSnapshot s;
    s.transit = track->transit;
    s.has_fix = track->last_fix != std::numeric_limits<UnixMillis>::min();
    s.last_fix = s.has_fix ? track->last_fix : 0;
    s.last_position = track->last_position;
    s.along_m = track->along_m;
    s.route_length_m = track->corridor->length_m();
    s.arrived = track->arrived;
    for (int k = 0; k < kCargoAlertKinds; ++k) {
      if (track->raised & (1u << static_cast<unsigned>(k))) s.raised.push_back(static_cast<CargoAlertKind>(k));
    }
    snapshots.push_back(std::move(s));
  }
  std::sort(snapshots.begin(), snapshots.end(), [](const TransitSnapshot& a, const TransitSnapshot& b) {
    return a.transit.departed_at < b.transit.departed_at;
  });
  return snapshots;
}

void TransitMonitor::Retire(Track& track) {
  auto fitted = by_device_.find(track.transit.device_id);
  if (fitted != by_device_.end()) {
    std::erase(fitted->second, &track);
    if (fitted->second.empty()) by_device_.erase(fitted);
  }
  if (track.in_flight_index != kNotInFlight) {
    Track* moved = in_flight_.back();
    in_flight_[track.in_flight_index] = moved;
    moved->in_flight_index = track.in_flight_index;
    in_flight_.pop_back();
  }
  live_.erase(track.serial);
  by_id_.erase(track.transit.transit_id);  // destroys the track
}

}  // namespace aduana::cargo
