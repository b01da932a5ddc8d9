#include "generate/transit_sim.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>

#include "generate/parameters.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

constexpr UnixMillis kMinute = 60'000;
constexpr UnixMillis kHour = 60 * kMinute;
constexpr double kPi = 3.141592653589793;

enum Violation {
  kNoViolation,
  kRouteDeviation,
  kUnplannedStop,
  kSealOpened,
  kDeviceSilent,
  kLateArrival,
  kNeverArrived,
  kWrongDestination,
  kViolationKinds
};

struct ViolationSpec {
  std::string_view name;
  double rate;  // of all transits
};
constexpr std::array<ViolationSpec, kViolationKinds> kViolationSpecs = {{
    {"none", 0},
    {"route_deviation", 0.020},
    {"unplanned_stop", 0.020},
    {"seal_opened", 0.010},
    {"device_silent", 0.012},
    {"late_arrival", 0.010},
    {"never_arrived", 0.004},
    {"wrong_destination", 0.004},
}};

struct Device {
  std::string id;
  int interval_minutes = 5;
  double jitter_m = 10;
  bool reports_speed = true;
  UnixMillis free_at = 0;
};

struct Stop {
  double km = 0;
  double minutes = 0;
  bool opens_seal = false;
  bool planted = false;  // the violation itself (an unplanned stop), not a legal or incidental one
};

// One simulated trip: where the truck is along the route, its planned stops and any planted violation.
struct Trip {
  const RouteGeometry* route = nullptr;
  Violation violation = kNoViolation;
  double cruise_kmh = 65;
  std::vector<Stop> stops;
  double deviation_from_km = -1, deviation_to_km = -1, deviation_offset_km = 0;
  double silent_at_km = -1;   // the device goes silent here ...
  UnixMillis silent_for = 0;  // ... for this long
  double end_km = 0;          // where tracking ends (the destination, or earlier when it never arrives)
  bool arrives = true;
  GeoPoint wrong_destination{};
  double divert_at_km = -1;
  UnixMillis gap_from = -1, gap_to = -1;  // an honest reception gap
  double low_battery_at_km = -1;
};

double ZoneKm(const RouteGeometry& route, const StopZone& zone) {
  size_t best = 0;
  double best_d = 1e18;
  for (size_t i = 0; i < route.route.polyline.size(); ++i) {
    double d = DistanceKm(route.route.polyline[i], zone.centre);
    if (d < best_d) best_d = d, best = i;
  }
  return route.cumulative_km[best];
}

bool FarFromZones(const RouteGeometry& route, double km) {
  GeoPoint p = PointAlong(route, km);
  for (const StopZone& zone : route.zones) {
    if (DistanceKm(p, zone.centre) < zone.radius_m / 1000.0 + 3.0) return false;
  }
  return true;
}

double OffZoneKm(const RouteGeometry& route, Rng& rng) {
  for (int tries = 0; tries < 50; ++tries) {
    double km = route.length_km * rng.Uniform(0.2, 0.8);
    if (FarFromZones(route, km)) return km;
  }
  return route.length_km * 0.5;
}

UnixMillis DeadlineFor(const RouteGeometry& route, UnixMillis departed) {
  double hours = route.length_km / 40.0 + 2.0;
  UnixMillis deadline = departed + static_cast<UnixMillis>(hours * static_cast<double>(kHour));
  return (deadline + kHour - 1) / kHour * kHour;
}

Trip PlanTrip(const RouteGeometry& route, Violation violation, UnixMillis departed, UnixMillis deadline, Rng& rng,
              std::string* detail) {
  Trip trip;
  trip.route = &route;
  trip.violation = violation;
  trip.cruise_kmh = rng.Uniform(55, 80);
  trip.end_km = route.length_km;
  for (const StopZone& zone : route.zones) {
    if (!rng.Chance(0.4)) continue;
    trip.stops.push_back({ZoneKm(route, zone), rng.Uniform(10, std::min(zone.max_stop_minutes - 5.0, 60.0)), false});
  }
  if (rng.Chance(0.05)) {
    trip.gap_from = departed + static_cast<UnixMillis>(rng.Uniform(1, 4) * static_cast<double>(kHour));
    trip.gap_to = trip.gap_from + static_cast<UnixMillis>(rng.Uniform(20, 40) * static_cast<double>(kMinute));
  }
  if (rng.Chance(0.01)) trip.low_battery_at_km = route.length_km * rng.Uniform(0.3, 0.9);
  switch (violation) {
    case kRouteDeviation: {
      trip.deviation_from_km = route.length_km * rng.Uniform(0.25, 0.6);
      trip.deviation_to_km = trip.deviation_from_km + rng.Uniform(20, 50);
      // Well outside the corridor: twice its tolerance plus 2 to 12 km.
      double offset = 2 * route.route.tolerance_m / 1000.0 + rng.Uniform(2, 12);
      trip.deviation_offset_km = offset * (rng.Chance(0.5) ? 1 : -1);
      trip.stops.push_back({(trip.deviation_from_km + trip.deviation_to_km) / 2, rng.Uniform(20, 45), false});
      *detail =
          Concat("max_offset_km=", FormatFixed(std::fabs(trip.deviation_offset_km), 1),
                 ";from_km=", FormatFixed(trip.deviation_from_km, 0), ";to_km=", FormatFixed(trip.deviation_to_km, 0));
      break;
    }
    case kUnplannedStop: {
      Stop stop{OffZoneKm(route, rng), rng.Uniform(45, 180), false, true};
      trip.stops.push_back(stop);
      *detail = Concat("km=", FormatFixed(stop.km, 0), ";minutes=", FormatFixed(stop.minutes, 0));
      break;
    }
    case kSealOpened: {
      Stop stop{OffZoneKm(route, rng), rng.Uniform(20, 40), true};
      trip.stops.push_back(stop);
      *detail = Concat("km=", FormatFixed(stop.km, 0));
      break;
    }
    case kDeviceSilent: {
      trip.silent_at_km = route.length_km * rng.Uniform(0.3, 0.7);
      double minutes = rng.Uniform(120, 360);
      trip.silent_for = static_cast<UnixMillis>(minutes * static_cast<double>(kMinute));
      *detail = Concat("km=", FormatFixed(trip.silent_at_km, 0), ";silent_minutes=", FormatFixed(minutes, 0));
      break;
    }
    case kLateArrival: {
      trip.cruise_kmh *= 0.5;
      double minutes = static_cast<double>(deadline - departed) / (2.0 * static_cast<double>(kMinute)) + 120;
      trip.stops.push_back({route.length_km * rng.Uniform(0.3, 0.7), minutes, false});
      *detail = Concat("deadline=", FormatTimestamp(deadline));
      break;
    }
    case kNeverArrived: {
      trip.end_km = route.length_km * rng.Uniform(0.4, 0.9);
      trip.arrives = false;
      *detail = Concat("last_km=", FormatFixed(trip.end_km, 0));
      break;
    }
    case kWrongDestination: {
      trip.divert_at_km = route.length_km * 0.85;
      double offset = rng.Uniform(20, 50) * (rng.Chance(0.5) ? 1 : -1);
      trip.wrong_destination = OffsetFromRoute(route, route.length_km, offset);
      *detail = Concat("offset_km=", FormatFixed(std::fabs(offset), 0));
      break;
    }
    default:
      break;
  }
  std::sort(trip.stops.begin(), trip.stops.end(), [](const Stop& a, const Stop& b) { return a.km < b.km; });
  return trip;
}

GeoPoint Jitter(GeoPoint p, double metres, Rng& rng) {
  double cos_lat = std::cos(p.lat * kPi / 180.0);
  p.lat += rng.Normal(0, metres) / 110'570.0;
  p.lon += rng.Normal(0, metres) / (111'320.0 * cos_lat);
  return p;
}

class TripWriter {
 public:
  TripWriter(const Trip& trip, const Device& device, Table& events, FaultInjector& faults, Rng& rng)
      : trip_(trip), device_(device), events_(events), faults_(faults), rng_(rng) {}

  // Simulates the trip from `departed`; returns the time of the last event.
  UnixMillis Run(UnixMillis departed);
  int64_t events() const { return count_; }
  // When the planted violation began to show: the first fix outside the corridor, the start of the unplanned
  // stop, the seal opening, the start of the silence, the arrival at the wrong place; -1 for the others.
  UnixMillis onset() const { return onset_; }

 private:
  GeoPoint Position(double km) const;
  void Emit(UnixMillis t, GeoPoint p, double speed, std::string_view type);
  bool OutsideCorridor(double km) const;
  void MarkOnset(UnixMillis t) {
    if (onset_ < 0) onset_ = t;
  }

  const Trip& trip_;
  const Device& device_;
  Table& events_;
  FaultInjector& faults_;
  Rng& rng_;
  std::string seal_ = "closed";
  bool low_battery_sent_ = false;
  int64_t count_ = 0;
  UnixMillis last_ = 0;
  UnixMillis onset_ = -1;
};

bool TripWriter::OutsideCorridor(double km) const {
  if (!(km >= trip_.deviation_from_km && km <= trip_.deviation_to_km)) return false;
  double t = (km - trip_.deviation_from_km) / (trip_.deviation_to_km - trip_.deviation_from_km);
  return std::fabs(trip_.deviation_offset_km * std::sin(kPi * t)) * 1000 > trip_.route->route.tolerance_m;
}

GeoPoint TripWriter::Position(double km) const {
  const RouteGeometry& route = *trip_.route;
  if (trip_.divert_at_km >= 0 && km > trip_.divert_at_km) {
    double t = std::min(1.0, (km - trip_.divert_at_km) / (route.length_km - trip_.divert_at_km));
    GeoPoint from = PointAlong(route, trip_.divert_at_km);
    return {from.lat + (trip_.wrong_destination.lat - from.lat) * t,
            from.lon + (trip_.wrong_destination.lon - from.lon) * t};
  }
  if (km >= trip_.deviation_from_km && km <= trip_.deviation_to_km) {
    double t = (km - trip_.deviation_from_km) / (trip_.deviation_to_km - trip_.deviation_from_km);
    return OffsetFromRoute(route, km, trip_.deviation_offset_km * std::sin(kPi * t));
  }
  return PointAlong(route, km);
}

void TripWriter::Emit(UnixMillis t, GeoPoint p, double speed, std::string_view type) {
  TrackingEvent e;
  e.device_id = device_.id;
  e.event_time = t;
  e.position = Jitter(p, device_.jitter_m, rng_);
  e.speed_kmh = device_.reports_speed ? std::max(0.0, speed) : -1;
  e.event_type = std::string(type);
  e.seal_status = seal_;
  // An arrival is never garbled: a lost arrival is a transit that never arrived, and the truth would have to
  // say so.
  if (type != "arrival") faults_.MaybeCorrupt(EntityKind::kTrackingEvent, events_);
  WriteTrackingEvent(events_, e);
  ++count_;
  last_ = t;
}

UnixMillis TripWriter::Run(UnixMillis departed) {
  const UnixMillis step = device_.interval_minutes * kMinute;
  double km = 0;
  size_t next_stop = 0;
  UnixMillis stop_until = -1;
  UnixMillis silent_from = -1, silent_to = -1;
  for (UnixMillis t = departed;; t += step) {
    UnixMillis stamp = t + rng_.Int(0, 20) * 1000;
    double speed = 0;
    if (t >= stop_until) {
      speed = trip_.cruise_kmh * rng_.Uniform(0.7, 1.1);
      double next_km = km + speed * static_cast<double>(step) / static_cast<double>(kHour);
      if (next_stop < trip_.stops.size() && next_km >= trip_.stops[next_stop].km && t > departed) {
        const Stop& stop = trip_.stops[next_stop++];
        next_km = std::max(km, stop.km);
        stop_until = t + static_cast<UnixMillis>(stop.minutes * static_cast<double>(kMinute));
        if (stop.planted) MarkOnset(t);
        if (stop.opens_seal) {
          seal_ = "open";
          MarkOnset(stamp + 30'000);
          Emit(stamp + 30'000, Position(next_km), 0, "seal_opened");
          stamp += 60'000;
        }
        speed = 0;
      }
      km = std::min(next_km, trip_.end_km);
    }
    if (trip_.silent_at_km >= 0 && silent_from < 0 && km >= trip_.silent_at_km) {
      silent_from = t;
      MarkOnset(t);
      silent_to = t + trip_.silent_for;
      if (rng_.Chance(0.5)) Emit(stamp, Position(km), speed, "power_cut");
      continue;
    }
    bool silent = t >= silent_from && t < silent_to;
    bool gap = t >= trip_.gap_from && t < trip_.gap_to;
    // A silent device reports its arrival only once it is back.
    if (km >= trip_.end_km && !silent) {
      if (trip_.arrives) {
        GeoPoint end = trip_.divert_at_km >= 0 ? trip_.wrong_destination : trip_.route->route.polyline.back();
        if (trip_.divert_at_km >= 0) MarkOnset(stamp);
        Emit(stamp, end, 0, "arrival");
      } else if (rng_.Chance(0.5)) {
        Emit(stamp, Position(km), speed, "jamming");
      }
      return last_;
    }
    if (silent || gap || (t > departed && rng_.Chance(0.02))) continue;
    if (OutsideCorridor(km)) MarkOnset(stamp);
    std::string_view type = "position";
    if (!low_battery_sent_ && trip_.low_battery_at_km >= 0 && km >= trip_.low_battery_at_km) {
      type = "low_battery";
      low_battery_sent_ = true;
    }
    Emit(stamp, Position(km), speed, type);
  }
}

std::vector<Violation> AssignViolations(size_t count, Rng& rng) {
  std::vector<double> weights;
  double planted = 0;
  for (const ViolationSpec& spec : kViolationSpecs) {
    weights.push_back(spec.rate);
    planted += spec.rate;
  }
  weights[0] = 1.0 - planted;
  WeightedTable table(weights);
  std::vector<Violation> violations(count);
  std::array<int, kViolationKinds> seen{};
  for (Violation& v : violations) {
    v = static_cast<Violation>(table.Sample(rng));
    ++seen[static_cast<size_t>(v)];
  }
  // Every kind appears at least once when there are enough transits, so small data sets show each signal.
  if (count >= 3 * kViolationKinds) {
    for (int kind = 1; kind < kViolationKinds; ++kind) {
      if (seen[static_cast<size_t>(kind)] > 0) continue;
      for (int tries = 0; tries < 100; ++tries) {
        size_t i = rng.Index(count);
        if (violations[i] != kNoViolation) continue;
        violations[i] = static_cast<Violation>(kind);
        break;
      }
    }
  }
  return violations;
}

}  // namespace

TransitCounts WriteTransits(const std::vector<TransitPlan>& plans, uint64_t seed, Table& transits, Table& events,
                            Table& truth, FaultInjector& faults) {
  Rng rng(seed);
  std::vector<Violation> violations = AssignViolations(plans.size(), rng);
  std::vector<Device> devices;
  using FreeDevice = std::pair<UnixMillis, size_t>;
  std::priority_queue<FreeDevice, std::vector<FreeDevice>, std::greater<>> free_devices;
  TransitCounts counts;
  for (size_t i = 0; i < plans.size(); ++i) {
    const TransitPlan& plan = plans[i];
    const RouteGeometry& route = Routes()[static_cast<size_t>(plan.route)];
    size_t device_index;
    if (!free_devices.empty() && free_devices.top().first <= plan.departed_at) {
      device_index = free_devices.top().second;
      free_devices.pop();
    } else {
      Device device;
      device.id = Concat("GPS-", 100'000 + devices.size());
      device.interval_minutes = rng.Chance(0.45) ? 5 : rng.Chance(0.64) ? 10 : 15;
      device.jitter_m = rng.Uniform(3, 25);
      device.reports_speed = rng.Chance(0.9);
      devices.push_back(device);
      device_index = devices.size() - 1;
    }
    Transit transit;
    transit.transit_id = plan.transit_id;
    transit.declaration_id = plan.declaration_id;
    transit.departure_office = route.departure_office;
    transit.destination_office = route.destination_office;
    transit.route_id = route.route.route_id;
    transit.device_id = devices[device_index].id;
    transit.departed_at = plan.departed_at;
    transit.deadline = DeadlineFor(route, plan.departed_at);
    WriteTransit(transits, transit);
    ++counts.transits;

    std::string detail;
    Trip trip = PlanTrip(route, violations[i], plan.departed_at, transit.deadline, rng, &detail);
    TripWriter writer(trip, devices[device_index], events, faults, rng);
    UnixMillis last = writer.Run(plan.departed_at);
    counts.events += writer.events();
    free_devices.push({last + kHour, device_index});
    if (violations[i] != kNoViolation) {
      const bool at_deadline = violations[i] == kLateArrival || violations[i] == kNeverArrived;
      const UnixMillis onset = at_deadline ? transit.deadline : writer.onset();
      if (onset >= 0) detail += Concat(";onset=", FormatTimestamp(onset));
      WriteTruthRow(truth,
                    {std::string(kViolationSpecs[static_cast<size_t>(violations[i])].name), "transit", plan.transit_id,
                     plan.declaration_id, static_cast<EpochDay>(plan.departed_at / kMillisPerDay),
                     Concat("device=", transit.device_id, ";route=", route.route.route_id, ";", detail)});
    }
  }
  return counts;
}

}  // namespace aduana::gen
