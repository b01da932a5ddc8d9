#include "core/transit.h"

#include <algorithm>
#include <array>

namespace aduana {

bool IsTrackingEventType(std::string_view type) {
  constexpr std::array<std::string_view, 7> kTypes = {"position",    "seal_opened", "seal_tampered", "power_cut",
                                                      "low_battery", "jamming",     "arrival"};
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

bool IsSealStatus(std::string_view status) {
  return status == "closed" || status == "open" || status == "tampered" || status == "unknown";
}

}  // namespace aduana
