#include "ingest/kcs_adapter.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "ingest/entity_schema.h"
#include "ingest/field_cursor.h"

namespace aduana {
namespace {

constexpr std::array<std::string_view, 22> kColumns = {
    "Declaration ID", "Date",        "Office ID",       "Process Type",       "Import Type",
    "Import Use",     "Payment Type", "Mode of Transport", "Declarant ID",     "Importer ID",
    "Seller ID",      "Courier ID",  "HS6 Code",        "Country of Departure", "Country of Origin",
    "Tax Rate",       "Tax Type",    "Country of Origin Indicator", "Net Mass", "Item Price",
    "Fraud",          "Critical Fraud"};

// A schema whose column names are the KCS ones, so the shared FieldCursor reports KCS field names.
const EntitySchema& KcsSchema() {
  static const EntitySchema kSchema{EntityKind::kDeclaration, "kcs",
                                    std::vector<std::string_view>(kColumns.begin(), kColumns.end())};
  return kSchema;
}

// KCS transport codes: 10 sea, 20 rail, 40 air, 50 post; others unknown (UN Rec. 19 code 9).
int TransportModeFromKcs(int64_t code) {
  switch (code) {
    case 10: return 1;
    case 20: return 2;
    case 40: return 4;
    case 50: return 5;
    default: return 9;
  }
}

Company PartyKnownById(const std::string& id) {
  Company c;
  c.company_id = id;
  c.name = id;
  c.country = "KR";
  return c;
}

}  // namespace

absl::Status KcsAdapter::ReadHeader(const std::vector<std::string_view>& header) {
  position_.clear();
  std::vector<std::string_view> missing;
  for (std::string_view column : kColumns) {
    auto it = std::find(header.begin(), header.end(), column);
    if (it == header.end()) {
      missing.push_back(column);
    } else {
      position_.push_back(static_cast<size_t>(it - header.begin()));
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError("wrong header: not a KCS file, lacks column(s) " +
                                      JoinNames(missing, ", "));
  }
  if (header.size() != kColumns.size()) {
    return absl::InvalidArgumentError("wrong header: a KCS file has exactly " + std::to_string(kColumns.size()) +
                                      " columns, this one has " + std::to_string(header.size()));
  }
  return absl::OkStatus();
}

bool KcsAdapter::Convert(const CsvRecord& record, KcsRow* row, std::string* field, std::string* reason) const {
  HeaderMapping mapping{&KcsSchema(), position_, kColumns.size()};
  FieldCursor c(record, mapping);
  Declaration& d = row->declaration;
  GoodsItem& item = row->item;
  d.currency = "KRW";
  d.exchange_rate = 1;
  c.Identifier(&d.declaration_id);
  EpochDay day = 0;
  c.Date(&day);
  d.lodged_at = static_cast<UnixMillis>(day) * kMillisPerDay;
  c.Identifier(&d.customs_office);
  std::string process_type, import_type, import_use, payment_type;
  c.Identifier(&process_type);
  c.Identifier(&import_type);
  c.Identifier(&import_use, false);
  c.Identifier(&payment_type, false);
  int64_t transport = 0;
  c.Integer(&transport, 0, 99);
  d.transport_mode = TransportModeFromKcs(transport);
  c.Identifier(&d.declarant_id);
  c.Identifier(&d.importer_id);
  c.Identifier(&d.supplier_id, false);  // about 10% of KCS rows name no seller
  std::string courier, tax_type, origin_indicator;
  c.Identifier(&courier, false);
  c.HsCode(&item.hs_code);
  c.Country(&d.country_of_export);
  d.supplier_country = d.country_of_export;
  c.Country(&item.country_of_origin);
  c.Number(&item.duty_rate, 0, 1000);
  c.Identifier(&tax_type, false);
  c.Identifier(&origin_indicator, false);
  c.Number(&item.net_mass_kg, 0, 1e9);
  c.Number(&item.customs_value, 0, 1e13);
  int64_t fraud = -1, critical = 0;
  c.Integer(&fraud, 0, 1, false);
  c.Integer(&critical, 0, 2, false);
  if (!c.ok()) {
    *field = c.failed_field();
    *reason = c.reason();
    return false;
  }
  d.procedure_code = (process_type + import_type).substr(0, 4);
  d.customs_value = item.customs_value;
  d.invoice_amount = item.customs_value;
  d.gross_mass_kg = item.net_mass_kg;
  d.source_fields = "import_use=" + import_use + ";payment_type=" + payment_type + ";courier_id=" + courier +
                    ";tax_type=" + tax_type + ";origin_indicator=" + origin_indicator +
                    ";transport_code=" + std::to_string(transport);
  item.declaration_id = d.declaration_id;
  item.item_number = 1;
  item.description = "HS " + item.hs_code;
  item.quantity = item.net_mass_kg > 0 ? item.net_mass_kg : 1;
  item.quantity_unit = "KGM";
  item.duty_declared = item.customs_value * item.duty_rate / 100;
  row->parties = {PartyKnownById(d.importer_id), PartyKnownById(d.declarant_id)};
  if (fraud >= 0) {
    InspectionOutcome o;
    o.declaration_id = d.declaration_id;
    o.channel = "red";  // every KCS row was inspected
    o.inspected_at = d.lodged_at;
    o.non_compliant = fraud == 1;
    o.critical_level = static_cast<int>(critical);
    row->outcome = o;
  }
  return true;
}

}  // namespace aduana
