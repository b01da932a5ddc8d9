// The entities customs rates for risk: parties, goods at every level of the Harmonized System, countries,
// trade lanes, carriers, offices and useful pairs of them, each with the profile of its history.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "core/time.h"

namespace aduana::profile {

enum class EntityType : uint8_t {
  kAll,             // every declaration: the root prior
  kImporter,
  kDeclarant,       // the broker (or the importer itself when it declares)
  kSupplier,
  kSector,          // importer's economic sector (ISIC) from the registry
  kHsChapter,       // HS2
  kHsHeading,       // HS4
  kHsSubheading,    // HS6
  kHsLine,          // the full national tariff line
  kOrigin,          // country of origin of an item
  kExportCountry,   // country the goods were dispatched from
  kLane,            // country of export -> customs office
  kCarrier,
  kOffice,
  kProcedure,
  kOfficeImporter,  // pair: office x importer
  kHs6Origin,       // pair: HS6 x origin
  kDeclarantImporter,
  kSourceField,     // a categorical column of a source format without a native counterpart ("name=value")
};
inline constexpr int kEntityTypeCount = 19;

// Stable lower-case names, used in feature names, reasons and the API.
std::string_view EntityTypeName(EntityType type);

// A profile key: the type and the entity's own key ("CN", "6109", "IMP123", "MXNLD>CN", ...).
struct EntityRef {
  EntityType type = EntityType::kAll;
  std::string key;
};

// What is known about an entity from the declarations lodged and the outcomes recorded so far.
struct EntityProfile {
  int64_t declarations = 0;
  double value = 0;  // customs value declared, in the declarations' currency
  int64_t inspections = 0;
  int64_t non_compliant = 0;
  int64_t critical = 0;
  double revenue = 0;  // additional revenue recovered by controls
  // Exponentially decayed counts (half-life from ProfileConfig), as of `decayed_at`.
  double recent_inspections = 0;
  double recent_non_compliant = 0;
  double recent_declarations = 0;  // short half-life: current activity
  UnixMillis decayed_at = 0;
  UnixMillis first_seen = 0;  // 0: never seen
  UnixMillis last_seen = 0;
};

enum class RiskClass : uint8_t { kLow, kMedium, kHigh };
std::string_view RiskClassName(RiskClass c);

// Debian's abseil has its own string_view type: hash-map lookups by a std::string_view key go through this.
inline absl::string_view HashKey(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace aduana::profile
