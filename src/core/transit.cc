#include "core/transit.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace aduana {

std::string FormatPolyline(const std::vector<GeoPoint>& points) {
  std::string text;
  char buffer[64];
  for (const GeoPoint& p : points) {
    if (!text.empty()) text.push_back(';');
    int n = std::snprintf(buffer, sizeof buffer, "%.6f %.6f", p.lat, p.lon);
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

std::string ParsePolyline(std::string_view text, std::vector<GeoPoint>* out) {
  while (!text.empty()) {
    size_t cut = text.find(';');
    std::string_view point = text.substr(0, cut);
    size_t space = point.find(' ');
    GeoPoint p;
    if (space == std::string_view::npos) return "point '" + std::string(point.substr(0, 40)) + "' is not 'lat lon'";
    auto lat = std::from_chars(point.data(), point.data() + space, p.lat, std::chars_format::fixed);
    auto lon = std::from_chars(point.data() + space + 1, point.data() + point.size(), p.lon,
                               std::chars_format::fixed);
    if (lat.ec != std::errc() || lon.ec != std::errc() || lat.ptr != point.data() + space ||
        lon.ptr != point.data() + point.size()) {
      return "point '" + std::string(point.substr(0, 40)) + "' is not 'lat lon'";
    }
    if (p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180) return "point outside -90..90 / -180..180";
    out->push_back(p);
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
  if (out->size() < 2) return "a route needs at least two points";
  return "";
}


bool IsTrackingEventType(std::string_view type) {
  constexpr std::array<std::string_view, 7> kTypes = {"position",    "seal_opened", "seal_tampered", "power_cut",
                                                      "low_battery", "jamming",     "arrival"};
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

bool IsSealStatus(std::string_view status) {
  return status == "closed" || status == "open" || status == "tampered" || status == "unknown";
}

}  // namespace aduana
