// Goods in transit under customs control: approved routes, transit movements and device tracking events.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace aduana {

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

struct Route {
  std::string route_id;
  std::string name;
  double tolerance_m = 0;
  std::vector<GeoPoint> polyline;
};

struct StopZone {
  std::string route_id;
  std::string zone_id;
  GeoPoint centre;
  double radius_m = 0;
  int max_stop_minutes = 0;
};

struct Transit {
  std::string transit_id;
  std::string declaration_id;
  std::string departure_office;
  std::string destination_office;
  std::string route_id;
  std::string device_id;
  UnixMillis departed_at = 0;
  UnixMillis deadline = 0;
};

// A polyline as routes.csv and the store write it, "lat lon;lat lon;...": FormatPolyline writes six decimals
// (about 0.1 m); ParsePolyline returns "" when `text` holds at least two valid points, else why not.
std::string FormatPolyline(const std::vector<GeoPoint>& points);
std::string ParsePolyline(std::string_view text, std::vector<GeoPoint>* out);

bool IsTrackingEventType(std::string_view type);  // position, seal_opened, ...
bool IsSealStatus(std::string_view status);        // closed, open, tampered, unknown

struct TrackingEvent {
  std::string device_id;
  UnixMillis event_time = 0;
  GeoPoint position;
  double speed_kmh = -1;  // -1: not reported
  std::string event_type;
  std::string seal_status;
};

}  // namespace aduana
