// Test support for the generator tests: a small RFC 4180 reader and row checks written from
// docs/data-formats.md (independently of the generator's own code).
#pragma once

#include <charconv>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.h"
#include "core/outcome.h"
#include "core/time.h"
#include "core/transit.h"

namespace aduana::testing {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;  // 1-based line where each row starts

  int Col(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  const std::string& At(size_t row, std::string_view column) const {
    static const std::string kMissing = "<missing column>";
    int c = Col(column);
    return c < 0 || static_cast<size_t>(c) >= rows[row].size() ? kMissing : rows[row][static_cast<size_t>(c)];
  }
};

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline CsvTable ReadCsv(const std::string& path) {
  std::string text = ReadBytes(path);
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, row_started = false;
  int64_t line = 1, row_line = 1;
  auto end_row = [&] {
    row.push_back(field);
    field.clear();
    if (table.header.empty()) {
      table.header = row;
    } else {
      table.rows.push_back(row);
      table.lines.push_back(row_line);
    }
    row.clear();
    row_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!row_started) {
      row_started = true;
      row_line = line;
    }
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      end_row();
      ++line;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (row_started) end_row();
  return table;
}

inline std::optional<double> Number(const std::string& text) {
  if (text.empty() || text == "nan" || text == "inf") return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

inline bool IsAmount(const std::string& text) {
  std::optional<double> v = Number(text);
  return v && *v >= 0 && *v < 1e13;
}

inline bool IsInteger(const std::string& text, int64_t lo, int64_t hi) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size() && value >= lo && value <= hi;
}

inline bool IsDate(const std::string& text) { return ParseDate(text).ok(); }
inline bool IsTimestamp(const std::string& text) { return ParseTimestamp(text).ok(); }
inline bool IsId(const std::string& text) { return CheckIdentifier(text).empty(); }
inline bool IsLatitude(const std::string& text) {
  auto v = Number(text);
  return v && *v >= -90 && *v <= 90;
}
inline bool IsLongitude(const std::string& text) {
  auto v = Number(text);
  return v && *v >= -180 && *v <= 180;
}

inline std::vector<std::string> SplitList(const std::string& text, char separator = ';') {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

inline bool IsProcedureCode(const std::string& text) {
  if (text.size() < 2 || text.size() > 4) return false;
  for (char c : text) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// Column lists copied from docs/data-formats.md, in the order they are listed there.
inline const std::map<std::string, std::string>& ContractHeaders() {
  static const std::map<std::string, std::string> kHeaders = {
      {"companies.csv",
       "company_id,name,registered_on,closed_on,sector,region,address,country,aeo_status,compliance_rating,"
       "credit_score,tax_debt,directors"},
      {"transport_documents.csv",
       "transport_document_id,document_type,carrier_id,conveyance_id,transport_mode,port_of_loading,"
       "port_of_discharge,consignee_id,shipper_name,shipper_country,goods_description,hs_code,packages,"
       "gross_mass_kg,container_ids,arrived_at"},
      {"declarations.csv",
       "declaration_id,lodged_at,customs_office,procedure_code,importer_id,declarant_id,supplier_id,"
       "supplier_country,country_of_export,transport_mode,port_of_loading,port_of_entry,transport_document_id,"
       "incoterm,currency,exchange_rate,invoice_amount,freight,insurance,customs_value,gross_mass_kg,packages"},
      {"goods_items.csv",
       "declaration_id,item_number,hs_code,description,country_of_origin,quantity,quantity_unit,net_mass_kg,"
       "customs_value,duty_rate,duty_declared,preference_code"},
      {"inspection_outcomes.csv",
       "declaration_id,channel,inspected_at,result,fraud_types,critical_level,additional_revenue,seizure"},
      {"audit_outcomes.csv", "audit_id,company_id,period_from,period_to,closed_on,result,amount_assessed,findings"},
      {"routes.csv", "route_id,name,tolerance_m,polyline"},
      {"route_stop_zones.csv", "route_id,zone_id,lat,lon,radius_m,max_stop_minutes"},
      {"transits.csv",
       "transit_id,declaration_id,departure_office,destination_office,route_id,device_id,"
       "departed_at,deadline"},
      {"tracking_events.csv", "device_id,event_time,lat,lon,speed_kmh,event_type,seal_status"},
      {"truth/ground_truth.csv", "mechanism,entity_kind,entity_id,declaration_id,started_on,detail"},
      {"truth/malformed_rows.csv", "file,line,reason"},
  };
  return kHeaders;
}

// The first contract rule a row breaks, or "" when it follows them all.
inline std::string CheckRow(const std::string& file, const CsvTable& t, size_t r) {
  auto f = [&](std::string_view column) -> const std::string& { return t.At(r, column); };
  auto fail = [](std::string_view what) { return std::string(what); };
  if (file == "companies.csv") {
    if (!IsId(f("company_id")) || !CheckText(f("name")).empty() || f("name").empty()) return fail("company id/name");
    if (!IsDate(f("registered_on")) || (!f("closed_on").empty() && !IsDate(f("closed_on")))) return fail("dates");
    if (!IsCountryCode(f("country"))) return fail("country");
    const std::string& aeo = f("aeo_status");
    if (aeo != "none" && aeo != "AEOC" && aeo != "AEOS" && aeo != "AEOF") return fail("aeo_status");
    const std::string& rating = f("compliance_rating");
    if (!rating.empty() && (rating.size() != 1 || rating[0] < 'A' || rating[0] > 'E')) return fail("rating");
    if (!f("credit_score").empty() && !IsInteger(f("credit_score"), 0, 100)) return fail("credit_score");
    if (!f("tax_debt").empty() && !IsAmount(f("tax_debt"))) return fail("tax_debt");
    for (const std::string& d : SplitList(f("directors"))) {
      if (d.size() != 7 || d[0] != 'P' || !IsId(d)) return fail("director id");
    }
  } else if (file == "transport_documents.csv") {
    const std::string& type = f("document_type");
    if (!IsId(f("transport_document_id")) || !IsId(f("carrier_id")) || !IsId(f("consignee_id"))) return fail("ids");
    if (type != "BL" && type != "AWB" && type != "CMR" && type != "RWB" && type != "PN") return fail("type");
    if (!IsInteger(f("transport_mode"), 1, 9) || !IsTransportMode(std::stoi(f("transport_mode")))) return fail("mode");
    if (!CheckUnLocode(f("port_of_loading")).empty() || !CheckUnLocode(f("port_of_discharge")).empty()) {
      return fail("locode");
    }
    if (!IsCountryCode(f("shipper_country")) || f("shipper_name").empty()) return fail("shipper");
    if (!f("hs_code").empty() && !CheckHsCode(f("hs_code"), 4).empty()) return fail("hs_code");
    if (!IsInteger(f("packages"), 0, 1'000'000'000) || !IsAmount(f("gross_mass_kg"))) return fail("packages/mass");
    for (const std::string& c : SplitList(f("container_ids"))) {
      if (!CheckContainerNumber(c).empty()) return fail("container");
    }
    if (!IsTimestamp(f("arrived_at"))) return fail("arrived_at");
  } else if (file == "declarations.csv") {
    for (std::string_view id : {"declaration_id", "customs_office", "importer_id", "declarant_id", "supplier_id"}) {
      if (!IsId(f(id))) return fail(id);
    }
    if (!IsTimestamp(f("lodged_at")) || !IsProcedureCode(f("procedure_code"))) return fail("lodged/procedure");
    if (!IsCountryCode(f("supplier_country")) || !IsCountryCode(f("country_of_export"))) return fail("country");
    if (!IsInteger(f("transport_mode"), 1, 9) || !IsTransportMode(std::stoi(f("transport_mode")))) return fail("mode");
    if (!CheckUnLocode(f("port_of_loading")).empty() || !CheckUnLocode(f("port_of_entry")).empty()) {
      return fail("locode");
    }
    if (!f("transport_document_id").empty() && !IsId(f("transport_document_id"))) return fail("document id");
    if (!IsIncoterm(f("incoterm")) || !IsCurrencyCode(f("currency"))) return fail("incoterm/currency");
    auto rate = Number(f("exchange_rate"));
    if (!rate || *rate <= 0) return fail("exchange_rate");
    for (std::string_view a : {"invoice_amount", "freight", "insurance", "customs_value", "gross_mass_kg"}) {
      if (!IsAmount(f(a))) return fail(a);
    }
    if (!IsInteger(f("packages"), 0, 1'000'000'000)) return fail("packages");
  } else if (file == "goods_items.csv") {
    if (!IsId(f("declaration_id")) || !IsInteger(f("item_number"), 1, 9999)) return fail("key");
    if (!CheckHsCode(f("hs_code")).empty()) return fail("hs_code");
    if (f("description").empty() || !CheckText(f("description")).empty()) return fail("description");
    if (!IsCountryCode(f("country_of_origin"))) return fail("origin");
    auto quantity = Number(f("quantity"));
    if (!quantity || *quantity <= 0 || !IsQuantityUnit(f("quantity_unit"))) return fail("quantity");
    if (!IsAmount(f("net_mass_kg")) || !IsAmount(f("customs_value")) || !IsAmount(f("duty_declared"))) {
      return fail("amounts");
    }
    auto duty = Number(f("duty_rate"));
    if (!duty || *duty < 0 || *duty > 1000) return fail("duty_rate");
    const std::string& preference = f("preference_code");
    if (preference.size() > 10 || (!preference.empty() && !IsProcedureCode(preference.substr(0, 4)))) {
      return fail("preference");
    }
  } else if (file == "inspection_outcomes.csv") {
    if (!IsId(f("declaration_id")) || !IsChannel(f("channel")) || !IsTimestamp(f("inspected_at"))) return fail("key");
    const std::string& result = f("result");
    if (result != "compliant" && result != "non_compliant") return fail("result");
    std::vector<std::string> types = SplitList(f("fraud_types"));
    if (result == "non_compliant" && types.empty()) return fail("fraud_types required");
    for (const std::string& type : types) {
      if (!IsFraudType(type)) return fail("fraud type");
    }
    if (!IsInteger(f("critical_level"), 0, 2) || !IsAmount(f("additional_revenue"))) return fail("level/revenue");
    if (f("seizure") != "true" && f("seizure") != "false") return fail("seizure");
  } else if (file == "audit_outcomes.csv") {
    if (!IsId(f("audit_id")) || !IsId(f("company_id"))) return fail("ids");
    if (!IsDate(f("period_from")) || !IsDate(f("period_to")) || !IsDate(f("closed_on"))) return fail("dates");
    if (*ParseDate(f("period_to")) < *ParseDate(f("period_from"))) return fail("period");
    if ((f("result") != "compliant" && f("result") != "non_compliant") || !IsAmount(f("amount_assessed"))) {
      return fail("result/amount");
    }
  } else if (file == "routes.csv") {
    auto tolerance = Number(f("tolerance_m"));
    if (!IsId(f("route_id")) || !tolerance || *tolerance <= 0) return fail("route");
    std::vector<std::string> points = SplitList(f("polyline"));
    if (points.size() < 2) return fail("polyline");
    for (const std::string& p : points) {
      std::vector<std::string> ll = SplitList(p, ' ');
      if (ll.size() != 2 || !IsLatitude(ll[0]) || !IsLongitude(ll[1])) return fail("point");
    }
  } else if (file == "route_stop_zones.csv") {
    auto radius = Number(f("radius_m"));
    if (!IsId(f("route_id")) || !IsId(f("zone_id")) || !IsLatitude(f("lat")) || !IsLongitude(f("lon"))) {
      return fail("zone");
    }
    if (!radius || *radius <= 0 || !IsInteger(f("max_stop_minutes"), 0, 100'000)) return fail("radius/minutes");
  } else if (file == "transits.csv") {
    for (std::string_view id :
         {"transit_id", "declaration_id", "departure_office", "destination_office", "route_id", "device_id"}) {
      if (!IsId(f(id))) return fail(id);
    }
    if (!IsTimestamp(f("departed_at")) || !IsTimestamp(f("deadline"))) return fail("times");
    if (*ParseTimestamp(f("deadline")) <= *ParseTimestamp(f("departed_at"))) return fail("deadline");
  } else if (file == "tracking_events.csv") {
    if (!IsId(f("device_id")) || !IsTimestamp(f("event_time"))) return fail("key");
    if (!IsLatitude(f("lat")) || !IsLongitude(f("lon"))) return fail("position");
    auto speed = Number(f("speed_kmh"));
    if (!f("speed_kmh").empty() && (!speed || *speed < 0 || *speed > 300)) return fail("speed");
    if (!IsTrackingEventType(f("event_type")) || !IsSealStatus(f("seal_status"))) return fail("type/seal");
  }
  return "";
}

}  // namespace aduana::testing
