#include "cargo/corridor.h"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

namespace aduana::cargo {
namespace {

// The distance from `p` to the geodesic from `a` to `b` by brute force: the nearest of many points along it.
double BruteForceDistanceM(const GeoPoint& p, const GeoPoint& a, const GeoPoint& b) {
  const auto& wgs84 = GeographicLib::Geodesic::WGS84();
  GeographicLib::GeodesicLine line = wgs84.InverseLine(a.lat, a.lon, b.lat, b.lon);
  double best = HUGE_VAL;
  constexpr int kSamples = 20'000;
  for (int i = 0; i <= kSamples; ++i) {
    double lat, lon;
    line.Position(line.Distance() * i / kSamples, lat, lon);
    best = std::min(best, GeodesicDistanceM(p, {lat, lon}));
  }
  return best;
}

Route Straight(double tolerance_m) {
  Route route;
  route.route_id.assign("R1");
  route.tolerance_m = tolerance_m;
  route.polyline = {{19.0, -99.0}, {19.25, -98.9}, {19.5, -99.0}, {19.75, -99.1}, {20.0, -99.0}};
  return route;
}

TEST(GeodesicDistanceToSegment, MatchesBruteForceAcrossAndBeyondTheSegment) {
  const GeoPoint a{19.0, -99.0}, b{19.3, -98.7};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(18.8, 19.5), lon(-99.2, -98.5);
  for (int i = 0; i < 40; ++i) {
    GeoPoint p{lat(rng), lon(rng)};
    // Sampling every 2.3 m along a 45 km segment: brute force is within about a metre above the truth.
    double expected = BruteForceDistanceM(p, a, b);
    double got = GeodesicDistanceToSegmentM(p, a, b);
    EXPECT_LE(got, expected + 1e-3) << p.lat << "," << p.lon;
    EXPECT_GE(got, expected - 1.5) << p.lat << "," << p.lon;
  }
}

TEST(GeodesicDistanceToSegment, BeyondAnEndIsTheDistanceToThatEnd) {
  const GeoPoint a{19.0, -99.0}, b{19.2, -99.0};
  const GeoPoint beyond{19.4, -99.01};
  EXPECT_NEAR(GeodesicDistanceToSegmentM(beyond, a, b), GeodesicDistanceM(beyond, b), 1e-6);
}

TEST(CorridorLocate, ProjectedDistancesAreWithinATenthOfAPercentOfGeodesicOnes) {
  Corridor corridor(Straight(1000), {});
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> lat(19.0, 20.0), lon(-99.3, -98.7);
  double max_error = 0;
  for (int i = 0; i < 200; ++i) {
    GeoPoint p{lat(rng), lon(rng)};
    RouteFix fix = corridor.Locate(p);
    double exact = HUGE_VAL;
    for (size_t s = 0; s + 1 < corridor.route().polyline.size(); ++s) {
      exact = std::min(exact, GeodesicDistanceToSegmentM(p, corridor.route().polyline[s],
                                                         corridor.route().polyline[s + 1]));
    }
    // Within 0.1% and a metre: 2 m at a 1 km tolerance, far inside the 50 m band that is measured exactly.
    EXPECT_NEAR(fix.offset_m, exact, 0.001 * exact + 1.0) << p.lat << "," << p.lon;
    if (exact < 5000) max_error = std::max(max_error, std::fabs(fix.offset_m - exact));
  }
  std::printf("largest difference within 5 km of the route: %.2f m\n", max_error);
}

TEST(CorridorLocate, NearTheToleranceTheAnswerIsGeodesic) {
  Corridor corridor(Straight(1000), {});
  // About 1 km east of the first segment's middle: inside the band around the tolerance.
  const GeoPoint middle{19.125, -98.95};
  for (double east : {0.0099, 0.0102, 0.0105}) {  // 975 to 1,035 m from the segment
    GeoPoint p{middle.lat, middle.lon + east};
    RouteFix fix = corridor.Locate(p);
    ASSERT_TRUE(fix.exact) << east;
    EXPECT_NEAR(fix.offset_m, GeodesicDistanceToSegmentM(p, corridor.route().polyline[0], corridor.route().polyline[1]),
                1e-6);
  }
  EXPECT_FALSE(corridor.Locate({middle.lat, middle.lon + 0.001}).exact);
}

TEST(CorridorLocate, FindsTheSegmentFarFromAStaleHintAndMeasuresAlongTheRoute) {
  Corridor corridor(Straight(1000), {});
  RouteFix near_end = corridor.Locate({19.99, -99.002}, /*hint=*/0);
  EXPECT_EQ(near_end.segment, 3);
  EXPECT_LT(near_end.offset_m, 300);
  EXPECT_NEAR(near_end.along_m, corridor.length_m() - GeodesicDistanceM({19.99, -99.002}, {20.0, -99.0}), 300);
  RouteFix start = corridor.Locate({19.0, -99.0}, 2);
  EXPECT_EQ(start.segment, 0);
  EXPECT_NEAR(start.along_m, 0, 1e-6);
}

TEST(CorridorZones, APositionIsInAZoneOnlyWithinItsRadius) {
  StopZone zone;
  zone.zone_id = "Z1";
  zone.centre = {19.5, -99.0};
  zone.radius_m = 500;
  zone.max_stop_minutes = 30;
  Corridor corridor(Straight(1000), {zone});
  ASSERT_NE(corridor.ZoneAt({19.5, -99.003}), nullptr);  // about 315 m
  EXPECT_EQ(corridor.ZoneAt({19.5, -99.003})->zone_id, "Z1");
  EXPECT_EQ(corridor.ZoneAt({19.5, -99.006}), nullptr);  // about 630 m
  EXPECT_NEAR(corridor.DistanceToEndM({20.0, -99.0}), 0, 1e-6);
}

}  // namespace
}  // namespace aduana::cargo
