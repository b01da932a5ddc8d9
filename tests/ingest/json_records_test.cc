// The JSON form of declarations and inspection results: the same checks as a CSV row, with the field path and
// a machine-readable code for each refusal, and a round trip through the API form for generated declarations.
#include "ingest/json_records.h"

#include <gtest/gtest.h>

#include "../testing/temp_dir.h"
#include "core/field_error.h"
#include "generate/generator.h"
#include "ingest/declaration_files.h"
#include "nlohmann/json.hpp"

namespace aduana {
namespace {

using nlohmann::json;

json ValidDeclaration() {
  return json::parse(R"({
    "declaration_id": "D-2026-000001", "lodged_at": "2026-03-02T10:15:00Z", "customs_office": "MXNLD",
    "procedure_code": "4000", "importer_id": "IMP0001", "declarant_id": "BRK0001", "supplier_id": "SUP0001",
    "supplier_country": "CN", "country_of_export": "CN", "transport_mode": 1, "port_of_loading": "CNSHA",
    "port_of_entry": "MXVER", "transport_document_id": "BL-1", "incoterm": "FOB", "currency": "USD",
    "exchange_rate": 17.2, "invoice_amount": 10000, "freight": 800, "insurance": 50, "customs_value": 186620,
    "gross_mass_kg": 1250.5, "packages": 40,
    "items": [
      {"item_number": 1, "hs_code": "6109100000", "description": "cotton T-shirts", "country_of_origin": "CN",
       "quantity": 2000, "quantity_unit": "C62", "net_mass_kg": 600, "customs_value": 120000, "duty_rate": 25,
       "duty_declared": 30000},
      {"item_number": 2, "hs_code": "6203420000", "description": "cotton trousers", "country_of_origin": "BD",
       "quantity": 500, "quantity_unit": "C62", "net_mass_kg": 400, "customs_value": 66620, "duty_rate": 25,
       "duty_declared": 16655, "preference_code": null}
    ]})");
}

// The status of parsing `j` after `edit`.
absl::Status Refusal(const std::function<void(json&)>& edit) {
  json j = ValidDeclaration();
  edit(j);
  return ParseDeclarationJson(j.dump()).status();
}

TEST(JsonDeclaration, ReadsAValidDeclarationWithItsItems) {
  absl::StatusOr<DeclarationSubmission> s = ParseDeclarationJson(ValidDeclaration().dump());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->declaration.customs_office, "MXNLD");
  EXPECT_EQ(s->declaration.transport_mode, 1);
  EXPECT_DOUBLE_EQ(s->declaration.gross_mass_kg, 1250.5);
  EXPECT_EQ(s->declaration.packages, 40);
  ASSERT_EQ(s->items.size(), 2u);
  EXPECT_EQ(s->items[1].declaration_id, "D-2026-000001");  // taken from the header
  EXPECT_EQ(s->items[1].country_of_origin, "BD");
  EXPECT_EQ(s->items[1].preference_code, "");  // null is empty
}

TEST(JsonDeclaration, RefusesEachKindOfBadInputWithItsFieldAndCode) {
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    const char* field;
    const char* code;
  };
  const Case cases[] = {
      {"unknown field", [](json& j) { j["customs_valu"] = 1; }, "customs_valu", "unknown_field"},
      {"missing field", [](json& j) { j.erase("importer_id"); }, "importer_id", "missing_field"},
      {"null required field", [](json& j) { j["importer_id"] = nullptr; }, "importer_id", "missing_field"},
      {"number as text", [](json& j) { j["customs_value"] = "186620"; }, "customs_value", "wrong_type"},
      {"code as number", [](json& j) { j["items"][0]["hs_code"] = 6109100000LL; }, "items[0].hs_code", "wrong_type"},
      {"bad country", [](json& j) { j["items"][1]["country_of_origin"] = "C1"; }, "items[1].country_of_origin",
       "invalid_value"},
      {"negative value", [](json& j) { j["customs_value"] = -5; }, "customs_value", "out_of_range"},
      {"fractional integer", [](json& j) { j["packages"] = 2.5; }, "packages", "invalid_value"},
      {"bad timestamp", [](json& j) { j["lodged_at"] = "2026-13-02T10:15:00Z"; }, "lodged_at", "invalid_value"},
      {"item of another declaration", [](json& j) { j["items"][0]["declaration_id"] = "D-OTHER"; },
       "items[0].declaration_id", "inconsistent_fields"},
      {"duplicate item", [](json& j) { j["items"][1]["item_number"] = 1; }, "items[1].item_number",
       "duplicate_item"},
      {"no items", [](json& j) { j["items"] = json::array(); }, "items", "missing_field"},
      {"items missing", [](json& j) { j.erase("items"); }, "items", "missing_field"},
      {"items not an array", [](json& j) { j["items"] = json::object(); }, "items", "wrong_type"},
      {"item not an object", [](json& j) { j["items"][0] = 7; }, "items[0]", "wrong_type"},
  };
  for (const Case& c : cases) {
    absl::Status s = Refusal(c.edit);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_EQ(ErrorField(s), c.field) << c.what << ": " << s;
    EXPECT_EQ(ErrorCode(s), c.code) << c.what << ": " << s;
    EXPECT_EQ(s.message().substr(0, std::string_view(c.field).size()), c.field) << c.what << ": " << s;
  }
}

TEST(JsonDeclaration, RefusesWhatIsNotAJsonObject) {
  EXPECT_EQ(ErrorCode(ParseDeclarationJson("{\"declaration_id\": ").status()), "malformed_json");
  EXPECT_EQ(ErrorCode(ParseDeclarationJson("").status()), "malformed_json");
  EXPECT_EQ(ErrorCode(ParseDeclarationJson("[1, 2]").status()), "wrong_type");
  EXPECT_EQ(ErrorCode(ParseDeclarationJson(std::string(100000, '[')).status()), "too_deep");
  // Brackets inside strings are text, not nesting.
  json j = ValidDeclaration();
  j["items"][0]["description"] = std::string(50, '[');
  EXPECT_TRUE(ParseDeclarationJson(j.dump()).ok());
  JsonLimits limits;
  limits.max_items = 1;
  EXPECT_EQ(ErrorCode(ParseDeclarationJson(ValidDeclaration().dump(), limits).status()), "too_many_items");
}

TEST(JsonInspection, ReadsAResultForTheDeclarationOfThePath) {
  auto ok = ParseInspectionJson(R"({"channel": "red", "inspected_at": "2026-03-03T09:00:00Z",
      "result": "non_compliant", "fraud_types": ["undervaluation"], "critical_level": 0,
      "additional_revenue": 15200.5, "seizure": false})", "D-1");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->declaration_id, "D-1");
  EXPECT_TRUE(ok->non_compliant);
  EXPECT_EQ(ok->fraud_types, std::vector<std::string>{"undervaluation"});
  auto no_types = ParseInspectionJson(R"({"channel": "red", "inspected_at": "2026-03-03T09:00:00Z",
      "result": "non_compliant", "additional_revenue": 0, "seizure": false})", "D-1");
  EXPECT_EQ(ErrorField(no_types.status()), "fraud_types");
  EXPECT_EQ(ErrorCode(no_types.status()), "missing_field");
  auto text_bool = ParseInspectionJson(R"({"channel": "red", "inspected_at": "2026-03-03T09:00:00Z",
      "result": "compliant", "additional_revenue": 0, "seizure": "no"})", "D-1");
  EXPECT_EQ(ErrorCode(text_bool.status()), "wrong_type");
  auto other = ParseInspectionJson(R"({"declaration_id": "D-2", "channel": "red",
      "inspected_at": "2026-03-03T09:00:00Z", "result": "compliant", "additional_revenue": 0, "seizure": false})",
      "D-1");
  EXPECT_EQ(ErrorCode(other.status()), "inconsistent_fields");
  auto bad_list = ParseInspectionJson(R"({"channel": "red", "inspected_at": "2026-03-03T09:00:00Z",
      "result": "non_compliant", "fraud_types": ["origin;quantity"], "additional_revenue": 0, "seizure": false})",
      "D-1");
  EXPECT_EQ(ErrorCode(bad_list.status()), "invalid_value");
}

// Generated declarations read from CSV, written as JSON and parsed back are the same declarations.
TEST(JsonDeclaration, GeneratedDeclarationsSurviveTheRoundTrip) {
  testing::TempDir dir;
  GeneratorOptions options;
  options.out_dir = dir.File("data");
  options.declarations = 300;
  options.seed = 9;
  options.malformed_rate = 0;
  ASSERT_TRUE(GenerateDataset(options).ok());
  auto files = ReadDeclarationFiles({dir.File("data/declarations.csv"), dir.File("data/goods_items.csv")},
                                    InputFormat::kNative, nullptr);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_GE(files->records.size(), 290u);
  for (const DeclarationRecord& r : files->records) {
    json j = ToJson(r.declaration);
    j["items"] = json::array();
    for (const GoodsItem& item : r.items) j["items"].push_back(ToJson(item));
    absl::StatusOr<DeclarationSubmission> back = ParseDeclarationJson(j.dump());
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << j.dump();
    EXPECT_EQ(ToJson(back->declaration), ToJson(r.declaration));
    ASSERT_EQ(back->items.size(), r.items.size());
    for (size_t i = 0; i < r.items.size(); ++i) EXPECT_EQ(ToJson(back->items[i]), ToJson(r.items[i]));
  }
}

}  // namespace
}  // namespace aduana
