// The profile keys one declaration touches: its parties, lane and office, and for each goods item the HS
// levels, origin and pairs. Extracted once per declaration; both feature building and profile updates use it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "profile/entity.h"
#include "store/store.h"

namespace aduana::profile {

struct ItemKeys {
  std::string hs2, hs4, hs6, line, origin, hs6_origin;
  double customs_value = 0;
  double net_mass_kg = 0;
  double duty_rate = 0;
};

struct DeclarationKeys {
  std::string importer, declarant, supplier, sector, export_country, lane, carrier, office, procedure;
  std::string office_importer, declarant_importer;
  std::vector<ItemKeys> items;
  std::vector<std::string> source_fields;  // "name=value", one per source column with a value
  double customs_value = 0;
};

// `sector` is the importer's sector from the registry ("" when unknown).
void ExtractKeys(const DeclarationRecord& record, std::string_view sector, DeclarationKeys* keys);

// Every distinct entity the declaration touches (each item-level key once), for profile updates.
template <typename Visit>
void ForEachEntity(const DeclarationKeys& k, Visit&& visit) {
  visit(EntityType::kAll, std::string_view());
  auto one = [&](EntityType type, const std::string& key) {
    if (!key.empty()) visit(type, std::string_view(key));
  };
  one(EntityType::kImporter, k.importer);
  one(EntityType::kDeclarant, k.declarant);
  one(EntityType::kSupplier, k.supplier);
  one(EntityType::kSector, k.sector);
  one(EntityType::kExportCountry, k.export_country);
  one(EntityType::kLane, k.lane);
  one(EntityType::kCarrier, k.carrier);
  one(EntityType::kOffice, k.office);
  one(EntityType::kProcedure, k.procedure);
  one(EntityType::kOfficeImporter, k.office_importer);
  one(EntityType::kDeclarantImporter, k.declarant_importer);
  for (const std::string& f : k.source_fields) one(EntityType::kSourceField, f);
  for (size_t i = 0; i < k.items.size(); ++i) {
    const ItemKeys& item = k.items[i];
    // An item-level key shared with an earlier item of the same declaration counts once.
    auto first = [&](auto member) {
      for (size_t j = 0; j < i; ++j) {
        if (k.items[j].*member == item.*member) return false;
      }
      return true;
    };
    if (first(&ItemKeys::hs2)) one(EntityType::kHsChapter, item.hs2);
    if (first(&ItemKeys::hs4)) one(EntityType::kHsHeading, item.hs4);
    if (first(&ItemKeys::hs6)) one(EntityType::kHsSubheading, item.hs6);
    if (first(&ItemKeys::line)) one(EntityType::kHsLine, item.line);
    if (first(&ItemKeys::origin)) one(EntityType::kOrigin, item.origin);
    if (first(&ItemKeys::hs6_origin)) one(EntityType::kHs6Origin, item.hs6_origin);
  }
}

}  // namespace aduana::profile
