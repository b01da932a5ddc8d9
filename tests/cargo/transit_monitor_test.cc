#include "cargo/transit_monitor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "core/time.h"

namespace aduana::cargo {
namespace {

constexpr UnixMillis kMinute = kMinuteMs;
constexpr UnixMillis kDeparture = 1'750'000'000'000;  // 2025-06-15
// The route runs due north from 19.0 to 20.0 degrees (about 110 km) along longitude -99; the trip below covers
// it at 60 km/h with a fix every 5 minutes.
constexpr double kLatPerMinute = 1.0 / 110.6;  // 1 km a minute

Route NorthRoute() {
  Route route;
  route.route_id = "R1";
  route.tolerance_m = 1000;
  for (int i = 0; i <= 10; ++i) route.polyline.push_back({19.0 + 0.1 * i, -99.0});
  return route;
}

StopZone RestArea() {
  StopZone zone;
  zone.route_id = "R1";
  zone.zone_id = "Z1";
  zone.centre = {19.5, -99.0};
  zone.radius_m = 800;
  zone.max_stop_minutes = 45;
  return zone;
}

Transit Trip(const std::string& id, const std::string& device, UnixMillis departed = kDeparture) {
  Transit transit;
  transit.transit_id = id;
  transit.declaration_id = "D-" + id;
  transit.departure_office = "MX430";
  transit.destination_office = "MX200";
  transit.route_id = "R1";
  transit.device_id = device;
  transit.departed_at = departed;
  transit.deadline = departed + 4 * 60 * kMinute;
  return transit;
}

TrackingEvent Fix(const std::string& device, UnixMillis t, GeoPoint p, double speed, std::string type = "position") {
  TrackingEvent e;
  e.device_id = device;
  e.event_time = t;
  e.position = p;
  e.speed_kmh = speed;
  e.event_type = std::move(type);
  e.seal_status = "closed";
  return e;
}

// A trip along the route: moving at 1 km a minute, pausing `stop_minutes` at latitude `stop_lat`
// `east_deg` east of the route, with small jitter; the arrival at the end when `arrives`.
struct TripPlan {
  double stop_lat = -1;
  double stop_east_deg = 0;
  int stop_minutes = 0;
  double detour_from = -1, detour_to = -1, detour_east_deg = 0;
  UnixMillis silent_from = -1, silent_to = -1;
  double end_lat = 20.0;
  bool arrives = true;
  GeoPoint arrival{20.0, -99.0};
  bool reports_speed = true;
  UnixMillis start = kDeparture;
};

std::vector<TrackingEvent> Drive(const TripPlan& plan, const std::string& device = "GPS-1") {
  std::mt19937 rng(3);
  std::normal_distribution<double> jitter(0, 15.0 / 110'000);
  std::vector<TrackingEvent> events;
  double lat = 19.0;
  int stopped = 0;
  for (UnixMillis t = plan.start;; t += 5 * kMinute) {
    bool stopping = plan.stop_lat > 0 && lat >= plan.stop_lat && stopped < plan.stop_minutes;
    if (stopping) stopped += 5;
    double east = stopping ? plan.stop_east_deg : 0;
    if (lat >= plan.detour_from && lat <= plan.detour_to) east = plan.detour_east_deg;
    if (lat >= plan.end_lat) {
      if (plan.arrives) events.push_back(Fix(device, t, plan.arrival, 0, "arrival"));
      return events;
    }
    if (!(t >= plan.silent_from && t < plan.silent_to)) {
      GeoPoint p{lat + jitter(rng), -99.0 + east + jitter(rng)};
      events.push_back(Fix(device, t, p, plan.reports_speed ? (stopping ? 0 : 60) : -1));
    }
    if (stopping) continue;
    double ahead = lat + 5 * kLatPerMinute;
    if (plan.stop_lat > 0 && lat < plan.stop_lat && ahead > plan.stop_lat) ahead = plan.stop_lat;  // stop there
    lat = std::min(plan.end_lat, ahead);
  }
}

class MonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(monitor_.AddRoute(NorthRoute(), {RestArea()}).ok());
    ASSERT_TRUE(monitor_.AddTransit(Trip("T1", "GPS-1")).ok());
  }
  // Offers the events in order as a clock moving a minute at a time reaches them, up to `until`.
  std::set<std::string> Run(const std::vector<TrackingEvent>& events,
                            UnixMillis until = kDeparture + 24 * 60 * kMinute) {
    size_t next = 0;
    for (UnixMillis t = kDeparture; t <= until; t += kMinute) {
      while (next < events.size() && events[next].event_time <= t) monitor_.Offer(events[next++]);
      monitor_.AdvanceTo(t);
    }
    return Kinds();
  }
  std::set<std::string> Kinds() {
    for (CargoAlert& a : monitor_.TakeAlerts()) alerts_.push_back(std::move(a));
    std::set<std::string> kinds;
    for (const CargoAlert& a : alerts_) kinds.insert(std::string(CargoAlertKindName(a.kind)));
    return kinds;
  }
  const CargoAlert* Find(std::string_view kind) const {
    for (const CargoAlert& a : alerts_) {
      if (CargoAlertKindName(a.kind) == kind) return &a;
    }
    return nullptr;
  }

  TransitMonitor monitor_;
  std::vector<CargoAlert> alerts_;
};

TEST_F(MonitorTest, AnHonestTripWithJitterAZoneStopAndAGapRaisesNothing) {
  TripPlan plan;
  plan.stop_lat = 19.5;
  plan.stop_minutes = 40;  // the zone allows 45
  plan.silent_from = kDeparture + 20 * kMinute;
  plan.silent_to = kDeparture + 75 * kMinute;  // under the 90 silent minutes
  EXPECT_TRUE(Run(Drive(plan)).empty());
  EXPECT_EQ(monitor_.counters().processed, monitor_.counters().accepted);
  EXPECT_EQ(monitor_.transits_in_flight(), 0u);  // over an hour after arrival: forgotten
  EXPECT_EQ(monitor_.transits_monitored(), 0u);
}

TEST_F(MonitorTest, WithoutSpeedAStopIsJudgedByPositionAlone) {
  TripPlan plan;
  plan.reports_speed = false;
  plan.stop_lat = 19.5;
  plan.stop_minutes = 40;
  EXPECT_TRUE(Run(Drive(plan)).empty());
}

TEST_F(MonitorTest, LeavingTheCorridorForTwoFixesIsADeviation) {
  TripPlan plan;
  plan.detour_from = 19.3;
  plan.detour_to = 19.4;
  plan.detour_east_deg = 0.015;  // about 1.6 km: beyond the 1 km tolerance, under twice it
  EXPECT_EQ(Run(Drive(plan)), std::set<std::string>{"route_deviation"});
  const CargoAlert* alert = Find("route_deviation");
  EXPECT_GT(alert->observed, 1000);
  EXPECT_LT(alert->observed, 2000);
  EXPECT_EQ(alert->limit, 1000);
  EXPECT_EQ(alert->declaration_id, "D-T1");
  EXPECT_NE(alert->evidence.find("2 fix(es)"), std::string::npos) << alert->evidence;
}

TEST_F(MonitorTest, OneFixJustOutsideIsNotADeviationButOneFarOutsideIs) {
  TripPlan plan;
  plan.detour_from = 19.30;
  plan.detour_to = 19.33;  // one fix
  plan.detour_east_deg = 0.015;
  EXPECT_TRUE(Run(Drive(plan)).empty());

  TransitMonitor far;
  ASSERT_TRUE(far.AddRoute(NorthRoute(), {}).ok());
  ASSERT_TRUE(far.AddTransit(Trip("T1", "GPS-1")).ok());
  plan.detour_east_deg = 0.03;  // about 3.2 km
  for (const TrackingEvent& e : Drive(plan)) far.Offer(e);
  far.Flush();
  auto alerts = far.TakeAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, CargoAlertKind::kRouteDeviation);
}

TEST_F(MonitorTest, AStopOutsideTheZonesLongerThanAllowedIsUnplanned) {
  TripPlan plan;
  plan.stop_lat = 19.3;
  plan.stop_minutes = 50;
  std::set<std::string> kinds = Run(Drive(plan));
  EXPECT_EQ(kinds, std::set<std::string>{"unplanned_stop"});
  const CargoAlert* alert = Find("unplanned_stop");
  EXPECT_GT(alert->observed, 30);
  EXPECT_EQ(alert->limit, 30);
  EXPECT_NE(alert->evidence.find("outside the approved stop zones"), std::string::npos);
}

TEST_F(MonitorTest, AShortStopOutsideTheZonesIsNot) {
  TripPlan plan;
  plan.stop_lat = 19.3;
  plan.stop_minutes = 25;
  EXPECT_TRUE(Run(Drive(plan)).empty());
}

TEST_F(MonitorTest, AZoneStopBeyondTheZonesLimitIsUnplanned) {
  TripPlan plan;
  plan.stop_lat = 19.5;
  plan.stop_minutes = 70;
  EXPECT_EQ(Run(Drive(plan)), std::set<std::string>{"unplanned_stop"});
  EXPECT_EQ(Find("unplanned_stop")->limit, 45);
  EXPECT_NE(Find("unplanned_stop")->evidence.find("in stop zone Z1"), std::string::npos);
}

TEST_F(MonitorTest, AnOpenedSealAndDeviceAlarmsAreRaisedAtOnce) {
  std::vector<TrackingEvent> events = Drive(TripPlan{});
  TrackingEvent opened = events[6];
  opened.event_time += kMinute;
  opened.event_type = "seal_opened";
  opened.seal_status = "open";
  TrackingEvent jammed = events[8];
  jammed.event_time += kMinute;
  jammed.event_type = "jamming";
  events.insert(events.begin() + 9, jammed);
  events.insert(events.begin() + 7, opened);
  EXPECT_EQ(Run(events), (std::set<std::string>{"seal_opened", "device_alarm"}));
  EXPECT_EQ(Find("seal_opened")->event_time, opened.event_time);
}

TEST_F(MonitorTest, ALowBatteryIsNotAnAlert) {
  std::vector<TrackingEvent> events = Drive(TripPlan{});
  events[5].event_type = "low_battery";
  EXPECT_TRUE(Run(events).empty());
}

TEST_F(MonitorTest, ASilentDeviceIsRaisedByTheClock) {
  TripPlan plan;
  plan.silent_from = kDeparture + 10 * kMinute;
  plan.silent_to = kDeparture + 110 * kMinute;  // 100 minutes without a fix; the trip still arrives in time
  EXPECT_EQ(Run(Drive(plan)), std::set<std::string>{"device_silent"});
  const CargoAlert* alert = Find("device_silent");
  EXPECT_GT(alert->observed, 90);
  // Raised by the clock, a minute after the 90 silent minutes that follow the last fix before the silence.
  EXPECT_LE(alert->raised_at, kDeparture + (5 + 90 + 1) * kMinute);
}

TEST_F(MonitorTest, ALateTripIsLateAtTheDeadlineAndNotRaisedTwiceOnArrival) {
  TripPlan plan;
  plan.stop_lat = 19.5;
  plan.stop_minutes = 200;  // past the zone's limit, and 110 minutes of driving besides: past the 4-hour deadline
  std::set<std::string> kinds = Run(Drive(plan));
  EXPECT_TRUE(kinds.contains("late_arrival"));
  const CargoAlert* alert = Find("late_arrival");
  EXPECT_GE(alert->raised_at, kDeparture + 4 * 60 * kMinute);
  EXPECT_LE(alert->raised_at, kDeparture + 4 * 60 * kMinute + kMinute);
  EXPECT_EQ(std::count_if(alerts_.begin(), alerts_.end(),
                          [](const CargoAlert& a) { return a.kind == CargoAlertKind::kLateArrival; }),
            1);
}

TEST_F(MonitorTest, ATripThatEndsHalfwayNeverArrives) {
  TripPlan plan;
  plan.end_lat = 19.6;
  plan.arrives = false;
  std::set<std::string> kinds = Run(Drive(plan));
  EXPECT_EQ(kinds, (std::set<std::string>{"device_silent", "late_arrival", "never_arrived"}));
  EXPECT_GE(Find("never_arrived")->raised_at, kDeparture + (4 + 12) * 60 * kMinute);
}

TEST_F(MonitorTest, AnArrivalFarFromTheDestinationIsAtTheWrongPlace) {
  TripPlan plan;
  plan.arrival = {20.0, -99.25};  // about 26 km west
  EXPECT_EQ(Run(Drive(plan)), std::set<std::string>{"wrong_destination"});
  EXPECT_NEAR(Find("wrong_destination")->observed, 26'000, 1'500);
}

TEST_F(MonitorTest, OutOfOrderEventsWithinTheWindowGiveTheSameAlertsAsOrderedOnes) {
  TripPlan plan;
  plan.stop_lat = 19.3;
  plan.stop_minutes = 50;
  std::vector<TrackingEvent> events = Drive(plan);
  // Swap neighbours: each event arrives up to 5 minutes late, inside the 10-minute window.
  for (size_t i = 0; i + 1 < events.size(); i += 2) std::swap(events[i], events[i + 1]);
  for (const TrackingEvent& e : events) EXPECT_EQ(monitor_.Offer(e), EventVerdict::kAccepted);
  monitor_.Flush();
  EXPECT_EQ(Kinds(), std::set<std::string>{"unplanned_stop"});
  EXPECT_EQ(monitor_.counters().processed, static_cast<int64_t>(events.size()));
}

TEST_F(MonitorTest, RepeatsAreDuplicatesAndEventsOlderThanTheWindowAreTooLate) {
  std::vector<TrackingEvent> events = Drive(TripPlan{});
  ASSERT_GT(events.size(), 10u);
  for (size_t i = 0; i < 8; ++i) ASSERT_EQ(monitor_.Offer(events[i]), EventVerdict::kAccepted);
  EXPECT_EQ(monitor_.Offer(events[7]), EventVerdict::kDuplicate);  // still buffered
  EXPECT_EQ(monitor_.Offer(events[5]), EventVerdict::kDuplicate);  // processed, within the window
  TrackingEvent old = events[1];
  old.event_time += kMinute;  // new, but older than what was processed
  EXPECT_EQ(monitor_.Offer(old), EventVerdict::kTooLate);
  TrackingEvent stranger = events[3];
  stranger.device_id = "GPS-UNKNOWN";
  EXPECT_EQ(monitor_.Offer(stranger), EventVerdict::kNoTransit);
  TrackingEvent before = events[0];
  before.event_time = kDeparture - 60 * kMinute;
  EXPECT_EQ(monitor_.Offer(before), EventVerdict::kNoTransit);
  EXPECT_EQ(monitor_.counters().duplicates, 2);
  EXPECT_EQ(monitor_.counters().too_late, 1);
  EXPECT_EQ(monitor_.counters().no_transit, 2);
}

TEST_F(MonitorTest, ADeviceFittedToTwoTripsReportsToTheOneUnderWay) {
  const UnixMillis second = kDeparture + 6 * 60 * kMinute;
  ASSERT_TRUE(monitor_.AddTransit(Trip("T2", "GPS-1", second)).ok());
  TripPlan first;
  TripPlan next;
  next.start = second;
  next.arrival = {20.0, -99.25};
  std::vector<TrackingEvent> events = Drive(first);
  for (const TrackingEvent& e : Drive(next)) events.push_back(e);
  Run(events, second + 24 * 60 * kMinute);
  ASSERT_EQ(alerts_.size(), 1u);
  EXPECT_EQ(alerts_[0].transit_id, "T2");
  EXPECT_EQ(alerts_[0].kind, CargoAlertKind::kWrongDestination);
}

TEST(TransitMonitorSetup, RejectsBadRoutesAndTransits) {
  TransitMonitor monitor;
  Route one_point = NorthRoute();
  one_point.polyline.resize(1);
  EXPECT_EQ(monitor.AddRoute(one_point, {}).code(), absl::StatusCode::kInvalidArgument);
  Route no_tolerance = NorthRoute();
  no_tolerance.tolerance_m = 0;
  EXPECT_EQ(monitor.AddRoute(no_tolerance, {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(monitor.AddTransit(Trip("T1", "GPS-1")).code(), absl::StatusCode::kInvalidArgument);  // no route
  ASSERT_TRUE(monitor.AddRoute(NorthRoute(), {}).ok());
  Transit backwards = Trip("T1", "GPS-1");
  backwards.deadline = backwards.departed_at - 1;
  EXPECT_EQ(monitor.AddTransit(backwards).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(monitor.AddTransit(Trip("T1", "GPS-1")).ok());
  EXPECT_EQ(monitor.AddTransit(Trip("T1", "GPS-1")).code(), absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace aduana::cargo
