#include "profile/declaration_keys.h"

#include "core/lists.h"

namespace aduana::profile {
namespace {

std::string Pair(std::string_view a, std::string_view b) {
  std::string key;
  if (a.empty() || b.empty()) return key;
  key.reserve(a.size() + b.size() + 1);
  key.append(a).append(1, '>').append(b);
  return key;
}

}  // namespace

void ExtractKeys(const DeclarationRecord& record, std::string_view sector, DeclarationKeys* k) {
  const Declaration& d = record.declaration;
  k->importer = d.importer_id;
  k->declarant = d.declarant_id;
  k->supplier = d.supplier_id;
  k->sector = sector;
  k->export_country = d.country_of_export;
  k->lane = Pair(d.country_of_export, d.customs_office);
  k->carrier = record.carrier_id;
  k->office = d.customs_office;
  k->procedure = d.procedure_code;
  k->office_importer = Pair(d.customs_office, d.importer_id);
  k->declarant_importer = d.declarant_id == d.importer_id ? std::string() : Pair(d.declarant_id, d.importer_id);
  k->customs_value = d.customs_value;
  k->source_fields.clear();  // "import_use=21;courier_id=" -> "import_use=21": the columns with a value
  ForEachNamedValue(d.source_fields, [&](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    std::string& field = k->source_fields.emplace_back(name);
    field.append(1, '=').append(value);
  });
  k->items.resize(record.items.size());
  for (size_t i = 0; i < record.items.size(); ++i) {
    const GoodsItem& item = record.items[i];
    ItemKeys& ik = k->items[i];
    const std::string& hs = item.hs_code;
    ik.hs2 = hs.substr(0, 2);
    ik.hs4 = hs.size() >= 4 ? hs.substr(0, 4) : std::string();
    ik.hs6 = hs.size() >= 6 ? hs.substr(0, 6) : std::string();
    ik.line = hs.size() > 6 ? hs : std::string();
    ik.origin = item.country_of_origin;
    ik.hs6_origin = Pair(ik.hs6, item.country_of_origin);
    ik.customs_value = item.customs_value;
    ik.net_mass_kg = item.net_mass_kg;
    ik.duty_rate = item.duty_rate;
  }
}

}  // namespace aduana::profile
