// Parser of rule files: file and rule structure, clauses in their fixed order, metadata checks. The `when`
// expression is parsed by the recursive-descent functions in expression_parser.cc (same Parser class).
#include "rules/parser.h"

#include <array>
#include <climits>

#include "core/status_macros.h"
#include "rules/parser_internal.h"
#include "rules/strings.h"

namespace aduana::rules {
namespace {

enum Clause { kAuthor, kJustification, kValid, kOffices, kWhen, kThen, kInstructions, kClauseCount };
constexpr std::array<std::string_view, kClauseCount> kClauseNames = {
    "author", "justification", "valid", "offices", "when", "then", "instructions"};
constexpr std::array<bool, kClauseCount> kClauseRequired = {true, true, false, false, true, true, true};

int ClauseIndex(const Token& token) {
  if (token.kind != TokenKind::kWord) return -1;
  for (int i = 0; i < kClauseCount; ++i) {
    if (kClauseNames[i] == token.text) return i;
  }
  return -1;
}

// "'valid', 'offices' or 'when'": the clauses that may come at position `next`, or 'end'.
std::string ClausesThatMayFollow(int next) {
  std::vector<std::string> names;
  int i = next;
  for (; i < kClauseCount; ++i) {
    names.push_back(Cat("'", kClauseNames[i], "'"));
    if (kClauseRequired[i]) break;
  }
  if (i == kClauseCount) names.push_back("'end'");
  std::string out;
  for (size_t k = 0; k < names.size(); ++k) {
    if (k > 0) out += k + 1 == names.size() ? " or " : ", ";
    out += names[k];
  }
  return out;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

absl::Status SourceError(std::string_view source_name, SourcePos pos, std::string_view message) {
  return absl::InvalidArgumentError(Cat(source_name, ":", pos.line, ":", pos.column, ": ", message));
}

Parser::Parser(std::string_view text, std::string_view source_name) : lexer_(text), source_name_(source_name) {}

absl::Status Parser::Advance(LexMode mode) {
  previous_ = std::move(current_);
  if (peeked_) {
    current_ = std::move(*peeked_);
    peeked_.reset();
  } else {
    current_ = lexer_.Next(mode);
  }
  if (current_.kind == TokenKind::kError) return ErrorAt(current_, current_.value);
  return absl::OkStatus();
}

const Token& Parser::Peek() {
  if (!peeked_) peeked_ = lexer_.Next(LexMode::kNormal);
  return *peeked_;
}

absl::Status Parser::ErrorAt(const Token& token, std::string_view message) const {
  return SourceError(source_name_, SourcePos{token.line, token.column}, message);
}

absl::Status Parser::ErrorAt(SourcePos pos, std::string_view message) const {
  return SourceError(source_name_, pos, message);
}

absl::Status Parser::Expected(std::string_view what) const {
  return ErrorAt(current_, Cat("expected ", what, ", found ", DescribeToken(current_)));
}

bool Parser::AtWord(std::string_view word) const {
  return current_.kind == TokenKind::kWord && current_.text == word;
}

absl::StatusOr<std::vector<ParsedRule>> Parser::ParseFile(std::string_view text) {
  if (text.size() > kMaxSourceBytes) {
    return ErrorAt(SourcePos{}, Cat("rule file is too large (", text.size(), " bytes; the limit is ",
                                             kMaxSourceBytes, ")"));
  }
  std::vector<ParsedRule> rules;
  ADUANA_RETURN_IF_ERROR(Advance());
  while (current_.kind != TokenKind::kEnd) {
    if (!AtWord("rule")) return Expected("'rule' to start a rule");
    if (rules.size() == kMaxRulesPerFile) {
      return ErrorAt(current_, Cat("too many rules in one file (the limit is ", kMaxRulesPerFile, ")"));
    }
    ParsedRule parsed;
    ADUANA_RETURN_IF_ERROR(ParseHeader(&parsed.rule));
    ADUANA_RETURN_IF_ERROR(ParseClauses(&parsed));
    rules.push_back(std::move(parsed));
  }
  return rules;
}

absl::Status Parser::ParseHeader(Rule* rule) {
  rule->source_line = current_.line;
  ADUANA_RETURN_IF_ERROR(Advance(LexMode::kRuleId));
  if (current_.kind != TokenKind::kRuleId) return Expected("a rule id after 'rule'");
  if (current_.text.size() > kMaxRuleIdBytes) {
    return ErrorAt(current_, Cat("rule id is longer than ", kMaxRuleIdBytes, " characters"));
  }
  rule->id = std::string(current_.text);
  auto [it, inserted] = first_line_of_id_.emplace(rule->id, rule->source_line);
  if (!inserted) {
    return ErrorAt(current_, Cat("duplicate rule id '", rule->id, "' (first defined at line ", it->second,
                                          ")"));
  }
  ADUANA_RETURN_IF_ERROR(Advance());
  if (!AtWord("version")) return Expected("'version' after the rule id");
  ADUANA_RETURN_IF_ERROR(Advance());
  bool valid = current_.kind == TokenKind::kNumber && AllDigits(current_.text) && current_.number >= 1 &&
               current_.number <= INT_MAX;
  if (!valid) {
    return ErrorAt(current_, Cat("version must be a positive integer, found ", DescribeToken(current_)));
  }
  rule->version = static_cast<int>(current_.number);
  return Advance();
}

absl::Status Parser::ParseClauses(ParsedRule* parsed) {
  int next = 0;
  std::array<bool, kClauseCount> seen = {};
  while (true) {
    bool at_end = AtWord("end") || AtWord("rule") || current_.kind == TokenKind::kEnd;
    int clause = ClauseIndex(current_);
    if (!at_end && clause < 0) return Expected(ClausesThatMayFollow(next));
    if (!at_end && clause < next) {
      if (seen[clause]) return ErrorAt(current_, Cat("duplicate clause '", kClauseNames[clause], "'"));
      return ErrorAt(current_, Cat("clause '", kClauseNames[clause],
                                            "' is out of order (the order is author, justification, valid, "
                                            "offices, when, then, instructions)"));
    }
    int stop = at_end ? kClauseCount : clause;
    for (int i = next; i < stop; ++i) {
      if (kClauseRequired[i]) {
        return ErrorAt(current_, Cat("missing clause '", kClauseNames[i], "' (found ",
                                              DescribeToken(current_), ")"));
      }
    }
    if (at_end) break;
    ADUANA_RETURN_IF_ERROR(ParseClause(clause, parsed));
    seen[clause] = true;
    next = clause + 1;
  }
  if (!AtWord("end")) {
    return ErrorAt(current_, Cat("missing 'end' of rule '", parsed->rule.id, "' (found ",
                                          DescribeToken(current_), ")"));
  }
  return Advance();
}

absl::Status Parser::ParseClause(int clause, ParsedRule* parsed) {
  Rule& rule = parsed->rule;
  switch (clause) {
    case kAuthor:
      return ParseTextClause("author", &rule.author);
    case kJustification:
      return ParseTextClause("justification", &rule.justification);
    case kValid:
      return ParseValid(&rule);
    case kOffices:
      return ParseOffices(&rule);
    case kWhen:
      return ParseWhen(parsed);
    case kThen:
      return ParseThen(&rule.action);
    default:
      return ParseTextClause("instructions", &rule.instructions);
  }
}

absl::Status Parser::ParseTextClause(std::string_view clause, std::string* out) {
  ADUANA_RETURN_IF_ERROR(Advance());
  if (current_.kind != TokenKind::kString) return Expected(Cat("text in quotes after '", clause, "'"));
  if (current_.value.empty()) return ErrorAt(current_, Cat("'", clause, "' must not be empty"));
  *out = current_.value;
  return Advance();
}

absl::Status Parser::ReadDate(std::optional<EpochDay>* out) {
  absl::StatusOr<EpochDay> day = aduana::ParseDate(current_.text);
  if (!day.ok()) return ErrorAt(current_, Cat("invalid date: ", day.status().message()));
  *out = *day;
  return Advance();
}

absl::Status Parser::ParseValid(Rule* rule) {
  Token valid = current_;
  ADUANA_RETURN_IF_ERROR(Advance(LexMode::kDate));
  if (current_.kind == TokenKind::kDate) ADUANA_RETURN_IF_ERROR(ReadDate(&rule->valid_from));
  if (current_.kind != TokenKind::kDotDot) {
    return Expected(rule->valid_from ? "'..' after the start date" : "a date (YYYY-MM-DD) or '..' after 'valid'");
  }
  ADUANA_RETURN_IF_ERROR(Advance(LexMode::kDate));
  Token end_date = current_;
  if (current_.kind == TokenKind::kDate) ADUANA_RETURN_IF_ERROR(ReadDate(&rule->valid_to));
  if (!rule->valid_from && !rule->valid_to) {
    return ErrorAt(valid, "the 'valid' window needs at least one date");
  }
  if (rule->valid_from && rule->valid_to && *rule->valid_to < *rule->valid_from) {
    return ErrorAt(end_date, Cat("validity window ends before it starts (", FormatDate(*rule->valid_from),
                                          " .. ", FormatDate(*rule->valid_to), ")"));
  }
  return absl::OkStatus();
}

absl::Status Parser::ParseOffices(Rule* rule) {
  do {
    std::string_view after = rule->offices.empty() ? "'offices'" : "','";
    ADUANA_RETURN_IF_ERROR(Advance());
    if (current_.kind != TokenKind::kString) return Expected(Cat("an office code in quotes after ", after));
    if (current_.value.empty()) return ErrorAt(current_, "office code must not be empty");
    for (const std::string& office : rule->offices) {
      if (office == current_.value) {
        return ErrorAt(current_, Cat("office '", office, "' is listed twice"));
      }
    }
    rule->offices.push_back(current_.value);
    ADUANA_RETURN_IF_ERROR(Advance());
  } while (current_.kind == TokenKind::kComma);
  return absl::OkStatus();
}

absl::Status Parser::ParseWhen(ParsedRule* parsed) {
  ADUANA_RETURN_IF_ERROR(Advance());
  parsed->condition_pos = SourcePos{current_.line, current_.column};
  ADUANA_ASSIGN_OR_RETURN(parsed->condition, ParseOr());
  parsed->rule.condition_text = FormatExpression(*parsed->condition);
  return absl::OkStatus();
}

absl::Status Parser::ParseThen(RuleAction* action) {
  ADUANA_RETURN_IF_ERROR(Advance());
  if (AtWord("channel")) {
    ADUANA_RETURN_IF_ERROR(Advance());
    if (current_.kind != TokenKind::kWord) return Expected("a channel (red, yellow, green or blue) after 'channel'");
    std::optional<Channel> channel = ChannelFromName(current_.text);
    if (!channel) {
      return ErrorAt(current_, Cat("unknown channel ", DescribeToken(current_),
                                            " (expected red, yellow, green or blue)"));
    }
    *action = RuleAction{RuleAction::Kind::kForceChannel, *channel, 0};
    return Advance();
  }
  if (!AtWord("score")) return Expected("'channel' or 'score' after 'then'");
  ADUANA_RETURN_IF_ERROR(Advance());
  if (current_.kind != TokenKind::kPlus && current_.kind != TokenKind::kMinus) {
    return Expected("'+' or '-' after 'score'");
  }
  bool negative = current_.kind == TokenKind::kMinus;
  ADUANA_RETURN_IF_ERROR(Advance());
  if (current_.kind != TokenKind::kNumber) {
    return Expected(negative ? "a number after 'score -'" : "a number after 'score +'");
  }
  *action = RuleAction{RuleAction::Kind::kAddScore, Channel::kGreen, negative ? -current_.number : current_.number};
  return Advance();
}

absl::StatusOr<std::vector<ParsedRule>> ParseRules(std::string_view text, std::string_view source_name) {
  Parser parser(text, source_name);
  return parser.ParseFile(text);
}

}  // namespace aduana::rules
