// Parser of rule files: metadata, clauses, expression trees and precedence, canonical text and FormatRule round
// trips, and one test per parser error message (line, column and text).
#include "rules/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/time.h"

namespace aduana::rules {
namespace {

constexpr std::string_view kExample = R"(# Textile undervaluation, 2026 campaign
rule R-TEXTILE-UV-01 version 3
  author "m.perez"
  justification "Knitted garments from these origins were undervalued in 41% of 2025 inspections"
  valid 2026-01-01 .. 2026-12-31        # calendar year
  offices "MXNLD", "MXVER"
  when item.hs_code hs "61", "62" and declaration.origin in ["CN", "VN", "BD"]
       and item.unit_value_ratio < 0.5
  then channel red
  instructions "Weigh the cartons and compare the invoice unit price with the reference price shown."
end
)";

// A rule whose `when` condition starts at line 4, column 8.
std::string WithCondition(std::string_view condition) {
  return "rule R1 version 1\n  author \"a\"\n  justification \"j\"\n  when " + std::string(condition) +
         "\n  then channel red\n  instructions \"i\"\nend\n";
}

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(text, "t.rules");
  if (rules.ok()) return "OK";
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(rules.status().message());
}

std::string ConditionError(std::string_view condition) { return ErrorOf(WithCondition(condition)); }

// The canonical text of a condition, or the error.
std::string Canonical(std::string_view condition) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(WithCondition(condition), "t.rules");
  if (!rules.ok()) return std::string(rules.status().message());
  return rules->front().rule.condition_text;
}

const Node& OnlyCondition(const absl::StatusOr<std::vector<ParsedRule>>& rules) {
  EXPECT_TRUE(rules.ok()) << rules.status();
  return *rules->front().condition;
}

TEST(ParseRules, ReadsTheDocumentedExample) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(kExample, "example.rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->size(), 1u);
  const Rule& rule = rules->front().rule;
  EXPECT_EQ(rule.id, "R-TEXTILE-UV-01");
  EXPECT_EQ(rule.version, 3);
  EXPECT_EQ(rule.author, "m.perez");
  EXPECT_EQ(rule.justification, "Knitted garments from these origins were undervalued in 41% of 2025 inspections");
  EXPECT_EQ(rule.valid_from, *ParseDate("2026-01-01"));
  EXPECT_EQ(rule.valid_to, *ParseDate("2026-12-31"));
  EXPECT_EQ(rule.offices, (std::vector<std::string>{"MXNLD", "MXVER"}));
  EXPECT_EQ(rule.condition_text,
            "item.hs_code hs \"61\", \"62\" and declaration.origin in [\"CN\", \"VN\", \"BD\"] and "
            "item.unit_value_ratio < 0.5");
  EXPECT_EQ(rule.action.kind, RuleAction::Kind::kForceChannel);
  EXPECT_EQ(rule.action.channel, Channel::kRed);
  EXPECT_EQ(rule.instructions,
            "Weigh the cartons and compare the invoice unit price with the reference price shown.");
  EXPECT_EQ(rule.source_line, 2);
  EXPECT_EQ(rules->front().condition_pos.line, 7);
  EXPECT_EQ(rules->front().condition_pos.column, 8);
}

TEST(ParseRules, OptionalClausesOpenWindowsAndScores) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(R"(
rule A version 1 author "x" justification "y" valid 2026-03-01 .. when true then score + 0.25 instructions "z" end
rule B version 2 author "x" justification "y" valid .. 2026-03-31 when true then score - 1e-1 instructions "z" end
rule C version 12 author "x" justification "y" when false then channel blue instructions "z" end)",
                                                             "t.rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->size(), 3u);
  const Rule& a = (*rules)[0].rule;
  EXPECT_EQ(a.valid_from, *ParseDate("2026-03-01"));
  EXPECT_FALSE(a.valid_to.has_value());
  EXPECT_EQ(a.action.kind, RuleAction::Kind::kAddScore);
  EXPECT_EQ(a.action.score_delta, 0.25);
  EXPECT_TRUE(a.offices.empty());
  const Rule& b = (*rules)[1].rule;
  EXPECT_FALSE(b.valid_from.has_value());
  EXPECT_EQ(b.valid_to, *ParseDate("2026-03-31"));
  EXPECT_EQ(b.action.score_delta, -0.1);
  EXPECT_EQ(b.source_line, 3);
  EXPECT_EQ((*rules)[2].rule.version, 12);
  EXPECT_EQ((*rules)[2].rule.action.channel, Channel::kBlue);
}

TEST(ParseRules, EmptyFileAndCommentsOnlyHoldNoRules) {
  EXPECT_TRUE(ParseRules("", "t.rules")->empty());
  EXPECT_TRUE(ParseRules("# nothing yet\n\n   # still nothing\n", "t.rules")->empty());
}

TEST(ParseRules, PrecedenceShapesTheTree) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(WithCondition("a or b and not c"), "t.rules");
  const Node& root = OnlyCondition(rules);
  ASSERT_EQ(root.kind, NodeKind::kOr);
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0]->kind, NodeKind::kField);
  ASSERT_EQ(root.children[1]->kind, NodeKind::kAnd);
  EXPECT_EQ(root.children[1]->children[1]->kind, NodeKind::kNot);

  rules = ParseRules(WithCondition("1 + 2 * 3 - 4 / 5 > 0"), "t.rules");
  const Node& compare = OnlyCondition(rules);
  ASSERT_EQ(compare.kind, NodeKind::kCompare);
  const Node& minus = *compare.children[0];  // (1 + (2 * 3)) - (4 / 5)
  EXPECT_EQ(minus.op, Op::kSubtract);
  EXPECT_EQ(minus.children[0]->op, Op::kAdd);
  EXPECT_EQ(minus.children[0]->children[1]->op, Op::kMultiply);
  EXPECT_EQ(minus.children[1]->op, Op::kDivide);
}

TEST(ParseRules, AndOrChainsAreFlat) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(WithCondition("a or b or c or d"), "t.rules");
  EXPECT_EQ(OnlyCondition(rules).children.size(), 4u);
  EXPECT_EQ(OnlyCondition(rules).depth, 2);
}

TEST(ParseRules, NegativeLiteralsAreFolded) {
  absl::StatusOr<std::vector<ParsedRule>> rules = ParseRules(WithCondition("x > -2.5"), "t.rules");
  const Node& right = *OnlyCondition(rules).children[1];
  EXPECT_EQ(right.kind, NodeKind::kNumber);
  EXPECT_EQ(right.number, -2.5);
  EXPECT_EQ(Canonical("-x > - 2.5"), "-x > -2.5");
}

TEST(ParseRules, CanonicalTextKeepsOnlyNeededParentheses) {
  EXPECT_EQ(Canonical("(a or b) and c"), "(a or b) and c");
  EXPECT_EQ(Canonical("a or (b and c)"), "a or b and c");
  EXPECT_EQ(Canonical("((x))   >=   (1 + 2) * 3"), "x >= (1 + 2) * 3");
  EXPECT_EQ(Canonical("x - (y - z) > 0"), "x - (y - z) > 0");
  EXPECT_EQ(Canonical("(x - y) - z > 0"), "x - y - z > 0");
  EXPECT_EQ(Canonical("not (a and b)"), "not (a and b)");
  EXPECT_EQ(Canonical("not not a"), "not not a");
  EXPECT_EQ(Canonical("a and (b and c)"), "a and (b and c)");
  EXPECT_EQ(Canonical("- (x + 1) < 1e6"), "-(x + 1) < 1e+06");
  EXPECT_EQ(Canonical("- - - x < 1"), "---x < 1");
  EXPECT_EQ(Canonical("x not in [3, -1, 2]"), "x not in [3, -1, 2]");
  EXPECT_EQ(Canonical("x between 1 and 2 and y"), "x between 1 and 2 and y");
  EXPECT_EQ(Canonical("min((code hs \"61\"), \"x\")"), "min((code hs \"61\"), \"x\")");
  EXPECT_EQ(Canonical("f starts_with \"a\\\"b\""), "f starts_with \"a\\\"b\"");
  EXPECT_EQ(Canonical("count_items() >= 3 and has_discrepancy(\"gross_mass\") and not is_missing(x)"),
            "count_items() >= 3 and has_discrepancy(\"gross_mass\") and not is_missing(x)");
}

TEST(ParseRules, HsListEndsWhereTextStops) {
  absl::StatusOr<std::vector<ParsedRule>> rules =
      ParseRules(WithCondition("max(code hs \"61\", \"62\", 1) > 0"), "t.rules");
  const Node& call = *OnlyCondition(rules).children[0];
  ASSERT_EQ(call.kind, NodeKind::kCall);
  ASSERT_EQ(call.children.size(), 2u);
  EXPECT_EQ(call.children[0]->texts, (std::vector<std::string>{"61", "62"}));
}

TEST(ParseRules, ActionWordsMayBeFieldNamesButClauseWordsMayNot) {
  EXPECT_EQ(Canonical("score > 1 and channel == \"red\" and item.version >= 2"),
            "score > 1 and channel == \"red\" and item.version >= 2");
  EXPECT_EQ(ConditionError("version >= 2"), "t.rules:4:8: expected a value after 'when', found 'version'");
}

// Found by the fuzzer: 40 nested minus signs are within the limit, and their canonical text must be too.
TEST(FormatRule, DeepNegationsReadBackWithinTheNestingLimit) {
  std::string condition = "x < ";
  condition.append(40, '-');
  condition.append("y");
  absl::StatusOr<std::vector<ParsedRule>> first = ParseRules(WithCondition(condition), "t.rules");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::vector<ParsedRule>> second = ParseRules(FormatRule(first->front().rule), "f.rules");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(first->front().rule.SameAs(second->front().rule));
}

TEST(FormatRule, RoundTripsThroughTheParser) {
  std::string file = std::string(kExample) + R"(
rule B.2_x version 7
  author "a \"quoted\" name \\ here"
  justification "año"
  valid .. 2027-02-28
  when (a + -b) / 2 between -1 and 1e-5 or not (x in [1, 2] and t not in ["a"]) or min(c hs "6104", "62",
       abs(y)) > log(2)
  then score - 0.125
  instructions "i"
end
)";
  absl::StatusOr<std::vector<ParsedRule>> first = ParseRules(file, "t.rules");
  ASSERT_TRUE(first.ok()) << first.status();
  std::string formatted;
  for (const ParsedRule& parsed : *first) formatted += FormatRule(parsed.rule);
  absl::StatusOr<std::vector<ParsedRule>> second = ParseRules(formatted, "formatted.rules");
  ASSERT_TRUE(second.ok()) << second.status() << "\n" << formatted;
  ASSERT_EQ(second->size(), first->size());
  for (size_t i = 0; i < first->size(); ++i) {
    EXPECT_TRUE((*first)[i].rule.SameAs((*second)[i].rule)) << FormatRule((*second)[i].rule);
    EXPECT_EQ(FormatRule((*first)[i].rule), FormatRule((*second)[i].rule));
  }
  EXPECT_EQ(FormatRule(first->front().rule), R"(rule R-TEXTILE-UV-01 version 3
  author "m.perez"
  justification "Knitted garments from these origins were undervalued in 41% of 2025 inspections"
  valid 2026-01-01 .. 2026-12-31
  offices "MXNLD", "MXVER"
  when item.hs_code hs "61", "62" and declaration.origin in ["CN", "VN", "BD"] and item.unit_value_ratio < 0.5
  then channel red
  instructions "Weigh the cartons and compare the invoice unit price with the reference price shown."
end
)");
}

TEST(ParseRules, FuzzSeedCorpusHoldsValidAndBrokenFiles) {
  auto parses = [](const std::string& name) {
    std::ifstream in(std::filesystem::path(ADUANA_SOURCE_DIR) / "fuzz" / "corpus" / "rules_parser" / name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::stringstream text;
    text << in.rdbuf();
    return ParseRules(text.str(), name).ok();
  };
  EXPECT_TRUE(parses("textile.rules"));
  EXPECT_TRUE(parses("several.rules"));
  for (const char* broken : {"unterminated.rules", "missing_clause.rules", "type_error.rules", "bad_window.rules",
                             "deep.rules"}) {
    EXPECT_FALSE(parses(broken)) << broken;
  }
}

// ---- Errors: file and rule structure ----

TEST(RuleFileErrors, FileTooLarge) {
  std::string big(kMaxSourceBytes + 1, ' ');
  EXPECT_EQ(ErrorOf(big), "t.rules:1:1: rule file is too large (4194305 bytes; the limit is 4194304)");
}

TEST(RuleFileErrors, ExpectedRule) {
  EXPECT_EQ(ErrorOf("\n  when x"), "t.rules:2:3: expected 'rule' to start a rule, found 'when'");
}

TEST(RuleFileErrors, TooManyRules) {
  std::string file;
  for (size_t i = 0; i <= kMaxRulesPerFile; ++i) {
    file += "rule R" + std::to_string(i) +
            " version 1 author \"a\" justification \"j\" when true then channel red instructions \"i\" end\n";
  }
  EXPECT_EQ(ErrorOf(file), "t.rules:10001:1: too many rules in one file (the limit is 10000)");
}

TEST(RuleFileErrors, ExpectedRuleId) {
  EXPECT_EQ(ErrorOf("rule \"R1\" version 1"), "t.rules:1:6: expected a rule id after 'rule', found \"R1\"");
  EXPECT_EQ(ErrorOf("rule"), "t.rules:1:5: expected a rule id after 'rule', found end of file");
}

TEST(RuleFileErrors, RuleIdTooLong) {
  EXPECT_EQ(ErrorOf("rule " + std::string(65, 'R') + " version 1"),
            "t.rules:1:6: rule id is longer than 64 characters");
}

TEST(RuleFileErrors, DuplicateRuleId) {
  std::string file = WithCondition("true") + "\n" + WithCondition("true");
  EXPECT_EQ(ErrorOf(file), "t.rules:9:6: duplicate rule id 'R1' (first defined at line 1)");
}

TEST(RuleFileErrors, ExpectedVersion) {
  EXPECT_EQ(ErrorOf("rule R1 author \"a\""), "t.rules:1:9: expected 'version' after the rule id, found 'author'");
}

TEST(RuleFileErrors, VersionMustBeAPositiveInteger) {
  EXPECT_EQ(ErrorOf("rule R1 version 0"), "t.rules:1:17: version must be a positive integer, found '0'");
  EXPECT_EQ(ErrorOf("rule R1 version 1.5"), "t.rules:1:17: version must be a positive integer, found '1.5'");
  EXPECT_EQ(ErrorOf("rule R1 version -2"), "t.rules:1:17: version must be a positive integer, found '-'");
  EXPECT_EQ(ErrorOf("rule R1 version 1e3"), "t.rules:1:17: version must be a positive integer, found '1e3'");
  EXPECT_EQ(ErrorOf("rule R1 version 2147483648"),
            "t.rules:1:17: version must be a positive integer, found '2147483648'");
  EXPECT_EQ(ErrorOf("rule R1 version three"), "t.rules:1:17: version must be a positive integer, found 'three'");
}

TEST(RuleFileErrors, MissingClause) {
  EXPECT_EQ(ErrorOf("rule R1 version 1\n  justification \"j\""),
            "t.rules:2:3: missing clause 'author' (found 'justification')");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" when true then channel red\nend"),
            "t.rules:2:1: missing clause 'instructions' (found 'end')");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" when true instructions \"i\" end"),
            "t.rules:1:58: missing clause 'then' (found 'instructions')");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\""),
            "t.rules:1:29: missing clause 'justification' (found end of file)");
}

TEST(RuleFileErrors, ExpectedClause) {
  EXPECT_EQ(ErrorOf("rule R1 version 1\n  writer \"a\""), "t.rules:2:3: expected 'author', found 'writer'");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" 12"),
            "t.rules:1:48: expected 'valid', 'offices' or 'when', found '12'");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" when x > 1 y then"),
            "t.rules:1:59: expected 'then', found 'y'");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" when true then channel red\n"
                    "  instructions \"i\" extra"),
            "t.rules:2:20: expected 'end', found 'extra'");
}

TEST(RuleFileErrors, DuplicateClause) {
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" author \"b\""), "t.rules:1:30: duplicate clause 'author'");
}

TEST(RuleFileErrors, ClauseOutOfOrder) {
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" offices \"X\" valid 2026-01-01 .."),
            "t.rules:1:60: clause 'valid' is out of order (the order is author, justification, valid, offices, "
            "when, then, instructions)");
}

TEST(RuleFileErrors, MissingEnd) {
  std::string rule = WithCondition("true");
  std::string unterminated = rule.substr(0, rule.size() - 4);  // drop "end\n"
  EXPECT_EQ(ErrorOf(unterminated), "t.rules:7:1: missing 'end' of rule 'R1' (found end of file)");
  EXPECT_EQ(ErrorOf(unterminated + "rule R2"), "t.rules:7:1: missing 'end' of rule 'R1' (found 'rule')");
}

TEST(RuleFileErrors, ExpectedTextAfterClause) {
  EXPECT_EQ(ErrorOf("rule R1 version 1 author m.perez"),
            "t.rules:1:26: expected text in quotes after 'author', found 'm.perez'");
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"j\" when true then channel red\n"
                    "  instructions end"),
            "t.rules:2:16: expected text in quotes after 'instructions', found 'end'");
}

TEST(RuleFileErrors, EmptyText) {
  EXPECT_EQ(ErrorOf("rule R1 version 1 author \"a\" justification \"\""),
            "t.rules:1:44: 'justification' must not be empty");
}

// ---- Errors: validity window and offices ----

constexpr std::string_view kHead = "rule R1 version 1 author \"a\" justification \"j\" ";  // 47 columns

std::string HeadError(std::string_view rest) { return ErrorOf(std::string(kHead) + std::string(rest)); }

TEST(RuleFileErrors, ExpectedDateOrDots) {
  EXPECT_EQ(HeadError("valid when"), "t.rules:1:54: expected a date (YYYY-MM-DD) or '..' after 'valid', found 'when'");
}

TEST(RuleFileErrors, ExpectedDotsAfterStartDate) {
  EXPECT_EQ(HeadError("valid 2026-01-01 2026-12-31"),
            "t.rules:1:65: expected '..' after the start date, found '2026'");
}

TEST(RuleFileErrors, InvalidDate) {
  EXPECT_EQ(HeadError("valid 2026-13-01 .."), "t.rules:1:54: invalid date: '2026-13-01' is not a calendar date");
  EXPECT_EQ(HeadError("valid 2026-01-01 .. 2026-1-1"),
            "t.rules:1:68: invalid date: '2026-1-1' is not an ISO 8601 date (YYYY-MM-DD)");
  EXPECT_EQ(HeadError("valid 2026-02-30x .."),
            "t.rules:1:54: invalid date: '2026-02-30x' is not an ISO 8601 date (YYYY-MM-DD)");
}

TEST(RuleFileErrors, WindowNeedsADate) {
  EXPECT_EQ(HeadError("valid .. when"), "t.rules:1:48: the 'valid' window needs at least one date");
}

TEST(RuleFileErrors, WindowEndsBeforeItStarts) {
  EXPECT_EQ(HeadError("valid 2026-12-31 .. 2026-01-01"),
            "t.rules:1:68: validity window ends before it starts (2026-12-31 .. 2026-01-01)");
}

TEST(RuleFileErrors, ExpectedOfficeCode) {
  EXPECT_EQ(HeadError("offices MXNLD"),
            "t.rules:1:56: expected an office code in quotes after 'offices', found 'MXNLD'");
  EXPECT_EQ(HeadError("offices \"MXNLD\", when"),
            "t.rules:1:65: expected an office code in quotes after ',', found 'when'");
}

TEST(RuleFileErrors, EmptyOfficeCode) {
  EXPECT_EQ(HeadError("offices \"\""), "t.rules:1:56: office code must not be empty");
}

TEST(RuleFileErrors, OfficeListedTwice) {
  EXPECT_EQ(HeadError("offices \"MXNLD\", \"MXNLD\""), "t.rules:1:65: office 'MXNLD' is listed twice");
}

// ---- Errors: action ----

std::string ThenError(std::string_view action) {
  return HeadError("when true then " + std::string(action) + " instructions \"i\" end");  // action at column 63
}

TEST(RuleFileErrors, ExpectedChannelOrScore) {
  EXPECT_EQ(ThenError("red"), "t.rules:1:63: expected 'channel' or 'score' after 'then', found 'red'");
}

TEST(RuleFileErrors, UnknownChannel) {
  EXPECT_EQ(ThenError("channel purple"),
            "t.rules:1:71: unknown channel 'purple' (expected red, yellow, green or blue)");
  EXPECT_EQ(ThenError("channel 3"),
            "t.rules:1:71: expected a channel (red, yellow, green or blue) after 'channel', found '3'");
}

TEST(RuleFileErrors, ScoreNeedsASign) {
  EXPECT_EQ(ThenError("score 0.25"), "t.rules:1:69: expected '+' or '-' after 'score', found '0.25'");
}

TEST(RuleFileErrors, ScoreNeedsANumber) {
  EXPECT_EQ(ThenError("score + x"), "t.rules:1:71: expected a number after 'score +', found 'x'");
  EXPECT_EQ(ThenError("score - - 1"), "t.rules:1:71: expected a number after 'score -', found '-'");
}

// ---- Errors: expressions (the condition starts at line 4, column 8) ----

TEST(ConditionSyntaxErrors, ExpectedAValue) {
  EXPECT_EQ(ConditionError("x > 1 and"), "t.rules:5:3: expected a value after 'and', found 'then'");
  EXPECT_EQ(ConditionError(""), "t.rules:5:3: expected a value after 'when', found 'then'");
  EXPECT_EQ(ConditionError("x > )"), "t.rules:4:12: expected a value after '>', found ')'");
  EXPECT_EQ(ConditionError("x > 1 and in"), "t.rules:4:18: expected a value after 'and', found 'in'");
}

TEST(ConditionSyntaxErrors, UnclosedParenthesis) {
  EXPECT_EQ(ConditionError("(x > 1"), "t.rules:5:3: expected ')' to close the '(' at line 4, column 8, found 'then'");
}

TEST(ConditionSyntaxErrors, ChainedComparisons) {
  EXPECT_EQ(ConditionError("1 < x < 3"), "t.rules:4:14: comparisons cannot be chained: join them with 'and'");
  EXPECT_EQ(ConditionError("x == 1 in [1]"), "t.rules:4:15: comparisons cannot be chained: join them with 'and'");
}

TEST(ConditionSyntaxErrors, ExpectedInAfterNot) {
  EXPECT_EQ(ConditionError("x not [1]"), "t.rules:4:14: expected 'in' after 'not', found '['");
}

TEST(ConditionSyntaxErrors, ExpectedBracketAfterIn) {
  EXPECT_EQ(ConditionError("x in (1, 2)"), "t.rules:4:13: expected '[' after 'in', found '('");
}

TEST(ConditionSyntaxErrors, EmptyList) {
  EXPECT_EQ(ConditionError("x in []"), "t.rules:4:14: the list after 'in' is empty");
}

TEST(ConditionSyntaxErrors, ListValuesMustBeLiterals) {
  EXPECT_EQ(ConditionError("x in [y]"), "t.rules:4:14: expected a number or text in the list, found 'y'");
  EXPECT_EQ(ConditionError("x in [-\"a\"]"), "t.rules:4:15: expected a number or text in the list, found \"a\"");
}

TEST(ConditionSyntaxErrors, ListMixesTypes) {
  EXPECT_EQ(ConditionError("x in [1, \"CN\"]"), "t.rules:4:17: the list mixes numbers and text");
}

TEST(ConditionSyntaxErrors, ExpectedCommaOrBracket) {
  EXPECT_EQ(ConditionError("x in [1 2]"), "t.rules:4:16: expected ',' or ']' in the list, found '2'");
}

TEST(ConditionSyntaxErrors, BetweenNeedsAnd) {
  EXPECT_EQ(ConditionError("x between 1 or 2"), "t.rules:4:20: expected 'and' in 'between ... and ...', found 'or'");
}

TEST(ConditionSyntaxErrors, HsNeedsQuotedPrefixes) {
  EXPECT_EQ(ConditionError("code hs 61"), "t.rules:4:16: expected an HS code prefix in quotes after 'hs', found '61'");
}

TEST(ConditionSyntaxErrors, InvalidHsPrefix) {
  EXPECT_EQ(ConditionError("code hs \"6x\""),
            "t.rules:4:16: invalid HS prefix \"6x\" (expected 2, 4, 6, 8 or 10 digits)");
  EXPECT_EQ(ConditionError("code hs \"61\", \"610\""),
            "t.rules:4:22: invalid HS prefix \"610\" (expected 2, 4, 6, 8 or 10 digits)");
  EXPECT_EQ(ConditionError("code hs \"123456789012\""),
            "t.rules:4:16: invalid HS prefix \"123456789012\" (expected 2, 4, 6, 8 or 10 digits)");
  EXPECT_EQ(ConditionError("code hs \"\""), "t.rules:4:16: invalid HS prefix \"\" (expected 2, 4, 6, 8 or 10 digits)");
}

TEST(ConditionSyntaxErrors, StartsWithNeedsText) {
  EXPECT_EQ(ConditionError("name starts_with 12"),
            "t.rules:4:25: expected text in quotes after 'starts_with', found '12'");
}

TEST(ConditionSyntaxErrors, EmptyTextLiteral) {
  std::string message =
      "empty text \"\" cannot be compared: it stands for a missing value (use is_missing(field))";
  EXPECT_EQ(ConditionError("name == \"\""), "t.rules:4:16: " + message);
  EXPECT_EQ(ConditionError("name in [\"a\", \"\"]"), "t.rules:4:22: " + message);
  EXPECT_EQ(ConditionError("name starts_with \"\""), "t.rules:4:25: " + message);
}

TEST(ConditionSyntaxErrors, UnknownFunction) {
  EXPECT_EQ(ConditionError("sqrt(x) > 1"),
            "t.rules:4:8: unknown function 'sqrt' (the functions are abs, min, max, log, has_discrepancy, "
            "count_items and is_missing)");
}

TEST(ConditionSyntaxErrors, WrongArgumentCount) {
  EXPECT_EQ(ConditionError("min(x) > 1"), "t.rules:4:8: function 'min' takes 2 arguments, found 1");
  EXPECT_EQ(ConditionError("abs(x, y) > 1"), "t.rules:4:8: function 'abs' takes 1 argument, found 2");
  EXPECT_EQ(ConditionError("count_items(x) > 1"), "t.rules:4:8: function 'count_items' takes no arguments, found 1");
}

TEST(ConditionSyntaxErrors, ExpectedCommaOrParenInCall) {
  EXPECT_EQ(ConditionError("max(x y) > 1"), "t.rules:4:14: expected ',' or ')' in the call of 'max', found 'y'");
}

TEST(ConditionSyntaxErrors, HasDiscrepancyNeedsText) {
  EXPECT_EQ(ConditionError("has_discrepancy(kind)"),
            "t.rules:4:24: has_discrepancy needs a discrepancy kind in quotes, e.g. has_discrepancy(\"gross_mass\")");
}

TEST(ConditionSyntaxErrors, IsMissingNeedsAField) {
  EXPECT_EQ(ConditionError("is_missing(1 + x)"),
            "t.rules:4:21: is_missing needs a field name, e.g. is_missing(item.net_mass)");
}

TEST(ConditionSyntaxErrors, NestedTooDeeply) {
  const std::string message = "expression nested too deeply (more than 64 levels)";
  EXPECT_EQ(ConditionError(std::string(64, '(') + "x" + std::string(64, ')') + " > 1"), "OK");
  EXPECT_EQ(ConditionError(std::string(65, '(') + "x" + std::string(65, ')') + " > 1"), "t.rules:4:72: " + message);
  EXPECT_EQ(ConditionError(std::string(100000, '(')), "t.rules:4:72: " + message);
  std::string nots;
  for (int i = 0; i < 65; ++i) nots += "not ";
  EXPECT_EQ(ConditionError(nots + "x"), "t.rules:4:264: " + message);  // the 65th not
  EXPECT_EQ(ConditionError(std::string(65, '-') + "x > 1"), "t.rules:4:72: " + message);
  std::string sum = "x";
  for (int i = 0; i < 64; ++i) sum += "+x";
  EXPECT_EQ(ConditionError(sum + " > 1"), "t.rules:4:135: " + message);  // the 64th '+' makes depth 65
  std::string calls;
  for (int i = 0; i < 65; ++i) calls += "abs(";
  EXPECT_EQ(ConditionError(calls + "x"), "t.rules:4:267: " + message);  // the 65th call's (
}

TEST(ConditionSyntaxErrors, LexerErrorsCarryTheSourceName) {
  EXPECT_EQ(ConditionError("x = 1"), "t.rules:4:10: unexpected character '=' (use '==' to compare)");
  EXPECT_EQ(ConditionError("name == \"abc"),
            "t.rules:4:16: unterminated string (a string must end with '\"' on the line it starts)");
}

}  // namespace
}  // namespace aduana::rules
