// Goods in transit under customs control: approved corridors from the ports to inland offices, with stop
// zones (routes.cc), and the simulation of GPS / e-seal tracking of each transit with honest noise and planted
// violations (transit_sim.cc).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/transit.h"
#include "generate/faults.h"
#include "generate/random.h"
#include "generate/table.h"

namespace aduana::gen {

struct RouteGeometry {
  Route route;
  std::vector<StopZone> zones;
  std::vector<double> cumulative_km;  // distance along the polyline at each point
  std::string departure_office;
  std::string destination_office;
  double length_km = 0;
};

// The approved corridors (fixed: they belong to the modelled country, not to a run).
const std::vector<RouteGeometry>& Routes();
// Indexes of the routes that start at a customs office ("" none).
std::vector<int> RoutesFrom(std::string_view office_id);

double DistanceKm(const GeoPoint& a, const GeoPoint& b);
GeoPoint PointAlong(const RouteGeometry& route, double km);
// A point `offset_km` to the left of the route at distance `km` (negative: to the right).
GeoPoint OffsetFromRoute(const RouteGeometry& route, double km, double offset_km);

struct TransitPlan {
  std::string transit_id;
  std::string declaration_id;
  int route = 0;
  UnixMillis departed_at = 0;
};

struct TransitCounts {
  int64_t transits = 0;
  int64_t events = 0;
};

// Assigns devices, deadlines and planted violations, then writes transits.csv, tracking_events.csv and the
// violations' ground truth.
TransitCounts WriteTransits(const std::vector<TransitPlan>& plans, uint64_t seed, Table& transits, Table& events,
                            Table& truth, FaultInjector& faults);

}  // namespace aduana::gen
