// Follows transits under customs control from their tracking events and raises an alert the moment one breaks
// the rules of its transit: it leaves the route's corridor, stops outside the approved zones (or beyond a zone's
// time limit), its seal is opened or tampered with, its device raises an alarm or goes silent, it is not at the
// destination by the deadline (late) or long after it (never arrived), or it arrives somewhere else.
//
// Events come from devices over the network: late, out of order, sometimes twice. Each transit keeps the
// events of the last `reorder_window` in a buffer and processes them in event-time order once the newest event
// of the transit (or the monitor's clock) has moved a window past them (alarms - an opened seal, a power cut,
// jamming - and the place an arrival is reported are judged as they come, since they need no order); a repeat
// of an event is a duplicate;
// one older than what the transit has already processed is too late for detection (the caller still stores
// it). An event belongs to the transit its device is fitted to at that time.
//
// The clock is the caller's (AdvanceTo): the wall clock in the service, the events' own time in a replay.
// Silence, deadlines and the end of a transit are judged against it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "cargo/corridor.h"
#include "core/transit.h"

namespace aduana::cargo {

inline constexpr UnixMillis kMinuteMs = 60'000;

struct MonitorConfig {
  UnixMillis reorder_window = 10 * kMinuteMs;
  double stop_speed_kmh = 5;           // a fix at or below this speed (or without speed) may be a stop ...
  double stop_radius_m = 300;          // ... when it is this close to where the stop began
  int max_unplanned_stop_minutes = 30; // outside the approved zones and the two offices
  int silent_minutes = 90;             // no event for this long while under way
  int never_arrived_hours = 12;        // after the deadline
  double arrival_radius_m = 3000;      // an arrival farther from the destination (and the route's tolerance) is
                                       // at the wrong place; stops this close to either office are legal
  int deviation_fixes = 2;             // consecutive fixes outside the corridor; one beyond twice its tolerance
                                       // is enough
  UnixMillis after_arrival = 60 * kMinuteMs;  // a device's events this long after arrival belong to no transit
};

// What happened to an offered event.
enum class EventVerdict { kAccepted, kDuplicate, kTooLate, kNoTransit };
std::string_view VerdictName(EventVerdict verdict);

// The alert kinds, in the order of CargoAlertKinds().
enum class CargoAlertKind : uint8_t {
  kRouteDeviation,
  kUnplannedStop,
  kSealOpened,
  kDeviceAlarm,
  kDeviceSilent,
  kLateArrival,
  kNeverArrived,
  kWrongDestination,
};
inline constexpr int kCargoAlertKinds = 8;
std::string_view CargoAlertKindName(CargoAlertKind kind);  // "route_deviation", ...

struct CargoAlert {
  CargoAlertKind kind = CargoAlertKind::kRouteDeviation;
  std::string severity;  // "high" or "medium"
  std::string transit_id;
  std::string declaration_id;
  std::string device_id;
  std::string route_id;
  UnixMillis event_time = 0;  // what the alert reports happened then (the proving fix, or the clock)
  UnixMillis raised_at = 0;   // the monitor's clock when raised
  GeoPoint where;             // the last known position
  double observed = 0;        // metres off the route, minutes stopped or silent or late, metres from destination
  double limit = 0;           // what that was held against
  std::string evidence;       // the facts in words
};

// Where a transit in flight stands, for a map.
struct TransitSnapshot {
  Transit transit;
  bool has_fix = false;
  UnixMillis last_fix = 0;
  GeoPoint last_position;
  double along_m = 0;         // along the route at the last fix
  double route_length_m = 0;
  bool arrived = false;
  std::vector<CargoAlertKind> raised;
};

struct MonitorCounters {
  int64_t accepted = 0;
  int64_t duplicates = 0;
  int64_t too_late = 0;
  int64_t no_transit = 0;
  int64_t processed = 0;
};

class TransitMonitor {
 public:
  explicit TransitMonitor(MonitorConfig config = {});
  ~TransitMonitor();
  TransitMonitor(const TransitMonitor&) = delete;
  TransitMonitor& operator=(const TransitMonitor&) = delete;

  // A route must be added before its transits. InvalidArgument for a route with fewer than two points or a
  // tolerance that is not positive.
  absl::Status AddRoute(const Route& route, std::vector<StopZone> zones);
  // InvalidArgument for an unknown route or a deadline before departure; AlreadyExists for a known transit.
  absl::Status AddTransit(const Transit& transit);

  EventVerdict Offer(const TrackingEvent& event);
  // Moves the clock to `now` (never back): processes buffered events a window older than it, then judges
  // silence and deadlines, and forgets transits that are over.
  void AdvanceTo(UnixMillis now);
  // Processes every buffered event (the end of a replay).
  void Flush();

  std::vector<CargoAlert> TakeAlerts();
  // The transits departed by the clock and not yet over, by departure.
  std::vector<TransitSnapshot> InFlight() const;
  const MonitorCounters& counters() const { return counters_; }
  size_t transits_monitored() const { return by_id_.size(); }
  size_t transits_in_flight() const { return in_flight_.size(); }  // departed by the clock, not over
  UnixMillis clock() const { return clock_; }

 public:
  struct Fix;  // an event as the ordered checks read it

 private:
  struct Track;
  Track* TransitOf(std::string_view device_id, UnixMillis t);
  void Release(Track& track, UnixMillis up_to);
  void Process(Track& track, const Fix& fix);
  void CheckAlarms(Track& track, const TrackingEvent& event);
  void CheckArrivalPlace(Track& track, const TrackingEvent& event);
  void CheckRoute(Track& track, const Fix& fix);
  void CheckStop(Track& track, const Fix& fix);
  void CheckArrival(Track& track, const Fix& fix);
  void CheckClock(Track& track);
  UnixMillis NextDue(const Track& track) const;
  void Schedule(Track& track, UnixMillis due);
  bool Visit(Track& track);  // false when the transit is over and forgotten
  void Raise(Track& track, CargoAlertKind kind, UnixMillis at, GeoPoint where, double observed, double limit,
             std::string evidence);
  void Retire(Track& track);

  MonitorConfig config_;
  UnixMillis clock_ = INT64_MIN;
  absl::flat_hash_map<std::string, std::unique_ptr<Corridor>> corridors_;
  absl::flat_hash_map<std::string, std::unique_ptr<Track>> by_id_;
  absl::flat_hash_map<std::string, std::vector<Track*>> by_device_;  // by departure
  std::vector<Track*> in_flight_;  // departed by the clock
  struct Due {
    UnixMillis at;
    uint64_t serial;
  };
  std::vector<Due> due_;  // the clock's queue: a heap, earliest first
  absl::flat_hash_map<uint64_t, Track*> live_;  // by serial: entries of forgotten transits find nothing
  uint64_t last_serial_ = 0;
  std::vector<CargoAlert> alerts_;
  MonitorCounters counters_;
};

}  // namespace aduana::cargo
