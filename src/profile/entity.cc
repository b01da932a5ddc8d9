#include "profile/entity.h"

namespace aduana::profile {

std::string_view EntityTypeName(EntityType type) {
  static constexpr std::array<std::string_view, kEntityTypeCount> kNames = {
      "all",    "importer", "declarant",      "supplier", "sector",    "hs2",       "hs4",
      "hs6",    "hs_line",  "origin",         "export_country",        "lane",      "carrier",
      "office", "procedure", "office_importer", "hs6_origin", "declarant_importer", "source_field"};
  return kNames[static_cast<size_t>(type)];
}

std::string_view RiskClassName(RiskClass c) {
  switch (c) {
    case RiskClass::kLow: return "low";
    case RiskClass::kMedium: return "medium";
    case RiskClass::kHigh: return "high";
  }
  return "low";
}

}  // namespace aduana::profile
