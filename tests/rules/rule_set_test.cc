// RuleSet evaluation semantics: precedence, missing values, item-level rules, between, hs, in, arithmetic,
// division by zero, validity windows, office targeting, actions, functions, several rules per file, the
// FormatRule round trip, record shape checks, and no allocation while evaluating.
#include "rules/rule_set.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "core/time.h"

// Counts heap allocations, to check that evaluation makes none.
namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace aduana::rules {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

const FieldCatalog& Catalog() {
  static const FieldCatalog* catalog = [] {
    auto* c = new FieldCatalog;
    for (FieldInfo info : std::vector<FieldInfo>{
             {"value", ValueType::kNumber, Scope::kDeclaration, -1, ""},              // number slot 0
             {"importer.hit_rate", ValueType::kNumber, Scope::kDeclaration, -1, ""},  // number slot 1
             {"declaration.origin", ValueType::kText, Scope::kDeclaration, -1, ""},   // text slot 0
             {"declaration.regime", ValueType::kText, Scope::kDeclaration, -1, ""},   // text slot 1
             {"item.unit_value_ratio", ValueType::kNumber, Scope::kItem, -1, ""},     // item number slot 0
             {"item.net_mass", ValueType::kNumber, Scope::kItem, -1, ""},             // item number slot 1
             {"item.hs_code", ValueType::kText, Scope::kItem, -1, ""},                // item text slot 0
         }) {
      EXPECT_TRUE(c->Add(info).ok());
    }
    return c;
  }();
  return *catalog;
}

struct Item {
  double unit_value_ratio = kMissing;
  double net_mass = kMissing;
  std::string_view hs_code;
};

// One declaration; Record() lays it out as the catalog says.
struct Declaration {
  double value = kMissing;
  double hit_rate = kMissing;
  std::string_view origin;
  std::string_view regime;
  std::vector<Item> items;
  std::vector<std::string_view> discrepancies;
  UnixMillis lodged_at = *ParseTimestamp("2026-06-15T10:00:00Z");
  std::string_view office = "MXNLD";

  std::vector<double> numbers, item_numbers;
  std::vector<std::string_view> texts, item_texts;

  RuleRecord Record() {
    numbers = {value, hit_rate};
    texts = {origin, regime};
    item_numbers.clear();
    item_texts.clear();
    for (const Item& item : items) {
      item_numbers.insert(item_numbers.end(), {item.unit_value_ratio, item.net_mass});
      item_texts.push_back(item.hs_code);
    }
    RuleRecord record;
    record.numbers = numbers;
    record.texts = texts;
    record.item_count = items.size();
    record.item_numbers = item_numbers;
    record.item_texts = item_texts;
    record.discrepancy_kinds = discrepancies;
    record.lodged_at = lodged_at;
    record.customs_office = office;
    return record;
  }
};

std::string RuleText(std::string_view id, std::string_view condition, std::string_view extra = "") {
  return "rule " + std::string(id) + " version 1\n  author \"a\"\n  justification \"j\"\n" + std::string(extra) +
         "  when " + std::string(condition) + "\n  then channel red\n  instructions \"i\"\nend\n";
}

RuleSet CompileOrDie(std::string_view text) {
  absl::StatusOr<RuleSet> set = RuleSet::Compile(text, "t.rules", Catalog());
  EXPECT_TRUE(set.ok()) << set.status();
  if (!set.ok()) std::abort();
  return *std::move(set);
}

std::vector<RuleSet::Hit> Hits(const RuleSet& set, Declaration declaration) {
  std::vector<RuleSet::Hit> hits;
  absl::Status status = set.Evaluate(declaration.Record(), &hits);
  EXPECT_TRUE(status.ok()) << status;
  return hits;
}

// Whether a one-rule set with this condition selects the declaration.
bool Selects(std::string_view condition, Declaration declaration = {}) {
  return !Hits(CompileOrDie(RuleText("R", condition)), std::move(declaration)).empty();
}

using Hit = RuleSet::Hit;

TEST(RuleSetEvaluate, Precedence) {
  EXPECT_TRUE(Selects("true or false and false"));
  EXPECT_FALSE(Selects("(true or false) and false"));
  EXPECT_TRUE(Selects("not false and true"));
  EXPECT_FALSE(Selects("not (false or true)"));
  EXPECT_TRUE(Selects("1 + 2 * 3 == 7"));
  EXPECT_TRUE(Selects("(1 + 2) * 3 == 9"));
  EXPECT_TRUE(Selects("10 - 4 - 3 == 3"));
  EXPECT_TRUE(Selects("8 / 4 / 2 == 1"));
  EXPECT_TRUE(Selects("-2 * 3 == -6"));
  EXPECT_TRUE(Selects("- (2 + 3) == -5"));
  EXPECT_TRUE(Selects("1 + 1 > 1 and 2 * 2 >= 4"));
}

TEST(RuleSetEvaluate, ComparesNumbersAndTexts) {
  Declaration d;
  d.value = 1000;
  d.origin = "CN";
  EXPECT_TRUE(Selects("value == 1000", d));
  EXPECT_TRUE(Selects("value != 999", d));
  EXPECT_TRUE(Selects("value < 1000.5 and value <= 1000 and value > 999 and value >= 1000", d));
  EXPECT_FALSE(Selects("value < 1000", d));
  EXPECT_TRUE(Selects("declaration.origin == \"CN\"", d));
  EXPECT_TRUE(Selects("declaration.origin != \"VN\"", d));
  EXPECT_FALSE(Selects("declaration.origin == \"cn\"", d));  // case-sensitive
}

TEST(RuleSetEvaluate, ComparisonsWithMissingValuesAreFalse) {
  Declaration d;  // every value missing
  for (const char* condition :
       {"value > 1", "value < 1", "value == 1", "value != 1", "value >= 0 or value <= 0", "value == value",
        "value between 0 and 1", "value in [1, 2]", "value not in [1, 2]", "value + 1 > 0", "abs(value) >= 0",
        "min(value, 1) < 5", "max(value, 1) > 0", "declaration.origin == \"CN\"", "declaration.origin != \"CN\"",
        "declaration.origin in [\"CN\"]", "declaration.origin not in [\"CN\"]", "declaration.origin hs \"61\"",
        "declaration.origin starts_with \"C\"", "declaration.origin == declaration.regime",
        "declaration.origin != declaration.regime"}) {
    EXPECT_FALSE(Selects(condition, d)) << condition;
  }
  EXPECT_TRUE(Selects("not (value > 1)", d));  // `not` negates the false comparison
  EXPECT_TRUE(Selects("is_missing(value) and is_missing(declaration.origin)", d));
  d.value = 0;
  d.origin = "CN";
  EXPECT_FALSE(Selects("is_missing(value) or is_missing(declaration.origin)", d));
  EXPECT_FALSE(Selects("declaration.origin != declaration.regime", d));  // regime still missing
}

TEST(RuleSetEvaluate, DivisionByZeroAndLogOfNonPositiveAreMissing) {
  Declaration d;
  d.value = 10;
  d.hit_rate = 0;
  EXPECT_FALSE(Selects("value / importer.hit_rate > 0", d));
  EXPECT_FALSE(Selects("value / importer.hit_rate <= 0", d));
  EXPECT_FALSE(Selects("value / 0 != 1", d));
  EXPECT_FALSE(Selects("log(importer.hit_rate) < 0 or log(0 - value) < 0", d));
  EXPECT_TRUE(Selects("value / 4 == 2.5", d));
  EXPECT_TRUE(Selects("abs(log(value) - 2.302585) < 0.00001", d));
}

TEST(RuleSetEvaluate, Functions) {
  Declaration d;
  d.value = -3;
  EXPECT_TRUE(Selects("abs(value) == 3 and min(value, 2) == -3 and max(value, 2) == 2", d));
  d.items = {Item{}, Item{}, Item{}};
  EXPECT_TRUE(Selects("count_items() == 3", d));
  d.items.clear();
  EXPECT_TRUE(Selects("count_items() == 0", d));
}

TEST(RuleSetEvaluate, HasDiscrepancy) {
  Declaration d;
  d.discrepancies = {"gross_mass", "container_count"};
  EXPECT_TRUE(Selects("has_discrepancy(\"gross_mass\")", d));
  EXPECT_TRUE(Selects("has_discrepancy(\"container_count\") and not has_discrepancy(\"consignee\")", d));
  d.discrepancies.clear();
  EXPECT_FALSE(Selects("has_discrepancy(\"gross_mass\")", d));
}

TEST(RuleSetEvaluate, BetweenIsInclusive) {
  Declaration d;
  for (double v : {1.0, 1.5, 2.0}) {
    d.value = v;
    EXPECT_TRUE(Selects("value between 1 and 2", d)) << v;
  }
  for (double v : {0.999, 2.001}) {
    d.value = v;
    EXPECT_FALSE(Selects("value between 1 and 2", d)) << v;
  }
  d.value = 5;
  EXPECT_TRUE(Selects("value between 2 + 2 and 3 * 2 and true", d));
  EXPECT_FALSE(Selects("value between 6 and 4", d));  // an empty range
}

TEST(RuleSetEvaluate, InAndNotIn) {
  Declaration d;
  d.origin = "VN";
  d.value = 3;
  EXPECT_TRUE(Selects("declaration.origin in [\"CN\", \"VN\", \"BD\"]", d));
  EXPECT_FALSE(Selects("declaration.origin not in [\"CN\", \"VN\", \"BD\"]", d));
  EXPECT_TRUE(Selects("declaration.origin not in [\"CN\", \"BD\"]", d));
  EXPECT_FALSE(Selects("declaration.origin in [\"V\", \"VNM\"]", d));
  EXPECT_TRUE(Selects("value in [1, 3, -2]", d));
  EXPECT_TRUE(Selects("value not in [1, 2]", d));
  d.value = -2;
  EXPECT_TRUE(Selects("value in [1, 3, -2]", d));
  // Larger lists (binary search over the sorted set).
  std::string list;
  for (int i = 0; i < 100; ++i) list += (i ? ", \"C" : "\"C") + std::to_string(i) + "\"";
  d.origin = "C57";
  EXPECT_TRUE(Selects("declaration.origin in [" + list + "]", d));
  d.origin = "C100";
  EXPECT_FALSE(Selects("declaration.origin in [" + list + "]", d));
}

TEST(RuleSetEvaluate, HsPrefixesAndStartsWith) {
  Declaration d;
  d.origin = "610443";  // a text field used as a code here
  EXPECT_TRUE(Selects("declaration.origin hs \"61\"", d));
  EXPECT_TRUE(Selects("declaration.origin hs \"62\", \"6104\"", d));
  EXPECT_TRUE(Selects("declaration.origin hs \"610443\"", d));
  EXPECT_FALSE(Selects("declaration.origin hs \"62\", \"6105\"", d));
  EXPECT_FALSE(Selects("declaration.origin hs \"61044300\"", d));  // prefix longer than the code
  EXPECT_TRUE(Selects("declaration.origin starts_with \"610\"", d));
  EXPECT_FALSE(Selects("declaration.origin starts_with \"0\"", d));
}

TEST(RuleSetEvaluate, ItemRulesMatchAnyItemAndReportTheFirst) {
  RuleSet set = CompileOrDie(RuleText("UV", "item.hs_code hs \"61\" and item.unit_value_ratio < 0.5 and value > 100"));
  EXPECT_TRUE(set.IsItemRule(0));
  Declaration d;
  d.value = 1000;
  d.items = {{0.3, 10, "620342"}, {0.9, 10, "610443"}, {0.2, 10, "610990"}, {0.1, 10, "611020"}};
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, 2}}));
  d.items[1].unit_value_ratio = 0.4;
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, 1}}));
  d.value = 50;  // the declaration-level part fails for every item
  EXPECT_TRUE(Hits(set, d).empty());
  d.value = 1000;
  d.items.clear();  // no items: an item-level rule cannot match
  EXPECT_TRUE(Hits(set, d).empty());
}

TEST(RuleSetEvaluate, ItemFieldsOfTheSameItemGoTogether) {
  RuleSet set = CompileOrDie(RuleText("M", "item.net_mass > 100 and item.unit_value_ratio < 0.5"));
  Declaration d;
  d.items = {{0.1, 5, "01"}, {0.9, 500, "02"}};  // each condition holds on a different item
  EXPECT_TRUE(Hits(set, d).empty());
  d.items.push_back({0.2, 200, "03"});
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, 2}}));
}

TEST(RuleSetEvaluate, DeclarationRulesReportNoItem) {
  RuleSet set = CompileOrDie(RuleText("D", "count_items() >= 2"));
  EXPECT_FALSE(set.IsItemRule(0));
  Declaration d;
  d.items = {Item{}, Item{}};
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}}));
}

TEST(RuleSetEvaluate, ValidityWindowDaysAreInclusive) {
  RuleSet set = CompileOrDie(RuleText("W", "true", "  valid 2026-03-01 .. 2026-03-31\n"));
  Declaration d;
  auto at = [&](const char* timestamp) {
    d.lodged_at = *ParseTimestamp(timestamp);
    return Hits(set, d).size();
  };
  EXPECT_EQ(at("2026-02-28T23:59:59.999Z"), 0u);
  EXPECT_EQ(at("2026-03-01T00:00:00Z"), 1u);
  EXPECT_EQ(at("2026-03-15T12:00:00Z"), 1u);
  EXPECT_EQ(at("2026-03-31T23:59:59.999Z"), 1u);
  EXPECT_EQ(at("2026-04-01T00:00:00Z"), 0u);
}

TEST(RuleSetEvaluate, OpenValidityWindows) {
  RuleSet set = CompileOrDie(RuleText("FROM", "true", "  valid 2026-03-01 ..\n") +
                             RuleText("TO", "true", "  valid .. 1969-12-31\n"));
  Declaration d;
  d.lodged_at = *ParseTimestamp("2100-01-01T00:00:00Z");
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}}));
  d.lodged_at = -1;  // 1969-12-31T23:59:59.999Z: days round down before the epoch
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{1, -1}}));
  d.lodged_at = 0;
  EXPECT_TRUE(Hits(set, d).empty());
}

TEST(RuleSetEvaluate, OfficeTargeting) {
  RuleSet set = CompileOrDie(RuleText("ALL1", "true") + RuleText("NLD", "true", "  offices \"MXNLD\"\n") +
                             RuleText("VER", "true", "  offices \"MXVER\", \"MXNLD\"\n") + RuleText("ALL2", "true"));
  Declaration d;
  d.office = "MXNLD";
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}, {1, -1}, {2, -1}, {3, -1}}));
  d.office = "MXVER";
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}, {2, -1}, {3, -1}}));
  d.office = "MXAGU";
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}, {3, -1}}));
  d.office = "";
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}, {3, -1}}));
}

TEST(RuleSetEvaluate, ActionsAreReportedWithTheRules) {
  RuleSet set = CompileOrDie(R"(# two rules, one force and one score
rule FORCE version 1 author "a" justification "j" when value > 10 then channel yellow instructions "i" end
# the second rule
rule SCORE version 4 author "a" justification "j" when value > 5 then score - 0.5 instructions "i" end
)");
  ASSERT_EQ(set.rules().size(), 2u);
  EXPECT_EQ(set.rules()[0].action.kind, RuleAction::Kind::kForceChannel);
  EXPECT_EQ(set.rules()[0].action.channel, Channel::kYellow);
  EXPECT_EQ(set.rules()[1].action.kind, RuleAction::Kind::kAddScore);
  EXPECT_EQ(set.rules()[1].action.score_delta, -0.5);
  EXPECT_EQ(set.rules()[1].source_line, 4);
  Declaration d;
  d.value = 7;
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{1, -1}}));
  d.value = 70;
  EXPECT_EQ(Hits(set, d), (std::vector<Hit>{{0, -1}, {1, -1}}));
}

TEST(RuleSetEvaluate, AppendsToExistingHits) {
  RuleSet set = CompileOrDie(RuleText("A", "true"));
  std::vector<Hit> hits = {{7, 7}};
  Declaration d;
  ASSERT_TRUE(set.Evaluate(d.Record(), &hits).ok());
  EXPECT_EQ(hits, (std::vector<Hit>{{7, 7}, {0, -1}}));
}

TEST(RuleSetEvaluate, FormattedRulesSelectTheSame) {
  std::string source = RuleText("A", "item.hs_code hs \"61\", \"62\" and (declaration.origin in [\"CN\", \"VN\"] or "
                                     "importer.hit_rate >= 0.25) and not (item.unit_value_ratio >= 0.5)",
                                "  valid 2026-01-01 .. 2026-12-31\n  offices \"MXNLD\"\n") +
                       RuleText("B", "value / max(count_items(), 1) between -1e3 and 2.5e4 or has_discrepancy(\"x\")");
  RuleSet original = CompileOrDie(source);
  std::string formatted;
  for (const Rule& rule : original.rules()) formatted += FormatRule(rule);
  RuleSet reparsed = CompileOrDie(formatted);
  ASSERT_EQ(reparsed.rules().size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_TRUE(original.rules()[i].SameAs(reparsed.rules()[i]));
  Declaration d;
  d.value = 12000;
  d.hit_rate = 0.3;
  d.origin = "BD";
  d.items = {{0.7, 1, "610443"}, {0.3, 1, "620111"}};
  EXPECT_EQ(Hits(original, d), (std::vector<Hit>{{0, 1}, {1, -1}}));
  EXPECT_EQ(Hits(reparsed, d), Hits(original, d));
}

TEST(RuleSetEvaluate, RefusesRecordsShorterThanTheCatalog) {
  RuleSet set = CompileOrDie(RuleText("A", "true"));
  std::vector<Hit> hits;
  std::vector<double> one_number = {1};
  RuleRecord record;
  record.numbers = one_number;
  absl::Status status = set.Evaluate(record, &hits);
  EXPECT_EQ(status.message(), "rule record has 1 declaration numbers but the field catalog needs 2");
  Declaration d;
  d.items = {Item{}, Item{}};
  record = d.Record();
  record.item_count = 3;
  EXPECT_EQ(set.Evaluate(record, &hits).message(), "rule record has 4 item numbers but the field catalog needs 6");
  record = d.Record();
  record.item_texts = record.item_texts.subspan(0, 1);
  EXPECT_EQ(set.Evaluate(record, &hits).message(), "rule record has 1 item texts but the field catalog needs 2");
  record = d.Record();
  record.texts = {};
  EXPECT_EQ(set.Evaluate(record, &hits).message(), "rule record has 0 declaration texts but the field catalog needs 2");
  EXPECT_TRUE(hits.empty());
}

TEST(RuleSetEvaluate, CompileErrorsCarryTheSourcePosition) {
  absl::StatusOr<RuleSet> set = RuleSet::Compile(RuleText("A", "value > 1") + RuleText("B", "valeu > 1"),
                                                 "criteria.rules", Catalog());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message(), "criteria.rules:11:8: unknown field 'valeu' (did you mean 'value'?)");
}

TEST(RuleSetEvaluate, DoesNotAllocate) {
  std::string source;
  for (int i = 0; i < 200; ++i) {
    std::string id = std::string("R").append(std::to_string(i));
    // Built with append: GCC 12 at -O3 warns falsely (-Wstringop-overflow) on a literal + std::string temporary.
    std::string condition("item.hs_code hs \"61\", \"62\" and declaration.origin in [\"CN\", \"VN\"] and "
                          "item.unit_value_ratio < 0.5 + ");
    condition.append(std::to_string(i % 7)).append(" / 10");
    source += RuleText(id, condition,
                       i % 3 == 0 ? "  offices \"MXNLD\"\n" : "");
  }
  RuleSet set = CompileOrDie(source);
  Declaration d;
  d.origin = "CN";
  d.items = {{0.9, 1, "620111"}, {0.3, 1, "610443"}};
  d.discrepancies = {"gross_mass"};
  RuleRecord record = d.Record();
  std::vector<Hit> hits;
  hits.reserve(set.rules().size());
  RuleIndex::Scratch scratch;
  ASSERT_TRUE(set.Evaluate(record, &hits, &scratch).ok());  // the scratch buffers grow once
  hits.clear();
  long before = allocations.load();
  delete new std::string("the counter counts");
  ASSERT_GT(allocations.load(), before);  // the counter sees allocations
  before = allocations.load();
  absl::Status status = set.Evaluate(record, &hits, &scratch);
  long after = allocations.load();
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(after - before, 0);
  EXPECT_EQ(hits.size(), 200u);
  EXPECT_EQ(hits[0], (Hit{0, 1}));
}

}  // namespace
}  // namespace aduana::rules
