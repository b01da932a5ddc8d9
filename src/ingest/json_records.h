// The JSON form of the data contract (docs/data-formats.md): one object per record with the contract's field
// names; numbers as JSON numbers, lists as arrays of strings, empty optional fields omitted or null. Every
// object goes through the same record parsers as a CSV row (ingest/record_parsers.h), so both forms accept and
// refuse the same values for the same reasons. Errors are core/field_error.h statuses naming the field path
// ("items[2].hs_code") and a code:
//   malformed_json, too_deep, wrong_type, unknown_field, missing_field, invalid_value, out_of_range,
//   inconsistent_fields, duplicate_item, too_many_items.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/outcome.h"
#include "core/trade.h"
#include "core/transit.h"
#include "nlohmann/json_fwd.hpp"

namespace aduana {

struct JsonLimits {
  int max_depth = 8;       // nesting of objects and arrays
  size_t max_items = 999;  // goods items of one declaration
};

// A declaration as the clearance system submits it: the header fields and "items", an array of goods items
// (each without declaration_id, or with the header's).
struct DeclarationSubmission {
  Declaration declaration;
  std::vector<GoodsItem> items;
};

absl::StatusOr<DeclarationSubmission> ParseDeclarationJson(std::string_view text, const JsonLimits& limits = {});

// An inspection result for `declaration_id`: the inspection_outcomes fields but declaration_id (taken from the
// path; if present it must be the same).
absl::StatusOr<InspectionOutcome> ParseInspectionJson(std::string_view text, std::string_view declaration_id,
                                                      const JsonLimits& limits = {});

// Cargo monitoring's records, with the contract's tracking_events, transits and routes fields. A route's
// "stop_zones" is an array of route_stop_zones objects (each without route_id, or with the route's).
absl::StatusOr<TrackingEvent> ParseTrackingEventJson(std::string_view text, const JsonLimits& limits = {});
absl::StatusOr<Transit> ParseTransitJson(std::string_view text, const JsonLimits& limits = {});
struct RouteSubmission {
  Route route;
  std::vector<StopZone> zones;
};
absl::StatusOr<RouteSubmission> ParseRouteJson(std::string_view text, const JsonLimits& limits = {});

// The JSON form of records, as the API returns them (empty optional fields left out). Parsing the JSON of a
// declaration and its items gives them back.
nlohmann::json ToJson(const Declaration& declaration);
nlohmann::json ToJson(const GoodsItem& item);  // without declaration_id (items sit inside their declaration)
nlohmann::json ToJson(const InspectionOutcome& outcome);
nlohmann::json ToJson(const TrackingEvent& event);
nlohmann::json ToJson(const Transit& transit);
nlohmann::json ToJson(const Route& route, const std::vector<StopZone>& zones);

}  // namespace aduana
