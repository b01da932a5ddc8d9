// Domain types of trade documents: the declaration with its goods items, and the carrier's transport document.
// Field meanings and units are in docs/data-formats.md; names follow the WCO Data Model where one exists.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace aduana {

struct GoodsItem {
  std::string declaration_id;
  int item_number = 0;
  std::string hs_code;
  std::string description;
  std::string country_of_origin;
  double quantity = 0;
  std::string quantity_unit;
  double net_mass_kg = 0;
  double customs_value = 0;
  double duty_rate = 0;  // percent
  double duty_declared = 0;
  std::string preference_code;
};

struct Declaration {
  std::string declaration_id;
  UnixMillis lodged_at = 0;
  std::string customs_office;
  std::string procedure_code;
  std::string importer_id;
  std::string declarant_id;
  std::string supplier_id;
  std::string supplier_country;
  std::string country_of_export;
  int transport_mode = 0;
  std::string port_of_loading;
  std::string port_of_entry;
  std::string transport_document_id;
  std::string incoterm;
  std::string currency;
  double exchange_rate = 1;
  double invoice_amount = 0;
  double freight = 0;
  double insurance = 0;
  double customs_value = 0;
  double gross_mass_kg = 0;
  int64_t packages = 0;
  // Columns of a source format with no native counterpart, as "name=value;..." (KCS adapter).
  std::string source_fields;
};

struct TransportDocument {
  std::string transport_document_id;
  std::string document_type;
  std::string carrier_id;
  std::string conveyance_id;
  int transport_mode = 0;
  std::string port_of_loading;
  std::string port_of_discharge;
  std::string consignee_id;
  std::string shipper_name;
  std::string shipper_country;
  std::string goods_description;
  std::string hs_code;
  int64_t packages = 0;
  double gross_mass_kg = 0;
  std::vector<std::string> container_ids;
  UnixMillis arrived_at = 0;
};

// The kinds of discrepancy ingest records (docs/data-formats.md says when each is raised).
inline constexpr std::array<const char*, 9> kDiscrepancyKinds = {
    "gross_mass_mismatch",       "packages_mismatch",    "consignee_mismatch",
    "goods_description_mismatch", "value_build_mismatch", "items_value_mismatch",
    "items_mass_exceeds_gross",  "origin_vs_supplier_country", "transport_document_missing"};

// A finding from comparing a declaration with its transport document and its own items.
struct Discrepancy {
  std::string declaration_id;
  std::string kind;  // docs/data-formats.md lists the kinds
  std::string declared;
  std::string observed;
};

}  // namespace aduana
