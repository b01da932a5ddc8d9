// libFuzzer target for the JSON form of records (ingest/json_records.h): parses arbitrary bytes as a
// declaration submission, an inspection result, a tracking event, a transit and a route. A refusal must be an InvalidArgument with a code; an
// accepted declaration, written back with ToJson and parsed again, must give the same records. Broken
// invariants abort, so libFuzzer keeps the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/field_error.h"
#include "ingest/json_records.h"
#include "nlohmann/json.hpp"

namespace aduana {
namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "json records invariant broken: %s\n", what);
  std::abort();
}

void RequireRefusal(const absl::Status& status) {
  Require(status.code() == absl::StatusCode::kInvalidArgument, "refusals are InvalidArgument");
  Require(!ErrorCode(status).empty(), "refusals carry a code");
}

// Tracking events, transits and routes (cargo monitoring): refused with a code, or written back and parsed again
// to the same record.
void FuzzCargo(std::string_view input) {
  absl::StatusOr<TrackingEvent> e = ParseTrackingEventJson(input);
  if (!e.ok()) {
    RequireRefusal(e.status());
  } else {
    absl::StatusOr<TrackingEvent> again = ParseTrackingEventJson(ToJson(*e).dump());
    Require(again.ok(), "an event written back parses");
    Require(ToJson(*again) == ToJson(*e), "the round trip keeps the event");
  }
  absl::StatusOr<Transit> t = ParseTransitJson(input);
  if (!t.ok()) {
    RequireRefusal(t.status());
  } else {
    Require(t->deadline > t->departed_at, "a transit's deadline comes after its departure");
    absl::StatusOr<Transit> again = ParseTransitJson(ToJson(*t).dump());
    Require(again.ok() && ToJson(*again) == ToJson(*t), "the round trip keeps the transit");
  }
  absl::StatusOr<RouteSubmission> r = ParseRouteJson(input);
  if (!r.ok()) {
    RequireRefusal(r.status());
  } else {
    Require(r->route.polyline.size() >= 2, "a route has at least two points");
    for (const StopZone& zone : r->zones) Require(zone.route_id == r->route.route_id, "zones belong to their route");
  }
}

void FuzzOne(std::string_view input) {
  absl::StatusOr<DeclarationSubmission> d = ParseDeclarationJson(input);
  if (!d.ok()) {
    RequireRefusal(d.status());
  } else {
    nlohmann::json j = ToJson(d->declaration);
    j["items"] = nlohmann::json::array();
    for (const GoodsItem& item : d->items) j["items"].push_back(ToJson(item));
    absl::StatusOr<DeclarationSubmission> again = ParseDeclarationJson(j.dump());
    Require(again.ok(), "a declaration written back parses");
    Require(ToJson(again->declaration) == ToJson(d->declaration), "the round trip keeps the declaration");
    Require(again->items.size() == d->items.size(), "the round trip keeps every item");
  }
  absl::StatusOr<InspectionOutcome> o = ParseInspectionJson(input, "D-FUZZ");
  if (!o.ok()) {
    RequireRefusal(o.status());
  } else {
    Require(o->declaration_id == "D-FUZZ", "an inspection result belongs to the declaration of the path");
  }
  FuzzCargo(input);
}

}  // namespace
}  // namespace aduana

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aduana::FuzzOne(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
