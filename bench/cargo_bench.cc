// Tracking events processed per second by the transit monitor on one core, with 10,000 transits in flight on
// the generator's corridors (Mexican ports and border to inland offices), events in time order as a feed
// delivers them, the clock moved every 1,000 events; against the library baseline in the same run: measuring
// each fix against its route exactly with GeographicLib (cargo/corridor.h explains why the monitor does not).
// Also: parsing the NDJSON lines of the API.
//
//   build/bench/bench_cargo [--benchmark_filter=...]        docs/benchmarks.md has the results.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "cargo/corridor.h"
#include "cargo/transit_monitor.h"
#include "generate/transit_sim.h"
#include "ingest/json_records.h"
#include "nlohmann/json.hpp"

namespace {

using aduana::GeoPoint;
using aduana::TrackingEvent;
using aduana::Transit;
using aduana::UnixMillis;
using aduana::cargo::kMinuteMs;

constexpr int kTransits = 10'000;
constexpr int kFixesEach = 24;  // two hours at one fix every five minutes
constexpr UnixMillis kStart = 1'750'000'000'000;

struct Feed {
  std::vector<Transit> transits;
  std::vector<TrackingEvent> events;  // by time
  std::vector<int> route_of_event;
};

const Feed& TheFeed() {
  static const Feed feed = [] {
    Feed f;
    const auto& routes = aduana::gen::Routes();
    std::mt19937_64 rng(42);
    std::normal_distribution<double> jitter(0, 15.0 / 111'000);
    std::uniform_real_distribution<double> speed(55, 80);
    for (int k = 0; k < kTransits; ++k) {
      Transit t;
      t.transit_id = "T" + std::to_string(k);
      t.declaration_id = "D" + std::to_string(k);
      t.route_id = routes[static_cast<size_t>(k) % routes.size()].route.route_id;
      t.device_id = "GPS-" + std::to_string(100'000 + k);
      t.departed_at = kStart + (k % 60) * kMinuteMs;
      t.deadline = t.departed_at + 48 * 60 * kMinuteMs;
      f.transits.push_back(t);
    }
    struct Timed {
      UnixMillis t;
      int k;
      int fix;
    };
    std::vector<Timed> order;
    for (int k = 0; k < kTransits; ++k) {
      for (int i = 0; i < kFixesEach; ++i) {
        order.push_back({f.transits[static_cast<size_t>(k)].departed_at + i * 5 * kMinuteMs + (k % 20) * 1000, k, i});
      }
    }
    std::sort(order.begin(), order.end(), [](const Timed& a, const Timed& b) { return a.t < b.t; });
    std::vector<double> kmh(kTransits);
    for (double& v : kmh) v = speed(rng);
    for (const Timed& o : order) {
      const size_t route = static_cast<size_t>(o.k) % routes.size();
      const double km = kmh[static_cast<size_t>(o.k)] * o.fix * 5 / 60.0;
      GeoPoint p = aduana::gen::PointAlong(routes[route], km);
      p.lat += jitter(rng);
      p.lon += jitter(rng);
      TrackingEvent e;
      e.device_id = f.transits[static_cast<size_t>(o.k)].device_id;
      e.event_time = o.t;
      e.position = p;
      e.speed_kmh = kmh[static_cast<size_t>(o.k)];
      e.event_type = "position";
      e.seal_status = "closed";
      f.events.push_back(std::move(e));
      f.route_of_event.push_back(static_cast<int>(route));
    }
    return f;
  }();
  return feed;
}

void LoadMonitor(aduana::cargo::TransitMonitor& monitor, const Feed& feed) {
  for (const aduana::gen::RouteGeometry& g : aduana::gen::Routes()) (void)monitor.AddRoute(g.route, g.zones);
  for (const Transit& t : feed.transits) (void)monitor.AddTransit(t);
}

void BM_MonitorEvents(benchmark::State& state) {
  const Feed& feed = TheFeed();
  int64_t alerts = 0;
  for (auto _ : state) {
    state.PauseTiming();
    aduana::cargo::TransitMonitor monitor;
    LoadMonitor(monitor, feed);
    state.ResumeTiming();
    size_t since_tick = 0;
    for (const TrackingEvent& e : feed.events) {
      if (++since_tick == 1000) {
        monitor.AdvanceTo(e.event_time);
        since_tick = 0;
      }
      benchmark::DoNotOptimize(monitor.Offer(e));
    }
    monitor.Flush();
    state.PauseTiming();
    alerts += static_cast<int64_t>(monitor.TakeAlerts().size());
    state.counters["in_flight"] = static_cast<double>(monitor.transits_in_flight());
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(feed.events.size()));
  state.counters["alerts"] = static_cast<double>(alerts);  // honest trips: none expected
}
BENCHMARK(BM_MonitorEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

// The baseline: each fix measured exactly (GeographicLib, gnomonic intercept) against every segment of its
// route, which is what deciding "inside the corridor" costs without the monitor's projection and search.
void BM_ExactCorridorDistanceBaseline(benchmark::State& state) {
  const Feed& feed = TheFeed();
  const auto& routes = aduana::gen::Routes();
  size_t i = 0;
  for (auto _ : state) {
    const TrackingEvent& e = feed.events[i];
    const auto& polyline = routes[static_cast<size_t>(feed.route_of_event[i])].route.polyline;
    double best = HUGE_VAL;
    for (size_t s = 0; s + 1 < polyline.size(); ++s) {
      best = std::min(best, aduana::cargo::GeodesicDistanceToSegmentM(e.position, polyline[s], polyline[s + 1]));
    }
    benchmark::DoNotOptimize(best);
    i = (i + 1) % feed.events.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExactCorridorDistanceBaseline);

void BM_ParseEventJson(benchmark::State& state) {
  const Feed& feed = TheFeed();
  std::vector<std::string> lines;
  for (size_t i = 0; i < 10'000; ++i) lines.push_back(aduana::ToJson(feed.events[i]).dump());
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(aduana::ParseTrackingEventJson(lines[i]));
    i = (i + 1) % lines.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseEventJson);

}  // namespace

BENCHMARK_MAIN();
