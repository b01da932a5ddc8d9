// libFuzzer target for the JSON form of records (ingest/json_records.h): parses arbitrary bytes as a
// declaration submission and as an inspection result. A refusal must be an InvalidArgument with a code; an
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
}

}  // namespace
}  // namespace aduana

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aduana::FuzzOne(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
