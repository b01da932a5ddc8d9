// The rule index: which guard each rule is filed under, and that evaluating through the index selects exactly
// what running every rule on its own selects, on many random rules and declarations.
#include "rules/rule_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "rules/compiler.h"
#include "rules/parser.h"
#include "rules/rule_set.h"

namespace aduana::rules {
namespace {

const FieldCatalog& Catalog() {
  static const FieldCatalog* catalog = [] {
    auto* c = new FieldCatalog;
    for (FieldInfo info : std::vector<FieldInfo>{
             {"value", ValueType::kNumber, Scope::kDeclaration, -1, ""},             // number slot 0
             {"declaration.importer", ValueType::kText, Scope::kDeclaration, -1, ""},  // text slot 0
             {"declaration.procedure", ValueType::kText, Scope::kDeclaration, -1, ""},  // text slot 1
             {"item.ratio", ValueType::kNumber, Scope::kItem, -1, ""},                // item number slot 0
             {"item.hs_code", ValueType::kText, Scope::kItem, -1, ""},                // item text slot 0
             {"item.origin", ValueType::kText, Scope::kItem, -1, ""},                 // item text slot 1
         }) {
      EXPECT_TRUE(c->Add(info).ok());
    }
    return c;
  }();
  return *catalog;
}

std::optional<Guard> GuardOf(std::string_view condition, std::vector<std::string> offices = {}) {
  std::string text = "rule R version 1\n author \"a\"\n justification \"j\"\n when " + std::string(condition) +
                     "\n then channel red\n instructions \"i\"\nend\n";
  absl::StatusOr<std::vector<ParsedRule>> parsed = ParseRules(text, "t.rules");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (!parsed.ok()) return std::nullopt;
  return FindGuard(*(*parsed)[0].condition, offices, Catalog());
}

TEST(FindGuard, PrefersADeclarationValueToOfficesToItemValuesToPrefixes) {
  std::optional<Guard> g = GuardOf(
      "item.hs_code hs \"61\" and item.origin in [\"CN\", \"VN\"] and declaration.importer == \"IMP1\"", {"MXNLD"});
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->source, Guard::Source::kDeclarationText);
  EXPECT_EQ(g->values, std::vector<std::string>{"IMP1"});

  g = GuardOf("item.hs_code hs \"61\" and item.origin in [\"CN\", \"VN\"]", {"MXNLD", "MXVER"});
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->source, Guard::Source::kOffice);

  g = GuardOf("item.hs_code hs \"61\" and item.origin in [\"CN\", \"VN\"]");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->source, Guard::Source::kItemText);
  EXPECT_FALSE(g->prefix);
  EXPECT_EQ(g->slot, 1);

  g = GuardOf("value > 10 and \"8471\" == declaration.procedure");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->slot, 1);
  EXPECT_EQ(g->values, std::vector<std::string>{"8471"});
}

TEST(FindGuard, FindsNoneWhereTheRuleCanMatchWithoutOneValue) {
  EXPECT_FALSE(GuardOf("value > 10").has_value());
  EXPECT_FALSE(GuardOf("declaration.importer == \"A\" or value > 10").has_value());
  EXPECT_FALSE(GuardOf("declaration.importer not in [\"A\"]").has_value());
  EXPECT_FALSE(GuardOf("declaration.importer != \"A\"").has_value());
  EXPECT_FALSE(GuardOf("not (declaration.importer == \"A\")").has_value());
  EXPECT_FALSE(GuardOf("declaration.importer == declaration.procedure").has_value());
}

// Random rules over the catalog: guards of every kind, alone, in `and`, under `or` and `not`, with offices.
std::string RandomRule(std::mt19937& rng, int id) {
  auto pick = [&](std::vector<std::string> options) { return options[rng() % options.size()]; };
  auto conjunct = [&]() {
    return pick({"declaration.importer == \"" + pick({"A", "B", "C"}) + "\"",
                 "declaration.procedure in [\"" + pick({"40", "41"}) + "\", \"" + pick({"42", "71"}) + "\"]",
                 "item.hs_code hs \"" + pick({"61", "62", "6109", "847130"}) + "\"",
                 "item.hs_code starts_with \"" + pick({"6", "84", "8471"}) + "\"",
                 "item.origin in [\"" + pick({"CN", "VN", "US"}) + "\"]",
                 "\"" + pick({"CN", "US"}) + "\" == item.origin",
                 "item.origin not in [\"CN\"]",
                 "value > " + std::to_string(rng() % 100),
                 "item.ratio < 0." + std::to_string(rng() % 10),
                 "not (declaration.importer == \"A\")",
                 "(declaration.importer == \"B\" or item.hs_code hs \"62\")"});
  };
  std::string when = conjunct();
  for (int extra = static_cast<int>(rng() % 3); extra > 0; --extra) when += " and " + conjunct();
  std::string offices = rng() % 4 == 0 ? " offices \"" + pick({"MXNLD", "MXVER"}) + "\"\n" : "";
  return "rule R" + std::to_string(id) + " version 1\n author \"a\"\n justification \"j\"\n" + offices + " when " +
         when + "\n then score + 1\n instructions \"i\"\nend\n";
}

TEST(RuleIndex, SelectsExactlyWhatEveryRuleOnItsOwnSelects) {
  std::mt19937 rng(20261126);
  std::string source;
  for (int i = 0; i < 300; ++i) source += RandomRule(rng, i);
  absl::StatusOr<RuleSet> set = RuleSet::Compile(source, "random.rules", Catalog());
  ASSERT_TRUE(set.ok()) << set.status();
  absl::StatusOr<std::vector<ParsedRule>> parsed = ParseRules(source, "random.rules");
  ASSERT_TRUE(parsed.ok());
  std::vector<Program> programs;
  for (const ParsedRule& rule : *parsed) {
    absl::StatusOr<Program> program = CompileCondition(*rule.condition, rule.condition_pos, Catalog(), "random.rules");
    ASSERT_TRUE(program.ok()) << program.status();
    programs.push_back(*std::move(program));
  }
  const RecordLayout layout{1, 2};
  RuleIndex::Scratch scratch;
  size_t total_hits = 0;
  for (int trial = 0; trial < 500; ++trial) {
    auto pick = [&](std::vector<std::string_view> options) { return options[rng() % options.size()]; };
    std::vector<double> numbers = {static_cast<double>(rng() % 120)};
    std::vector<std::string_view> texts = {pick({"A", "B", "C", "D", ""}), pick({"40", "42", "71", ""})};
    std::vector<double> item_numbers;
    std::vector<std::string_view> item_texts;
    size_t items = rng() % 4;
    for (size_t i = 0; i < items; ++i) {
      item_numbers.push_back(static_cast<double>(rng() % 10) / 10);
      item_texts.push_back(pick({"610910", "620342", "847130", "847150", "940360", "6", ""}));
      item_texts.push_back(pick({"CN", "VN", "US", ""}));
    }
    RuleRecord record;
    record.numbers = numbers;
    record.texts = texts;
    record.item_count = items;
    record.item_numbers = item_numbers;
    record.item_texts = item_texts;
    record.customs_office = pick({"MXNLD", "MXVER", "MXMZT"});

    std::vector<RuleSet::Hit> expected;
    StackValue stack[kMaxStack];
    for (size_t r = 0; r < programs.size(); ++r) {
      const std::vector<std::string>& offices = (*parsed)[r].rule.offices;
      if (!offices.empty() && std::find(offices.begin(), offices.end(), record.customs_office) == offices.end()) {
        continue;
      }
      if (!programs[r].item_scope) {
        if (Execute(programs[r], record, 0, layout, stack)) expected.push_back({static_cast<int>(r), -1});
        continue;
      }
      for (size_t i = 0; i < items; ++i) {
        if (Execute(programs[r], record, i, layout, stack)) {
          expected.push_back({static_cast<int>(r), static_cast<int>(i)});
          break;
        }
      }
    }
    std::vector<RuleSet::Hit> got;
    ASSERT_TRUE(set->Evaluate(record, &got, &scratch).ok());
    ASSERT_EQ(got, expected) << "trial " << trial;
    total_hits += got.size();
  }
  EXPECT_GT(total_hits, 500u);  // the random rules do select: the comparison is not between empty lists
}

}  // namespace
}  // namespace aduana::rules
