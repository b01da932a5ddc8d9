// libFuzzer target for the rules language (src/rules): parses arbitrary bytes as a rule file. Errors must be
// InvalidArgument messages that start with the source name. A file that parses must format back (FormatRule) to
// text that parses to the same rules; if it compiles against a small fixed catalog, its formatted text must
// compile too, and both must select the same declarations among a few fixed records; and the rule set (which
// runs only the candidates its index names) must select what running every rule on its own selects. Broken
// invariants abort, so libFuzzer keeps the input.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.h"
#include "rules/compiler.h"
#include "rules/parser.h"
#include "rules/rule.h"
#include "rules/rule_set.h"

namespace aduana::rules {
namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "rules invariant broken: %s\n", what);
  std::abort();
}

void RequireSourceError(const absl::Status& status, std::string_view source) {
  Require(status.code() == absl::StatusCode::kInvalidArgument, "errors are InvalidArgument");
  std::string_view message(status.message().data(), status.message().size());
  Require(message.starts_with(std::string(source) + ":"), "errors start with the source name");
  Require(IsValidUtf8(message), "error messages are valid UTF-8");
}

const FieldCatalog& Catalog() {
  static const FieldCatalog* catalog = [] {
    auto* c = new FieldCatalog;
    const FieldInfo fields[] = {
        {"value", ValueType::kNumber, Scope::kDeclaration, -1, ""},
        {"a", ValueType::kNumber, Scope::kDeclaration, -1, ""},
        {"importer.hit_rate", ValueType::kNumber, Scope::kDeclaration, -1, ""},
        {"declaration.origin", ValueType::kText, Scope::kDeclaration, -1, ""},
        {"t", ValueType::kText, Scope::kDeclaration, -1, ""},
        {"item.unit_value_ratio", ValueType::kNumber, Scope::kItem, -1, ""},
        {"i", ValueType::kNumber, Scope::kItem, -1, ""},
        {"item.hs_code", ValueType::kText, Scope::kItem, -1, ""},
        {"s", ValueType::kText, Scope::kItem, -1, ""},
    };
    for (const FieldInfo& field : fields) Require(c->Add(field).ok(), "the fuzz catalog is valid");
    return c;
  }();
  return *catalog;
}

struct Records {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> numbers[3] = {{kNaN, kNaN, kNaN}, {1000, 0, 0.3}, {-1, 1e300, -0.0}};
  std::vector<std::string_view> texts[3] = {{"", ""}, {"CN", "x"}, {"VN", "610443"}};
  std::vector<double> item_numbers[3] = {{}, {0.3, 2, 0.9, kNaN}, {kNaN, 0, 0.1, -5, 1e-300, 7}};
  std::vector<std::string_view> item_texts[3] = {{}, {"610443", "CN", "620111", ""}, {"", "a", "61", "x", "0101", "b"}};
  std::vector<std::string_view> kinds[3] = {{}, {"gross_mass"}, {"x", "container_count"}};
  const char* offices[3] = {"", "MXNLD", "MXVER"};
  UnixMillis lodged[3] = {0, 1767225600000, -86400001};  // 1970-01-01, 2026-01-01, 1969-12-30

  RuleRecord Get(int k) const {
    RuleRecord r;
    r.numbers = numbers[k];
    r.texts = texts[k];
    r.item_count = item_numbers[k].size() / 2;
    r.item_numbers = item_numbers[k];
    r.item_texts = item_texts[k];
    r.discrepancy_kinds = kinds[k];
    r.lodged_at = lodged[k];
    r.customs_office = offices[k];
    return r;
  }
};

std::vector<RuleSet::Hit> Evaluate(const RuleSet& set, const RuleRecord& record) {
  std::vector<RuleSet::Hit> hits;
  Require(set.Evaluate(record, &hits).ok(), "records of the catalog's shape evaluate");
  int previous = -1;
  for (const RuleSet::Hit& hit : hits) {
    Require(hit.rule_index > previous, "hits come in rule order, once per rule");
    Require(hit.rule_index < static_cast<int>(set.rules().size()), "hits name a rule");
    Require(hit.item_index >= -1 && hit.item_index < static_cast<int>(record.item_count), "hits name an item");
    Require((hit.item_index >= 0) == set.IsItemRule(hit.rule_index), "item hits for item rules only");
    previous = hit.rule_index;
  }
  return hits;
}

// Every rule run on its own, without the index: the oracle for RuleSet::Evaluate.
std::vector<RuleSet::Hit> EvaluateEachAlone(const std::vector<ParsedRule>& parsed, const RuleRecord& record) {
  std::vector<RuleSet::Hit> hits;
  const RecordLayout layout{static_cast<size_t>(Catalog().NumberSlots(Scope::kItem)),
                            static_cast<size_t>(Catalog().TextSlots(Scope::kItem))};
  int64_t day = DayOf(record.lodged_at);
  StackValue stack[kMaxStack];
  for (size_t r = 0; r < parsed.size(); ++r) {
    const Rule& rule = parsed[r].rule;
    if ((rule.valid_from && day < *rule.valid_from) || (rule.valid_to && day > *rule.valid_to)) continue;
    if (!rule.offices.empty() &&
        std::find(rule.offices.begin(), rule.offices.end(), record.customs_office) == rule.offices.end()) {
      continue;
    }
    absl::StatusOr<Program> program = CompileCondition(*parsed[r].condition, parsed[r].condition_pos, Catalog(), "x");
    Require(program.ok(), "a rule of a set that compiles compiles on its own");
    if (!program->item_scope) {
      if (Execute(*program, record, 0, layout, stack)) hits.push_back({static_cast<int>(r), -1});
      continue;
    }
    for (size_t item = 0; item < record.item_count; ++item) {
      if (Execute(*program, record, item, layout, stack)) {
        hits.push_back({static_cast<int>(r), static_cast<int>(item)});
        break;
      }
    }
  }
  return hits;
}

void FuzzOne(std::string_view input) {
  absl::StatusOr<std::vector<ParsedRule>> parsed = ParseRules(input, "fuzz.rules");
  if (!parsed.ok()) return RequireSourceError(parsed.status(), "fuzz.rules");
  std::string formatted;
  for (const ParsedRule& rule : *parsed) formatted += FormatRule(rule.rule);
  absl::StatusOr<std::vector<ParsedRule>> again = ParseRules(formatted, "formatted.rules");
  Require(again.ok(), "formatted rules parse");
  Require(again->size() == parsed->size(), "formatting keeps every rule");
  for (size_t i = 0; i < parsed->size(); ++i) {
    Require((*parsed)[i].rule.SameAs((*again)[i].rule), "formatted rules parse to the same rules");
  }
  absl::StatusOr<RuleSet> set = RuleSet::Compile(input, "fuzz.rules", Catalog());
  absl::StatusOr<RuleSet> formatted_set = RuleSet::Compile(formatted, "formatted.rules", Catalog());
  Require(set.ok() == formatted_set.ok(), "formatted rules compile exactly when the original ones do");
  if (!set.ok()) return RequireSourceError(set.status(), "fuzz.rules");
  static const Records records;
  for (int k = 0; k < 3; ++k) {
    RuleRecord record = records.Get(k);
    std::vector<RuleSet::Hit> hits = Evaluate(*set, record);
    Require(hits == Evaluate(*formatted_set, record), "formatted rules select the same");
    Require(hits == EvaluateEachAlone(*parsed, record), "the index selects what every rule alone selects");
  }
}

}  // namespace
}  // namespace aduana::rules

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aduana::rules::FuzzOne(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
