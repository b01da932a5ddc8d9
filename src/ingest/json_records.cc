#include "ingest/json_records.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "core/contract.h"
#include "core/field_error.h"
#include "core/time.h"
#include "ingest/csv_reader.h"
#include "ingest/entity_schema.h"
#include "ingest/field_cursor.h"
#include "ingest/record_parsers.h"
#include "nlohmann/json.hpp"

namespace aduana {
namespace {

using nlohmann::json;

enum class JsonType { kString, kNumber, kBoolean, kList };

// How each contract column is written in JSON; everything not listed is a string.
JsonType TypeOf(std::string_view column) {
  for (std::string_view c : {"exchange_rate", "invoice_amount", "freight", "insurance", "customs_value",
                             "gross_mass_kg", "packages", "transport_mode", "item_number", "quantity", "net_mass_kg",
                             "duty_rate", "duty_declared", "critical_level", "additional_revenue", "credit_score",
                             "tax_debt", "amount_assessed", "tolerance_m", "lat", "lon", "radius_m",
                             "max_stop_minutes", "speed_kmh"}) {
    if (c == column) return JsonType::kNumber;
  }
  if (column == "seizure") return JsonType::kBoolean;
  for (std::string_view c : {"directors", "fraud_types", "container_ids"}) {
    if (c == column) return JsonType::kList;
  }
  return JsonType::kString;
}

std::string_view TypeName(JsonType type) {
  switch (type) {
    case JsonType::kString: return "a string";
    case JsonType::kNumber: return "a number";
    case JsonType::kBoolean: return "true or false";
    case JsonType::kList: return "an array of strings";
  }
  return "";
}

std::string Path(std::string_view prefix, std::string_view field) {
  std::string path(prefix);
  if (!path.empty()) path += '.';
  path += field;
  return path;
}

// The code of a record parser's reason ("<category>: <detail>").
std::string_view CodeOfReason(std::string_view reason) {
  if (reason.starts_with("missing")) return "missing_field";
  if (reason.starts_with("out of range")) return "out_of_range";
  if (reason.starts_with("inconsistent")) return "inconsistent_fields";
  return "invalid_value";
}

// The deepest nesting of objects and arrays in `text`, outside strings (checked before parsing, so no parser
// recursion or allocation is spent on a hostile document).
int NestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        in_string = false;
      }
      continue;
    }
    if (ch == '"') in_string = true;
    if (ch == '{' || ch == '[') deepest = std::max(deepest, ++depth);
    if (ch == '}' || ch == ']') --depth;
  }
  return deepest;
}

absl::StatusOr<json> ParseObject(std::string_view text, const JsonLimits& limits) {
  if (NestingDepth(text) > limits.max_depth) {
    return FieldError("", "too_deep", "objects and arrays nest deeper than " + std::to_string(limits.max_depth));
  }
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return FieldError("", "malformed_json", "the body is not valid JSON");
  if (!j.is_object()) return FieldError("", "wrong_type", "the body must be a JSON object");
  return j;
}

// The text a CSV field would hold for `value`, or an error if its JSON type is not the column's. `prefix` and
// `column` name the field in errors (its path is built only then).
absl::StatusOr<std::string> FieldText(const json& value, std::string_view column, std::string_view prefix) {
  if (value.is_null()) return std::string();
  JsonType type = TypeOf(column);
  auto wrong = [&] {
    return FieldError(Path(prefix, column), "wrong_type", "must be " + std::string(TypeName(type)));
  };
  switch (type) {
    case JsonType::kString:
      if (!value.is_string()) return wrong();
      return value.get<std::string>();
    case JsonType::kNumber: {
      if (!value.is_number()) return wrong();
      char buffer[32];
      // The shortest text that reads back as the same number (integers exactly as given).
      std::to_chars_result written =
          value.is_number_unsigned() ? std::to_chars(buffer, buffer + sizeof buffer, value.get<uint64_t>())
          : value.is_number_integer() ? std::to_chars(buffer, buffer + sizeof buffer, value.get<int64_t>())
                                      : std::to_chars(buffer, buffer + sizeof buffer, value.get<double>());
      return std::string(buffer, written.ptr);
    }
    case JsonType::kBoolean:
      if (!value.is_boolean()) return wrong();
      return std::string(value.get<bool>() ? "true" : "false");
    case JsonType::kList: {
      if (!value.is_array()) return wrong();
      std::string joined;
      for (const json& element : value) {
        if (!element.is_string()) return wrong();
        const std::string& s = element.get_ref<const std::string&>();
        if (s.empty() || s.find(';') != std::string::npos) {
          return FieldError(Path(prefix, column), "invalid_value", "list elements must be non-empty and hold no ';'");
        }
        if (!joined.empty()) joined += ';';
        joined += s;
      }
      return joined;
    }
  }
  return wrong();
}

// Reads one record of `kind` from `object`. `given` supplies values for columns the object may leave out
// (declaration_id of an item); a value present in the object must then equal it. Keys in `extra` are the
// caller's and skipped here.
template <typename Record>
absl::Status ReadObject(const json& object, EntityKind kind, std::string_view prefix,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> given,
                        std::initializer_list<std::string_view> extra, Record* out) {
  if (!object.is_object()) return FieldError(prefix, "wrong_type", "must be a JSON object");
  const EntitySchema& schema = SchemaOf(kind);
  std::vector<std::string> values(schema.columns.size());
  for (const auto& [key, value] : object.items()) {
    bool is_extra = false;
    for (std::string_view e : extra) is_extra = is_extra || key == e;
    if (is_extra) continue;
    size_t column = 0;
    while (column < schema.columns.size() && schema.columns[column] != key) ++column;
    if (column == schema.columns.size()) {
      return FieldError(Path(prefix, key), "unknown_field", "is not a field of " + std::string(schema.name));
    }
    absl::StatusOr<std::string> text = FieldText(value, key, prefix);
    if (!text.ok()) return text.status();
    values[column] = *std::move(text);
  }
  for (const auto& [column, value] : given) {
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      if (schema.columns[c] != column) continue;
      if (!values[c].empty() && values[c] != value) {
        return FieldError(Path(prefix, column), "inconsistent_fields", "must be '" + std::string(value) + "'");
      }
      values[c] = std::string(value);
    }
  }
  CsvRecord record;
  for (const std::string& v : values) record.fields.emplace_back(v);
  HeaderMapping mapping{&schema, {}, schema.columns.size()};
  for (size_t c = 0; c < schema.columns.size(); ++c) mapping.position_of_column.push_back(c);
  FieldCursor cursor(record, mapping);
  ReadRecord(cursor, out);
  if (!cursor.ok()) return FieldError(Path(prefix, cursor.failed_field()), CodeOfReason(cursor.reason()), cursor.reason());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DeclarationSubmission> ParseDeclarationJson(std::string_view text, const JsonLimits& limits) {
  absl::StatusOr<json> object = ParseObject(text, limits);
  if (!object.ok()) return object.status();
  DeclarationSubmission s;
  if (absl::Status st = ReadObject(*object, EntityKind::kDeclaration, "", {}, {"items"}, &s.declaration); !st.ok()) {
    return st;
  }
  auto items = object->find("items");
  if (items == object->end() || items->is_null()) {
    return FieldError("items", "missing_field", "a declaration needs its goods items");
  }
  if (!items->is_array()) return FieldError("items", "wrong_type", "must be an array of goods items");
  if (items->empty()) return FieldError("items", "missing_field", "a declaration needs at least one goods item");
  if (items->size() > limits.max_items) {
    return FieldError("items", "too_many_items", "more than " + std::to_string(limits.max_items) + " goods items");
  }
  const std::string& id = s.declaration.declaration_id;
  for (size_t i = 0; i < items->size(); ++i) {
    std::string prefix = "items[";
    prefix += std::to_string(i);
    prefix += ']';
    GoodsItem item;
    if (absl::Status st = ReadObject((*items)[i], EntityKind::kGoodsItem, prefix, {{"declaration_id", id}}, {}, &item);
        !st.ok()) {
      return st;
    }
    for (const GoodsItem& earlier : s.items) {
      if (earlier.item_number == item.item_number) {
        return FieldError(prefix + ".item_number", "duplicate_item",
                          "item number " + std::to_string(item.item_number) + " appears twice");
      }
    }
    s.items.push_back(std::move(item));
  }
  return s;
}

absl::StatusOr<InspectionOutcome> ParseInspectionJson(std::string_view text, std::string_view declaration_id,
                                                      const JsonLimits& limits) {
  absl::StatusOr<json> object = ParseObject(text, limits);
  if (!object.ok()) return object.status();
  InspectionOutcome outcome;
  if (absl::Status st = ReadObject(*object, EntityKind::kInspectionOutcome, "", {{"declaration_id", declaration_id}},
                                   {}, &outcome);
      !st.ok()) {
    return st;
  }
  return outcome;
}

absl::StatusOr<TrackingEvent> ParseTrackingEventJson(std::string_view text, const JsonLimits& limits) {
  absl::StatusOr<json> object = ParseObject(text, limits);
  if (!object.ok()) return object.status();
  TrackingEvent event;
  if (absl::Status st = ReadObject(*object, EntityKind::kTrackingEvent, "", {}, {}, &event); !st.ok()) return st;
  return event;
}

absl::StatusOr<Transit> ParseTransitJson(std::string_view text, const JsonLimits& limits) {
  absl::StatusOr<json> object = ParseObject(text, limits);
  if (!object.ok()) return object.status();
  Transit transit;
  if (absl::Status st = ReadObject(*object, EntityKind::kTransit, "", {}, {}, &transit); !st.ok()) return st;
  if (transit.deadline <= transit.departed_at) {
    return FieldError("deadline", "inconsistent_fields", "the deadline must come after departed_at");
  }
  return transit;
}

absl::StatusOr<RouteSubmission> ParseRouteJson(std::string_view text, const JsonLimits& limits) {
  absl::StatusOr<json> object = ParseObject(text, limits);
  if (!object.ok()) return object.status();
  RouteSubmission s;
  if (absl::Status st = ReadObject(*object, EntityKind::kRoute, "", {}, {"stop_zones"}, &s.route); !st.ok()) {
    return st;
  }
  auto zones = object->find("stop_zones");
  if (zones == object->end() || zones->is_null()) return s;
  if (!zones->is_array()) return FieldError("stop_zones", "wrong_type", "must be an array of stop zones");
  if (zones->size() > limits.max_items) {
    return FieldError("stop_zones", "too_many_items", "more than " + std::to_string(limits.max_items) + " stop zones");
  }
  for (size_t i = 0; i < zones->size(); ++i) {
    std::string prefix = "stop_zones[";
    prefix += std::to_string(i);
    prefix += ']';
    StopZone zone;
    if (absl::Status st =
            ReadObject((*zones)[i], EntityKind::kStopZone, prefix, {{"route_id", s.route.route_id}}, {}, &zone);
        !st.ok()) {
      return st;
    }
    for (const StopZone& earlier : s.zones) {
      if (earlier.zone_id == zone.zone_id) {
        return FieldError(prefix + ".zone_id", "duplicate_item", "zone " + zone.zone_id + " appears twice");
      }
    }
    s.zones.push_back(std::move(zone));
  }
  return s;
}

namespace {
void PutText(json& j, const char* name, const std::string& value) {
  if (!value.empty()) j[name] = value;
}
}  // namespace

json ToJson(const Declaration& d) {
  json j = json::object();
  j["declaration_id"] = d.declaration_id;
  j["lodged_at"] = FormatTimestamp(d.lodged_at);
  j["customs_office"] = d.customs_office;
  j["procedure_code"] = d.procedure_code;
  j["importer_id"] = d.importer_id;
  j["declarant_id"] = d.declarant_id;
  j["supplier_id"] = d.supplier_id;
  j["supplier_country"] = d.supplier_country;
  j["country_of_export"] = d.country_of_export;
  j["transport_mode"] = d.transport_mode;
  j["port_of_loading"] = d.port_of_loading;
  j["port_of_entry"] = d.port_of_entry;
  PutText(j, "transport_document_id", d.transport_document_id);
  j["incoterm"] = d.incoterm;
  j["currency"] = d.currency;
  j["exchange_rate"] = d.exchange_rate;
  j["invoice_amount"] = d.invoice_amount;
  j["freight"] = d.freight;
  j["insurance"] = d.insurance;
  j["customs_value"] = d.customs_value;
  j["gross_mass_kg"] = d.gross_mass_kg;
  j["packages"] = d.packages;
  return j;
}

json ToJson(const GoodsItem& g) {
  json j = json::object();
  j["item_number"] = g.item_number;
  j["hs_code"] = g.hs_code;
  j["description"] = g.description;
  j["country_of_origin"] = g.country_of_origin;
  j["quantity"] = g.quantity;
  j["quantity_unit"] = g.quantity_unit;
  j["net_mass_kg"] = g.net_mass_kg;
  j["customs_value"] = g.customs_value;
  j["duty_rate"] = g.duty_rate;
  j["duty_declared"] = g.duty_declared;
  PutText(j, "preference_code", g.preference_code);
  return j;
}

json ToJson(const InspectionOutcome& o) {
  json j = json::object();
  j["declaration_id"] = o.declaration_id;
  j["channel"] = o.channel;
  j["inspected_at"] = FormatTimestamp(o.inspected_at);
  j["result"] = o.non_compliant ? "non_compliant" : "compliant";
  if (!o.fraud_types.empty()) j["fraud_types"] = o.fraud_types;
  j["critical_level"] = o.critical_level;
  j["additional_revenue"] = o.additional_revenue;
  j["seizure"] = o.seizure;
  return j;
}

json ToJson(const TrackingEvent& e) {
  json j = {{"device_id", e.device_id}, {"event_time", FormatTimestamp(e.event_time)},
            {"lat", e.position.lat},    {"lon", e.position.lon},
            {"event_type", e.event_type}, {"seal_status", e.seal_status}};
  if (e.speed_kmh >= 0) j["speed_kmh"] = e.speed_kmh;
  return j;
}

json ToJson(const Transit& t) {
  return {{"transit_id", t.transit_id},
          {"declaration_id", t.declaration_id},
          {"departure_office", t.departure_office},
          {"destination_office", t.destination_office},
          {"route_id", t.route_id},
          {"device_id", t.device_id},
          {"departed_at", FormatTimestamp(t.departed_at)},
          {"deadline", FormatTimestamp(t.deadline)}};
}

json ToJson(const Route& route, const std::vector<StopZone>& zones) {
  json j = {{"route_id", route.route_id},
            {"name", route.name},
            {"tolerance_m", route.tolerance_m},
            {"polyline", FormatPolyline(route.polyline)},
            {"stop_zones", json::array()}};
  for (const StopZone& z : zones) {
    j["stop_zones"].push_back({{"zone_id", z.zone_id},
                               {"lat", z.centre.lat},
                               {"lon", z.centre.lon},
                               {"radius_m", z.radius_m},
                               {"max_stop_minutes", z.max_stop_minutes}});
  }
  return j;
}

}  // namespace aduana
