// The Parser class behind ParseRules, shared by parser.cc (file, rules, clauses) and expression_parser.cc (the
// `when` expression). Internal to the rules module.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rules/ast.h"
#include "rules/lexer.h"
#include "rules/parser.h"

namespace aduana::rules {

class Parser {
 public:
  Parser(std::string_view text, std::string_view source_name);
  absl::StatusOr<std::vector<ParsedRule>> ParseFile(std::string_view text);

 private:
  using NodePtr = std::unique_ptr<Node>;

  // Tokens: current_ is the token being looked at, previous_ the one just consumed.
  absl::Status Advance(LexMode mode = LexMode::kNormal);
  const Token& Peek();  // the token after current_, lexed in normal mode
  bool AtWord(std::string_view word) const;
  absl::Status ErrorAt(const Token& token, std::string_view message) const;
  absl::Status ErrorAt(SourcePos pos, std::string_view message) const;
  absl::Status Expected(std::string_view what) const;  // "expected <what>, found <current token>"

  // Rules (parser.cc).
  absl::Status ParseHeader(Rule* rule);
  absl::Status ParseClauses(ParsedRule* parsed);
  absl::Status ParseClause(int clause, ParsedRule* parsed);
  absl::Status ParseTextClause(std::string_view clause, std::string* out);
  absl::Status ReadDate(std::optional<EpochDay>* out);
  absl::Status ParseValid(Rule* rule);
  absl::Status ParseOffices(Rule* rule);
  absl::Status ParseWhen(ParsedRule* parsed);
  absl::Status ParseThen(RuleAction* action);

  // Expressions (expression_parser.cc), lowest precedence first.
  absl::StatusOr<NodePtr> ParseOr();
  absl::StatusOr<NodePtr> ParseAnd();
  absl::StatusOr<NodePtr> ParseNot();
  absl::StatusOr<NodePtr> ParseComparison();
  absl::StatusOr<NodePtr> ParseIn(NodePtr left, bool negated, SourcePos pos);
  absl::StatusOr<NodePtr> ParseBetween(NodePtr left);
  absl::StatusOr<NodePtr> ParseHs(NodePtr left);
  absl::StatusOr<NodePtr> ParseStartsWith(NodePtr left);
  absl::StatusOr<NodePtr> ParseAdditive();
  absl::StatusOr<NodePtr> ParseTerm();
  absl::StatusOr<NodePtr> ParseUnary();
  absl::StatusOr<NodePtr> ParsePrimary();
  absl::StatusOr<NodePtr> ParseParenthesized();
  absl::StatusOr<NodePtr> ParseCall(const Token& name);
  absl::Status ParseCallArguments(Node* call);
  absl::StatusOr<NodePtr> ParseListValue();
  absl::StatusOr<NodePtr> Literal();                   // the current number or string token as a node
  absl::StatusOr<NodePtr> Finish(NodePtr node) const;  // sets depth; refuses a tree deeper than the limit
  absl::Status Nest();                                 // enters one level of nesting, or refuses
  void Unnest() { --nesting_; }

  Lexer lexer_;
  std::string_view source_name_;
  Token current_;
  Token previous_;
  std::optional<Token> peeked_;
  int nesting_ = 0;
  absl::flat_hash_map<std::string, int> first_line_of_id_;
};

}  // namespace aduana::rules
