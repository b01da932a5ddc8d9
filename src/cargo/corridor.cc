#include "cargo/corridor.h"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/Gnomonic.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace aduana::cargo {
namespace {

constexpr double kDegree = 3.14159265358979323846 / 180.0;
// WGS 84.
constexpr double kSemiMajorM = 6378137.0;
constexpr double kFlattening = 1 / 298.257223563;
constexpr double kEccentricity2 = kFlattening * (2 - kFlattening);

// Projected distances within this share of the tolerance (and 25 m) of it are measured on the ellipsoid.
constexpr double kExactBand = 0.05;
constexpr double kExactBandFloorM = 25;
// Segments searched before and after the previous fix's segment.
constexpr int kSearchBehind = 2;
constexpr int kSearchAhead = 6;

const GeographicLib::Geodesic& Wgs84() { return GeographicLib::Geodesic::WGS84(); }

// Metres per degree of latitude and of longitude at latitude `lat` (radii of curvature of the ellipsoid).
std::pair<double, double> MetresPerDegree(double lat) {
  const double s = std::sin(lat * kDegree);
  const double w = 1 - kEccentricity2 * s * s;
  const double meridian = kSemiMajorM * (1 - kEccentricity2) / (w * std::sqrt(w));
  const double prime_vertical = kSemiMajorM / std::sqrt(w);
  return {meridian * kDegree, prime_vertical * std::cos(lat * kDegree) * kDegree};
}

double LongitudeDifference(double to, double from) {
  double d = to - from;
  if (d > 180) d -= 360;
  if (d < -180) d += 360;
  return d;
}

}  // namespace

double LocalDistanceM(const GeoPoint& a, const GeoPoint& b) {
  const auto [m_per_deg_lat, m_per_deg_lon] = MetresPerDegree(a.lat);
  const double y = (b.lat - a.lat) * m_per_deg_lat, x = LongitudeDifference(b.lon, a.lon) * m_per_deg_lon;
  return std::sqrt(x * x + y * y);
}

double GeodesicDistanceM(const GeoPoint& a, const GeoPoint& b) {
  double s12 = 0;
  Wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
  return s12;
}

double GeodesicDistanceToSegmentM(const GeoPoint& p, const GeoPoint& a, const GeoPoint& b) {
  // On the gnomonic projection centred near the intercept, geodesics are nearly straight lines: take the
  // nearest point of the projected segment, re-centre there, and repeat until it settles.
  const GeographicLib::Gnomonic gnomonic(Wgs84());
  GeoPoint centre{(a.lat + b.lat) / 2, a.lon + LongitudeDifference(b.lon, a.lon) / 2};
  for (int iteration = 0; iteration < 6; ++iteration) {
    double xa, ya, xb, yb, xp, yp;
    gnomonic.Forward(centre.lat, centre.lon, a.lat, a.lon, xa, ya);
    gnomonic.Forward(centre.lat, centre.lon, b.lat, b.lon, xb, yb);
    gnomonic.Forward(centre.lat, centre.lon, p.lat, p.lon, xp, yp);
    const double dx = xb - xa, dy = yb - ya;
    const double length2 = dx * dx + dy * dy;
    const double t = length2 > 0 ? std::clamp(((xp - xa) * dx + (yp - ya) * dy) / length2, 0.0, 1.0) : 0.0;
    GeoPoint next;
    gnomonic.Reverse(centre.lat, centre.lon, xa + t * dx, ya + t * dy, next.lat, next.lon);
    const double moved = std::fabs(next.lat - centre.lat) + std::fabs(LongitudeDifference(next.lon, centre.lon));
    centre = next;
    if (moved < 1e-10) break;
  }
  return GeodesicDistanceM(p, centre);
}

Corridor::Corridor(Route route, std::vector<StopZone> zones) : route_(std::move(route)), zones_(std::move(zones)) {
  for (const GeoPoint& point : route_.polyline) lon_scale_.push_back(MetresPerDegree(point.lat).second);
  cumulative_m_.push_back(0);
  for (size_t i = 1; i < route_.polyline.size(); ++i) {
    cumulative_m_.push_back(cumulative_m_.back() + GeodesicDistanceM(route_.polyline[i - 1], route_.polyline[i]));
  }
}

Corridor::Projected Corridor::ProjectOnSegment(const GeoPoint& p, int segment, double m_per_deg_lat) const {
  const GeoPoint& a = route_.polyline[static_cast<size_t>(segment)];
  const GeoPoint& b = route_.polyline[static_cast<size_t>(segment) + 1];
  // Sinusoidal projection about p's meridian: each vertex's longitude at the scale of its own parallel.
  const double ax = LongitudeDifference(a.lon, p.lon) * lon_scale_[static_cast<size_t>(segment)];
  const double bx = LongitudeDifference(b.lon, p.lon) * lon_scale_[static_cast<size_t>(segment) + 1];
  const double ay = (a.lat - p.lat) * m_per_deg_lat, by = (b.lat - p.lat) * m_per_deg_lat;
  const double dx = bx - ax, dy = by - ay;
  const double length2 = dx * dx + dy * dy;
  const double t = length2 > 0 ? std::clamp(-(ax * dx + ay * dy) / length2, 0.0, 1.0) : 0.0;
  const double x = ax + t * dx, y = ay + t * dy;
  return {std::sqrt(x * x + y * y), t};
}

RouteFix Corridor::Best(const GeoPoint& p, int from, int to, double m_per_deg_lat) const {
  RouteFix best;
  best.offset_m = HUGE_VAL;
  for (int s = from; s < to; ++s) {
    Projected projected = ProjectOnSegment(p, s, m_per_deg_lat);
    if (projected.offset_m >= best.offset_m) continue;
    const size_t i = static_cast<size_t>(s);
    best.offset_m = projected.offset_m;
    best.segment = s;
    best.along_m = cumulative_m_[i] + projected.t * (cumulative_m_[i + 1] - cumulative_m_[i]);
  }
  return best;
}

RouteFix Corridor::Locate(const GeoPoint& p, int hint) const {
  const int segments = static_cast<int>(route_.polyline.size()) - 1;
  const double m_per_deg_lat = MetresPerDegree(p.lat).first;
  const double tolerance = route_.tolerance_m;
  const double band = std::max(kExactBand * tolerance, kExactBandFloorM);
  RouteFix fix;
  fix.offset_m = HUGE_VAL;
  if (hint >= 0) {
    fix = Best(p, std::max(0, hint - kSearchBehind), std::min(segments, hint + kSearchAhead + 1), m_per_deg_lat);
  }
  if (fix.offset_m > tolerance - band) fix = Best(p, 0, segments, m_per_deg_lat);
  if (std::fabs(fix.offset_m - tolerance) > band) return fix;
  // Near the corridor's edge: measure the nearest segment and its neighbours on the ellipsoid.
  double exact = HUGE_VAL;
  for (int s = std::max(0, fix.segment - 1); s <= std::min(segments - 1, fix.segment + 1); ++s) {
    const size_t i = static_cast<size_t>(s);
    exact = std::min(exact, GeodesicDistanceToSegmentM(p, route_.polyline[i], route_.polyline[i + 1]));
  }
  fix.offset_m = exact;
  fix.exact = true;
  return fix;
}

const StopZone* Corridor::ZoneAt(const GeoPoint& p) const {
  for (const StopZone& zone : zones_) {
    if (GeodesicDistanceM(p, zone.centre) <= zone.radius_m) return &zone;
  }
  return nullptr;
}

double Corridor::DistanceToEndM(const GeoPoint& p) const { return GeodesicDistanceM(p, route_.polyline.back()); }

}  // namespace aduana::cargo
