// A consignment's story in one list, as an officer or analyst reads it: the manifest (transport document)
// arriving, the declaration lodged, the selectivity decision and each clearance step from the audit trail, the
// transit's departure, its device's alarms and seal events, the cargo alerts raised, and the arrival. The
// positions are kept apart, as the track to draw on a map.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/transit.h"
#include "store/store.h"

namespace aduana::cargo {

struct TimelineEntry {
  UnixMillis at = 0;
  std::string stage;  // manifest, declaration, clearance, transit, device, alert, arrival
  std::string what;
};

struct TrackPoint {
  UnixMillis at = 0;
  GeoPoint position;
  double speed_kmh = -1;
};

struct ConsignmentTimeline {
  Transit transit;
  std::vector<TimelineEntry> entries;  // by time
  std::vector<TrackPoint> track;       // every position of the transit, by time
};

// Nothing when the store has no such transit.
absl::StatusOr<std::optional<ConsignmentTimeline>> TransitTimeline(Store& store, std::string_view transit_id);

}  // namespace aduana::cargo
