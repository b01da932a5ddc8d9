// Approved transit corridors from Mexican sea ports and the Nuevo Laredo border to inland customs offices,
// drawn through the towns they pass (WGS 84), with stop zones at some of those towns.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "generate/text.h"
#include "generate/transit_sim.h"

namespace aduana::gen {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPi = 3.141592653589793;
constexpr uint64_t kRouteSeed = 0x524F555445;  // routes are fixed, not drawn per run

struct Waypoint {
  double lat, lon;
  bool zone;  // a stop zone (rest area / checkpoint) at this town
};

struct RouteSpec {
  std::string_view id, name, from_office, to_office;
  double tolerance_m;
  std::vector<Waypoint> waypoints;
};

const std::vector<RouteSpec>& RouteSpecs() {
  static const std::vector<RouteSpec> kSpecs = {
      {"R01",
       "Veracruz - Ciudad de México (Pantaco)",
       "MX430",
       "MX200",
       1000,
       {{19.2020, -96.1340, false},
        {18.8940, -96.9350, true},
        {18.8500, -97.1000, false},
        {18.8600, -97.3700, false},
        {19.0414, -98.2063, true},
        {19.2840, -98.4330, false},
        {19.3500, -98.6700, false},
        {19.4850, -99.1500, false}}},
      {"R02",
       "Veracruz - Puebla",
       "MX430",
       "MX750",
       800,
       {{19.2020, -96.1340, false},
        {18.8940, -96.9350, true},
        {18.8500, -97.1000, false},
        {18.8600, -97.3700, true},
        {19.0400, -98.0400, false},
        {19.0414, -98.2063, false}}},
      {"R03",
       "Manzanillo - Guadalajara",
       "MX160",
       "MX730",
       1200,
       {{19.0520, -104.3160, false},
        {18.9400, -103.9600, false},
        {19.2433, -103.7250, true},
        {19.7050, -103.4610, true},
        {20.4200, -103.5900, false},
        {20.6597, -103.3496, false}}},
      {"R04",
       "Manzanillo - Querétaro",
       "MX160",
       "MX640",
       1500,
       {{19.0520, -104.3160, false},
        {19.2433, -103.7250, true},
        {19.7050, -103.4610, false},
        {20.6597, -103.3496, true},
        {20.3400, -102.0300, false},
        {20.6767, -101.3563, true},
        {20.5235, -100.8157, false},
        {20.5888, -100.3899, false}}},
      {"R05",
       "Lázaro Cárdenas - Toluca",
       "MX510",
       "MX650",
       1500,
       {{17.9580, -102.1940, false},
        {18.9000, -102.0500, false},
        {19.4210, -102.0630, true},
        {19.5160, -101.6090, false},
        {19.7060, -101.1950, true},
        {19.8900, -100.4400, false},
        {19.8000, -99.8700, true},
        {19.2826, -99.6557, false}}},
      {"R06",
       "Altamira - Monterrey",
       "MX810",
       "MX190",
       1000,
       {{22.4010, -97.9290, false},
        {22.9500, -98.4500, false},
        {23.7369, -99.1411, true},
        {24.8600, -99.5660, false},
        {25.1870, -99.8270, true},
        {25.6866, -100.3161, false}}},
      {"R07",
       "Altamira - San Luis Potosí",
       "MX810",
       "MX260",
       1200,
       {{22.4010, -97.9290, false},
        {22.2500, -98.4000, false},
        {21.9960, -99.0100, true},
        {21.9300, -99.9900, true},
        {22.1000, -100.5000, false},
        {22.1565, -100.9855, false}}},
      {"R08",
       "Nuevo Laredo - Monterrey",
       "MX240",
       "MX190",
       500,
       {{27.4760, -99.5160, false},
        {27.0000, -99.8500, false},
        {26.5080, -100.1790, true},
        {25.9500, -100.1700, false},
        {25.6866, -100.3161, false}}},
      {"R09",
       "Nuevo Laredo - Querétaro",
       "MX240",
       "MX640",
       2000,
       {{27.4760, -99.5160, false},
        {26.5080, -100.1790, false},
        {25.6866, -100.3161, true},
        {25.4232, -100.9924, false},
        {23.6480, -100.6440, true},
        {22.1565, -100.9855, true},
        {21.3000, -100.5200, false},
        {20.5888, -100.3899, false}}},
      {"R10",
       "Veracruz - Querétaro (Arco Norte)",
       "MX430",
       "MX640",
       1500,
       {{19.2020, -96.1340, false},
        {18.8940, -96.9350, false},
        {19.0414, -98.2063, true},
        {19.5900, -98.5700, false},
        {20.0500, -99.3400, true},
        {20.3890, -99.9960, false},
        {20.5888, -100.3899, false}}},
  };
  return kSpecs;
}

GeoPoint Lerp(const GeoPoint& a, const GeoPoint& b, double t) {
  return {a.lat + (b.lat - a.lat) * t, a.lon + (b.lon - a.lon) * t};
}

// Densifies the waypoints into a polyline of 10 to 50 points; the road bends a little between towns.
RouteGeometry BuildRoute(const RouteSpec& spec, Rng& rng) {
  RouteGeometry g;
  g.route.route_id = std::string(spec.id);
  g.route.name = std::string(spec.name);
  g.route.tolerance_m = spec.tolerance_m;
  g.departure_office = std::string(spec.from_office);
  g.destination_office = std::string(spec.to_office);
  double total = 0;
  for (size_t i = 1; i < spec.waypoints.size(); ++i) {
    total += DistanceKm({spec.waypoints[i - 1].lat, spec.waypoints[i - 1].lon},
                        {spec.waypoints[i].lat, spec.waypoints[i].lon});
  }
  double spacing = std::max(total / 45.0, 18.0);
  int zone_number = 0;
  for (size_t i = 0; i < spec.waypoints.size(); ++i) {
    GeoPoint here{spec.waypoints[i].lat, spec.waypoints[i].lon};
    if (i > 0) {
      GeoPoint prev{spec.waypoints[i - 1].lat, spec.waypoints[i - 1].lon};
      int pieces = std::max(1, static_cast<int>(std::round(DistanceKm(prev, here) / spacing)));
      double bend = rng.Uniform(-0.02, 0.02);  // degrees of lateral bend at mid-segment
      for (int k = 1; k < pieces; ++k) {
        double t = static_cast<double>(k) / pieces;
        GeoPoint p = Lerp(prev, here, t);
        double s = std::sin(kPi * t) * bend;
        p.lat += s * (here.lon - prev.lon) / std::max(1e-9, std::hypot(here.lat - prev.lat, here.lon - prev.lon));
        p.lon -= s * (here.lat - prev.lat) / std::max(1e-9, std::hypot(here.lat - prev.lat, here.lon - prev.lon));
        g.route.polyline.push_back(p);
      }
    }
    g.route.polyline.push_back(here);
    if (spec.waypoints[i].zone) {
      StopZone zone;
      zone.route_id = g.route.route_id;
      zone.zone_id = Concat("Z", ++zone_number);
      zone.centre = here;
      zone.radius_m = std::round(rng.Uniform(400, 1500) / 50) * 50;
      zone.max_stop_minutes = static_cast<int>(rng.Int(3, 8)) * 15;
      g.zones.push_back(zone);
    }
  }
  g.cumulative_km.push_back(0);
  for (size_t i = 1; i < g.route.polyline.size(); ++i) {
    g.cumulative_km.push_back(g.cumulative_km.back() + DistanceKm(g.route.polyline[i - 1], g.route.polyline[i]));
  }
  g.length_km = g.cumulative_km.back();
  return g;
}

}  // namespace

double DistanceKm(const GeoPoint& a, const GeoPoint& b) {
  double to_rad = kPi / 180.0;
  double dlat = (b.lat - a.lat) * to_rad;
  double dlon = (b.lon - a.lon) * to_rad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

const std::vector<RouteGeometry>& Routes() {
  static const std::vector<RouteGeometry> kRoutes = [] {
    Rng rng(kRouteSeed);
    std::vector<RouteGeometry> routes;
    for (const RouteSpec& spec : RouteSpecs()) routes.push_back(BuildRoute(spec, rng));
    return routes;
  }();
  return kRoutes;
}

std::vector<int> RoutesFrom(std::string_view office_id) {
  std::vector<int> result;
  const auto& routes = Routes();
  for (size_t i = 0; i < routes.size(); ++i) {
    if (routes[i].departure_office == office_id) result.push_back(static_cast<int>(i));
  }
  return result;
}

GeoPoint PointAlong(const RouteGeometry& route, double km) {
  const auto& cum = route.cumulative_km;
  km = std::clamp(km, 0.0, route.length_km);
  size_t i = static_cast<size_t>(std::upper_bound(cum.begin(), cum.end(), km) - cum.begin());
  if (i >= cum.size()) return route.route.polyline.back();
  if (i == 0) return route.route.polyline.front();
  double span = cum[i] - cum[i - 1];
  double t = span > 0 ? (km - cum[i - 1]) / span : 0.0;
  return Lerp(route.route.polyline[i - 1], route.route.polyline[i], t);
}

GeoPoint OffsetFromRoute(const RouteGeometry& route, double km, double offset_km) {
  GeoPoint behind = PointAlong(route, std::max(0.0, km - 0.5));
  GeoPoint ahead = PointAlong(route, std::min(route.length_km, km + 0.5));
  GeoPoint base = PointAlong(route, km);
  double cos_lat = std::cos(base.lat * kPi / 180.0);
  double east = (ahead.lon - behind.lon) * cos_lat * 111.32;  // km
  double north = (ahead.lat - behind.lat) * 110.57;
  double norm = std::max(1e-9, std::hypot(east, north));
  // The left normal of the direction of travel is (-north, east).
  return {base.lat + (east / norm) * offset_km / 110.57, base.lon - (north / norm) * offset_km / (111.32 * cos_lat)};
}

}  // namespace aduana::gen
