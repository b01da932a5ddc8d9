// An approved transit route as the monitor reads it: where a position lies against the route (its distance from
// the polyline and how far along it), which stop zone holds a position, and how far a position is from the end.
//
// Distances are geodesic on the WGS 84 ellipsoid, each route segment a geodesic. Most positions are decided on a
// sinusoidal projection about the position's meridian (the ellipsoid's radii of curvature give metres per degree:
// of latitude at the position, of longitude on each vertex's parallel), within metres of the geodesic answer over
// the few tens of kilometres a segment spans. A position whose projected distance falls in a band around the corridor's tolerance is measured
// exactly with GeographicLib (the point-to-geodesic intercept on the gnomonic projection, Karney 2013), so
// whether it is in or out of the corridor never depends on the approximation.
#pragma once

#include <string>
#include <vector>

#include "core/transit.h"

namespace aduana::cargo {

struct RouteFix {
  double offset_m = 0;    // distance from the route
  int segment = 0;        // the nearest segment (from polyline[segment] to polyline[segment + 1])
  double along_m = 0;     // distance along the route to the nearest point
  bool exact = false;     // measured on the ellipsoid rather than the local projection
};

// The distance in metres between two nearby points on the local projection at `a` (for stop radii: metres, not
// millimetres, matter there).
double LocalDistanceM(const GeoPoint& a, const GeoPoint& b);
// The geodesic distance in metres between two points (GeographicLib, WGS 84).
double GeodesicDistanceM(const GeoPoint& a, const GeoPoint& b);
// The geodesic distance in metres from `p` to the geodesic segment from `a` to `b`.
double GeodesicDistanceToSegmentM(const GeoPoint& p, const GeoPoint& a, const GeoPoint& b);

class Corridor {
 public:
  // `route.polyline` has at least two points; `zones` are the route's approved stop zones.
  Corridor(Route route, std::vector<StopZone> zones);

  const Route& route() const { return route_; }
  const std::vector<StopZone>& zones() const { return zones_; }
  double length_m() const { return cumulative_m_.back(); }

  // Where `p` lies against the route. `hint` is the segment of the previous fix of the same trip: the search
  // starts around it and covers the whole route only when nothing near it lies within the tolerance.
  RouteFix Locate(const GeoPoint& p, int hint = -1) const;
  // The stop zone holding `p`, or nullptr.
  const StopZone* ZoneAt(const GeoPoint& p) const;
  // Distance from `p` to the route's last point (the destination office).
  double DistanceToEndM(const GeoPoint& p) const;

 private:
  struct Projected {
    double offset_m;
    double t;  // where along the segment the nearest point lies, 0 to 1
  };
  Projected ProjectOnSegment(const GeoPoint& p, int segment, double m_per_deg_lat) const;
  RouteFix Best(const GeoPoint& p, int from, int to, double m_per_deg_lat) const;

  Route route_;
  std::vector<StopZone> zones_;
  std::vector<double> cumulative_m_;  // along the route at each polyline point
  std::vector<double> lon_scale_;     // metres per degree of longitude at each polyline point
};

}  // namespace aduana::cargo
