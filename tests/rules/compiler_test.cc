// Field catalog and compiler: catalog validation and slots, "did you mean" suggestions, every type error of the
// compiler with its position, and the shape of compiled programs (item scope, stack bound, constant sets).
#include "rules/compiler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "rules/field_catalog.h"
#include "rules/parser.h"

namespace aduana::rules {
namespace {

FieldCatalog TestCatalog() {
  FieldCatalog catalog;
  for (FieldInfo info : std::vector<FieldInfo>{
           {"value", ValueType::kNumber, Scope::kDeclaration, -1, "customs value"},
           {"importer.hit_rate", ValueType::kNumber, Scope::kDeclaration, -1, ""},
           {"declaration.origin", ValueType::kText, Scope::kDeclaration, -1, ""},
           {"item.unit_value_ratio", ValueType::kNumber, Scope::kItem, -1, ""},
           {"item.hs_code", ValueType::kText, Scope::kItem, -1, ""},
       }) {
    EXPECT_TRUE(catalog.Add(info).ok()) << info.name;
  }
  return catalog;
}

// The condition starts at line 4, column 8 of the rule file.
std::string WithCondition(std::string_view condition) {
  return "rule R1 version 1\n  author \"a\"\n  justification \"j\"\n  when " + std::string(condition) +
         "\n  then channel red\n  instructions \"i\"\nend\n";
}

absl::StatusOr<Program> Compile(std::string_view condition) {
  static const FieldCatalog catalog = TestCatalog();
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(WithCondition(condition), "t.rules");
  if (!rules.ok()) return rules.status();
  const ParsedRule& rule = rules->front();
  return CompileCondition(*rule.condition, rule.condition_pos, catalog, "t.rules");
}

std::string CompileError(std::string_view condition) {
  absl::StatusOr<Program> program = Compile(condition);
  if (program.ok()) return "OK";
  EXPECT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(program.status().message());
}

TEST(FieldCatalog, AssignsSlotsPerScopeAndType) {
  FieldCatalog catalog = TestCatalog();
  EXPECT_EQ(catalog.Find("value")->slot, 0);
  EXPECT_EQ(catalog.Find("importer.hit_rate")->slot, 1);
  EXPECT_EQ(catalog.Find("declaration.origin")->slot, 0);
  EXPECT_EQ(catalog.Find("item.unit_value_ratio")->slot, 0);
  EXPECT_EQ(catalog.Find("item.hs_code")->slot, 0);
  EXPECT_EQ(catalog.NumberSlots(Scope::kDeclaration), 2);
  EXPECT_EQ(catalog.TextSlots(Scope::kDeclaration), 1);
  EXPECT_EQ(catalog.NumberSlots(Scope::kItem), 1);
  EXPECT_EQ(catalog.TextSlots(Scope::kItem), 1);
  EXPECT_EQ(catalog.Find("nope"), nullptr);
  EXPECT_EQ(catalog.fields().size(), 5u);
  EXPECT_EQ(catalog.fields()[0].description, "customs value");
}

TEST(FieldCatalog, AcceptsExplicitSlots) {
  FieldCatalog catalog;
  ASSERT_TRUE(catalog.Add({"b", ValueType::kNumber, Scope::kDeclaration, 3, ""}).ok());
  ASSERT_TRUE(catalog.Add({"a", ValueType::kNumber, Scope::kDeclaration, -1, ""}).ok());
  EXPECT_EQ(catalog.Find("a")->slot, 4);
  EXPECT_EQ(catalog.NumberSlots(Scope::kDeclaration), 5);
  ASSERT_TRUE(catalog.Add({"c", ValueType::kText, Scope::kDeclaration, 3, ""}).ok());  // other type: free
}

TEST(FieldCatalog, RejectsBadFields) {
  FieldCatalog catalog = TestCatalog();
  auto error = [&](FieldInfo info) { return std::string(catalog.Add(std::move(info)).message()); };
  EXPECT_EQ(error({"", ValueType::kNumber, Scope::kDeclaration, -1, ""}), "field name is empty");
  EXPECT_EQ(error({std::string(65, 'a'), ValueType::kNumber, Scope::kDeclaration, -1, ""}),
            "field name is longer than 64 bytes");
  EXPECT_EQ(error({"2x", ValueType::kNumber, Scope::kDeclaration, -1, ""}),
            "field name '2x' must start with a letter or '_'");
  EXPECT_EQ(error({"a-b", ValueType::kNumber, Scope::kDeclaration, -1, ""}),
            "field name 'a-b' may hold only letters, digits, '_' and '.'");
  EXPECT_EQ(error({"between", ValueType::kNumber, Scope::kDeclaration, -1, ""}),
            "field name 'between' is a reserved word");
  EXPECT_EQ(error({"then", ValueType::kNumber, Scope::kDeclaration, -1, ""}), "field name 'then' is a reserved word");
  EXPECT_EQ(error({"value", ValueType::kText, Scope::kItem, -1, ""}), "field 'value' is already in the catalog");
  EXPECT_EQ(error({"other", ValueType::kNumber, Scope::kDeclaration, 1, ""}),
            "field 'other': slot 1 is already taken in its scope and type");
  EXPECT_EQ(error({"huge", ValueType::kNumber, Scope::kDeclaration, 65536, ""}),
            "field 'huge': slot 65536 is above the limit of 65535");
  EXPECT_EQ(catalog.fields().size(), 5u);
}

TEST(FieldCatalog, SuggestsTheNearestName) {
  FieldCatalog catalog = TestCatalog();
  EXPECT_EQ(catalog.Suggest("importer.hitrate"), "importer.hit_rate");
  EXPECT_EQ(catalog.Suggest("valeu"), "value");     // a transposition is two edits
  EXPECT_EQ(catalog.Suggest("vxlxx"), "");          // three edits away
  EXPECT_EQ(catalog.Suggest("item.hs_cod"), "item.hs_code");
}

// ---- Compiler errors (the condition starts at line 4, column 8) ----

TEST(ConditionTypeErrors, UnknownField) {
  EXPECT_EQ(CompileError("importer.hitrate > 0.5"),
            "t.rules:4:8: unknown field 'importer.hitrate' (did you mean 'importer.hit_rate'?)");
  EXPECT_EQ(CompileError("value > 1 and declared_weight > 2"), "t.rules:4:22: unknown field 'declared_weight'");
  EXPECT_EQ(CompileError("count_items > 2"),
            "t.rules:4:8: unknown field 'count_items' (count_items is a function: write count_items(...))");
  EXPECT_EQ(CompileError("is_missing(item.hscode)"),
            "t.rules:4:19: unknown field 'item.hscode' (did you mean 'item.hs_code'?)");
}

TEST(ConditionTypeErrors, TypeMismatchInComparison) {
  EXPECT_EQ(CompileError("declaration.origin == 1"), "t.rules:4:27: type mismatch: cannot compare text with number");
  EXPECT_EQ(CompileError("value != \"CN\""), "t.rules:4:14: type mismatch: cannot compare number with text");
}

TEST(ConditionTypeErrors, OrderingNeedsNumbers) {
  EXPECT_EQ(CompileError("declaration.origin < \"CN\""), "t.rules:4:27: operator '<' needs numbers, found text");
}

TEST(ConditionTypeErrors, ConditionsCannotBeCompared) {
  EXPECT_EQ(CompileError("(value > 1) == (value > 2)"),
            "t.rules:4:20: operator '==' compares numbers or text, found a condition");
  EXPECT_EQ(CompileError("(value > 1) in [1]"),
            "t.rules:4:20: operator 'in' compares numbers or text, found a condition");
  EXPECT_EQ(CompileError("(value > 1) not in [1]"),
            "t.rules:4:20: operator 'not in' compares numbers or text, found a condition");
}

TEST(ConditionTypeErrors, LogicNeedsConditions) {
  EXPECT_EQ(CompileError("value > 1 and value"), "t.rules:4:22: operator 'and' needs conditions, found a number");
  EXPECT_EQ(CompileError("declaration.origin or true"), "t.rules:4:8: operator 'or' needs conditions, found text");
  EXPECT_EQ(CompileError("not value"), "t.rules:4:8: operator 'not' needs conditions, found a number");
}

TEST(ConditionTypeErrors, ArithmeticNeedsNumbers) {
  EXPECT_EQ(CompileError("declaration.origin + 1 > 0"), "t.rules:4:27: operator '+' needs numbers, found text");
  EXPECT_EQ(CompileError("value * (value > 1) > 0"), "t.rules:4:14: operator '*' needs numbers, found a condition");
  EXPECT_EQ(CompileError("-declaration.origin > 0"), "t.rules:4:8: operator '-' needs numbers, found text");
  EXPECT_EQ(CompileError("value between \"a\" and 2"),
            "t.rules:4:14: operator 'between' needs numbers, found text");
}

TEST(ConditionTypeErrors, FunctionsNeedNumbers) {
  EXPECT_EQ(CompileError("abs(declaration.origin) > 1"), "t.rules:4:12: function 'abs' needs numbers, found text");
  EXPECT_EQ(CompileError("max(1, true) > 1"), "t.rules:4:15: function 'max' needs numbers, found a condition");
}

TEST(ConditionTypeErrors, ListOfTheOtherType) {
  EXPECT_EQ(CompileError("value in [\"CN\"]"),
            "t.rules:4:14: type mismatch: cannot compare number with a list of text");
  EXPECT_EQ(CompileError("declaration.origin not in [1, 2]"),
            "t.rules:4:27: type mismatch: cannot compare text with a list of numbers");
}

TEST(ConditionTypeErrors, PrefixesNeedText) {
  EXPECT_EQ(CompileError("value hs \"61\""), "t.rules:4:14: operator 'hs' needs text on its left, found a number");
  EXPECT_EQ(CompileError("(value > 1) starts_with \"x\""),
            "t.rules:4:20: operator 'starts_with' needs text on its left, found a condition");
}

TEST(ConditionTypeErrors, ConditionMustBeTrueOrFalse) {
  EXPECT_EQ(CompileError("value + 1"), "t.rules:4:8: the 'when' condition must be true or false, found a number");
  EXPECT_EQ(CompileError("(declaration.origin)"),
            "t.rules:4:8: the 'when' condition must be true or false, found text");
}

// ---- Programs ----

TEST(CompileCondition, MarksItemScope) {
  EXPECT_FALSE(Compile("value > 1 and count_items() > 2")->item_scope);
  EXPECT_TRUE(Compile("value > 1 and item.unit_value_ratio < 0.5")->item_scope);
  EXPECT_TRUE(Compile("is_missing(item.hs_code)")->item_scope);
}

TEST(CompileCondition, BuildsSortedDeduplicatedSets) {
  absl::StatusOr<Program> program = Compile("declaration.origin in [\"VN\", \"CN\", \"VN\", \"BD\"]");
  ASSERT_TRUE(program.ok());
  ASSERT_EQ(program->sets.size(), 1u);
  std::vector<std::string_view> texts;
  for (uint32_t i = program->sets[0].begin; i < program->sets[0].end; ++i) texts.push_back(program->Text(i));
  EXPECT_EQ(texts, (std::vector<std::string_view>{"BD", "CN", "VN"}));
}

TEST(CompileCondition, ShortCircuitsAndOr) {
  absl::StatusOr<Program> program = Compile("value > 1 and value < 5 and true");
  ASSERT_TRUE(program.ok());
  int jumps = 0;
  for (const Instruction& in : program->code) {
    if (in.op == OpCode::kJumpIfFalse) {
      ++jumps;
      EXPECT_EQ(in.arg, program->code.size());  // to the end, keeping the false
    }
  }
  EXPECT_EQ(jumps, 2);
  EXPECT_EQ(program->max_stack, 2);
}

TEST(CompileCondition, DeepestAcceptedTreesFitTheStack) {
  // Right-nested arithmetic and calls keep one pending operand per level: the worst shapes for the stack.
  std::string sum = "value";
  std::string mins = "value";
  for (int i = 0; i < 62; ++i) {
    sum = "value + (" + sum + ")";
    mins = "min(value, " + mins + ")";
  }
  for (const std::string& condition : {sum + " > 0", mins + " > 0", "value between value and (" + sum + ")"}) {
    absl::StatusOr<Program> program = Compile(condition);
    ASSERT_TRUE(program.ok()) << program.status();
    EXPECT_LE(program->max_stack, kMaxStack);
    EXPECT_GE(program->max_stack, 63);
  }
}

TEST(ProgramExecute, RunsAProgramOnARecord) {
  absl::StatusOr<Program> program = Compile("value * 2 > importer.hit_rate and declaration.origin == \"CN\"");
  ASSERT_TRUE(program.ok());
  std::vector<double> numbers = {3, 5};
  std::vector<std::string_view> texts = {"CN"};
  RuleRecord record;
  record.numbers = numbers;
  record.texts = texts;
  StackValue stack[kMaxStack];
  EXPECT_TRUE(Execute(*program, record, 0, RecordLayout{}, stack));
  numbers[0] = 2;
  EXPECT_FALSE(Execute(*program, record, 0, RecordLayout{}, stack));
  numbers[0] = std::nan("");
  EXPECT_FALSE(Execute(*program, record, 0, RecordLayout{}, stack));
}

}  // namespace
}  // namespace aduana::rules
