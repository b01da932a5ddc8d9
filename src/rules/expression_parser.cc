// Recursive-descent parser of the `when` expression (grammar in docs/rules.md), one function per precedence
// level. Nesting is bounded (kMaxNestingDepth) both in the recursion and in the depth of the built tree.
#include <algorithm>
#include <optional>

#include "core/status_macros.h"
#include "rules/field_catalog.h"
#include "rules/parser_internal.h"
#include "rules/strings.h"

namespace aduana::rules {
namespace {

constexpr std::string_view kTooDeep = "expression nested too deeply (more than 64 levels)";
constexpr std::string_view kEmptyText =
    "empty text \"\" cannot be compared: it stands for a missing value (use is_missing(field))";

struct Function {
  std::string_view name;
  size_t arity;
};
constexpr Function kFunctions[] = {{"abs", 1}, {"min", 2}, {"max", 2}, {"log", 1},
                                   {"has_discrepancy", 1}, {"count_items", 0}, {"is_missing", 1}};

std::optional<Op> CompareOp(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEqual: return Op::kEqual;
    case TokenKind::kNotEqual: return Op::kNotEqual;
    case TokenKind::kLess: return Op::kLess;
    case TokenKind::kLessEqual: return Op::kLessEqual;
    case TokenKind::kGreater: return Op::kGreater;
    case TokenKind::kGreaterEqual: return Op::kGreaterEqual;
    default: return std::nullopt;
  }
}

SourcePos PosOf(const Token& token) { return SourcePos{token.line, token.column}; }

std::unique_ptr<Node> MakeNode(NodeKind kind, SourcePos pos) {
  auto node = std::make_unique<Node>();
  node->kind = kind;
  node->pos = pos;
  return node;
}

bool IsHsPrefix(std::string_view text) {
  if (text.size() < 2 || text.size() > 10 || text.size() % 2 != 0) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string ArgumentCount(size_t n) {
  if (n == 0) return "no arguments";
  return Cat(n, n == 1 ? " argument" : " arguments");
}

}  // namespace

absl::Status Parser::Nest() {
  if (nesting_ >= kMaxNestingDepth) return ErrorAt(current_, kTooDeep);
  ++nesting_;
  return absl::OkStatus();
}

absl::StatusOr<Parser::NodePtr> Parser::Finish(NodePtr node) const {
  int deepest = 0;
  for (const NodePtr& child : node->children) deepest = std::max(deepest, child->depth);
  node->depth = deepest + 1;
  if (node->depth > kMaxNestingDepth) return ErrorAt(node->pos, kTooDeep);
  return node;
}

absl::StatusOr<Parser::NodePtr> Parser::ParseOr() {
  ADUANA_ASSIGN_OR_RETURN(NodePtr first, ParseAnd());
  if (!AtWord("or")) return first;
  NodePtr node = MakeNode(NodeKind::kOr, PosOf(current_));
  node->children.push_back(std::move(first));
  while (AtWord("or")) {
    ADUANA_RETURN_IF_ERROR(Advance());
    ADUANA_ASSIGN_OR_RETURN(NodePtr operand, ParseAnd());
    node->children.push_back(std::move(operand));
  }
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseAnd() {
  ADUANA_ASSIGN_OR_RETURN(NodePtr first, ParseNot());
  if (!AtWord("and")) return first;
  NodePtr node = MakeNode(NodeKind::kAnd, PosOf(current_));
  node->children.push_back(std::move(first));
  while (AtWord("and")) {
    ADUANA_RETURN_IF_ERROR(Advance());
    ADUANA_ASSIGN_OR_RETURN(NodePtr operand, ParseNot());
    node->children.push_back(std::move(operand));
  }
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseNot() {
  if (!AtWord("not")) return ParseComparison();
  NodePtr node = MakeNode(NodeKind::kNot, PosOf(current_));
  ADUANA_RETURN_IF_ERROR(Nest());
  ADUANA_RETURN_IF_ERROR(Advance());
  ADUANA_ASSIGN_OR_RETURN(NodePtr operand, ParseNot());
  Unnest();
  node->children.push_back(std::move(operand));
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseComparison() {
  ADUANA_ASSIGN_OR_RETURN(NodePtr left, ParseAdditive());
  SourcePos pos = PosOf(current_);
  NodePtr result;
  if (std::optional<Op> op = CompareOp(current_.kind)) {
    ADUANA_RETURN_IF_ERROR(Advance());
    ADUANA_ASSIGN_OR_RETURN(NodePtr right, ParseAdditive());
    result = MakeNode(NodeKind::kCompare, pos);
    result->op = *op;
    result->children.push_back(std::move(left));
    result->children.push_back(std::move(right));
    ADUANA_ASSIGN_OR_RETURN(result, Finish(std::move(result)));
  } else if (AtWord("in")) {
    ADUANA_ASSIGN_OR_RETURN(result, ParseIn(std::move(left), false, pos));
  } else if (AtWord("not")) {
    ADUANA_RETURN_IF_ERROR(Advance());
    if (!AtWord("in")) return Expected("'in' after 'not'");
    ADUANA_ASSIGN_OR_RETURN(result, ParseIn(std::move(left), true, pos));
  } else if (AtWord("between")) {
    ADUANA_ASSIGN_OR_RETURN(result, ParseBetween(std::move(left)));
  } else if (AtWord("hs")) {
    ADUANA_ASSIGN_OR_RETURN(result, ParseHs(std::move(left)));
  } else if (AtWord("starts_with")) {
    ADUANA_ASSIGN_OR_RETURN(result, ParseStartsWith(std::move(left)));
  } else {
    return left;
  }
  if (CompareOp(current_.kind) || AtWord("in") || AtWord("between") || AtWord("hs") || AtWord("starts_with")) {
    return ErrorAt(current_, "comparisons cannot be chained: join them with 'and'");
  }
  return result;
}

absl::StatusOr<Parser::NodePtr> Parser::ParseIn(NodePtr left, bool negated, SourcePos pos) {
  ADUANA_RETURN_IF_ERROR(Advance());  // in
  if (current_.kind != TokenKind::kLeftBracket) return Expected("'[' after 'in'");
  ADUANA_RETURN_IF_ERROR(Advance());
  if (current_.kind == TokenKind::kRightBracket) return ErrorAt(current_, "the list after 'in' is empty");
  NodePtr node = MakeNode(NodeKind::kIn, pos);
  node->negated = negated;
  node->children.push_back(std::move(left));
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(NodePtr value, ParseListValue());
    if (!node->list.empty() && value->kind != node->list.front()->kind) {
      return ErrorAt(value->pos, "the list mixes numbers and text");
    }
    node->list.push_back(std::move(value));
    if (current_.kind == TokenKind::kRightBracket) break;
    if (current_.kind != TokenKind::kComma) return Expected("',' or ']' in the list");
    ADUANA_RETURN_IF_ERROR(Advance());
  }
  ADUANA_RETURN_IF_ERROR(Advance());  // ]
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseListValue() {
  if (current_.kind == TokenKind::kMinus) {
    SourcePos minus = PosOf(current_);
    ADUANA_RETURN_IF_ERROR(Advance());
    if (current_.kind != TokenKind::kNumber) return Expected("a number or text in the list");
    ADUANA_ASSIGN_OR_RETURN(NodePtr value, Literal());
    value->number = -value->number;
    value->pos = minus;
    return value;
  }
  if (current_.kind != TokenKind::kNumber && current_.kind != TokenKind::kString) {
    return Expected("a number or text in the list");
  }
  return Literal();
}

absl::StatusOr<Parser::NodePtr> Parser::ParseBetween(NodePtr left) {
  NodePtr node = MakeNode(NodeKind::kBetween, PosOf(current_));
  ADUANA_RETURN_IF_ERROR(Advance());  // between
  ADUANA_ASSIGN_OR_RETURN(NodePtr low, ParseAdditive());
  if (!AtWord("and")) return Expected("'and' in 'between ... and ...'");
  ADUANA_RETURN_IF_ERROR(Advance());
  ADUANA_ASSIGN_OR_RETURN(NodePtr high, ParseAdditive());
  node->children.push_back(std::move(left));
  node->children.push_back(std::move(low));
  node->children.push_back(std::move(high));
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseHs(NodePtr left) {
  NodePtr node = MakeNode(NodeKind::kHs, PosOf(current_));
  node->children.push_back(std::move(left));
  // A ',' continues the list only when text follows: in a call, `f(code hs "61", x)` ends the list at "61".
  do {
    std::string_view after = node->texts.empty() ? "'hs'" : "','";
    ADUANA_RETURN_IF_ERROR(Advance());  // hs or ,
    if (current_.kind != TokenKind::kString) return Expected(Cat("an HS code prefix in quotes after ", after));
    if (!IsHsPrefix(current_.value)) {
      return ErrorAt(current_, Cat("invalid HS prefix ", DescribeToken(current_),
                                            " (expected 2, 4, 6, 8 or 10 digits)"));
    }
    node->texts.push_back(current_.value);
    ADUANA_RETURN_IF_ERROR(Advance());
  } while (current_.kind == TokenKind::kComma && Peek().kind == TokenKind::kString);
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseStartsWith(NodePtr left) {
  NodePtr node = MakeNode(NodeKind::kStartsWith, PosOf(current_));
  ADUANA_RETURN_IF_ERROR(Advance());  // starts_with
  if (current_.kind != TokenKind::kString) return Expected("text in quotes after 'starts_with'");
  if (current_.value.empty()) return ErrorAt(current_, kEmptyText);
  node->texts.push_back(current_.value);
  node->children.push_back(std::move(left));
  ADUANA_RETURN_IF_ERROR(Advance());
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParseAdditive() {
  ADUANA_ASSIGN_OR_RETURN(NodePtr left, ParseTerm());
  while (current_.kind == TokenKind::kPlus || current_.kind == TokenKind::kMinus) {
    NodePtr node = MakeNode(NodeKind::kArithmetic, PosOf(current_));
    node->op = current_.kind == TokenKind::kPlus ? Op::kAdd : Op::kSubtract;
    ADUANA_RETURN_IF_ERROR(Advance());
    ADUANA_ASSIGN_OR_RETURN(NodePtr right, ParseTerm());
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    ADUANA_ASSIGN_OR_RETURN(left, Finish(std::move(node)));
  }
  return left;
}

absl::StatusOr<Parser::NodePtr> Parser::ParseTerm() {
  ADUANA_ASSIGN_OR_RETURN(NodePtr left, ParseUnary());
  while (current_.kind == TokenKind::kStar || current_.kind == TokenKind::kSlash) {
    NodePtr node = MakeNode(NodeKind::kArithmetic, PosOf(current_));
    node->op = current_.kind == TokenKind::kStar ? Op::kMultiply : Op::kDivide;
    ADUANA_RETURN_IF_ERROR(Advance());
    ADUANA_ASSIGN_OR_RETURN(NodePtr right, ParseUnary());
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    ADUANA_ASSIGN_OR_RETURN(left, Finish(std::move(node)));
  }
  return left;
}

absl::StatusOr<Parser::NodePtr> Parser::ParseUnary() {
  if (current_.kind != TokenKind::kMinus) return ParsePrimary();
  SourcePos pos = PosOf(current_);
  ADUANA_RETURN_IF_ERROR(Nest());
  ADUANA_RETURN_IF_ERROR(Advance());
  ADUANA_ASSIGN_OR_RETURN(NodePtr operand, ParseUnary());
  Unnest();
  if (operand->kind == NodeKind::kNumber) {  // a negative literal
    operand->number = -operand->number;
    operand->pos = pos;
    return operand;
  }
  NodePtr node = MakeNode(NodeKind::kNegate, pos);
  node->children.push_back(std::move(operand));
  return Finish(std::move(node));
}

absl::StatusOr<Parser::NodePtr> Parser::ParsePrimary() {
  switch (current_.kind) {
    case TokenKind::kNumber:
    case TokenKind::kString:
      return Literal();
    case TokenKind::kLeftParen:
      return ParseParenthesized();
    case TokenKind::kWord: {
      if (AtWord("true") || AtWord("false")) {
        NodePtr node = MakeNode(NodeKind::kBool, PosOf(current_));
        node->boolean = AtWord("true");
        ADUANA_RETURN_IF_ERROR(Advance());
        return node;
      }
      if (IsReservedWord(current_.text)) break;
      Token name = current_;
      ADUANA_RETURN_IF_ERROR(Advance());
      if (current_.kind == TokenKind::kLeftParen) return ParseCall(name);
      NodePtr node = MakeNode(NodeKind::kField, PosOf(name));
      node->name = std::string(name.text);
      return node;
    }
    default:
      break;
  }
  return Expected(Cat("a value after ", DescribeToken(previous_)));
}

absl::StatusOr<Parser::NodePtr> Parser::Literal() {
  NodePtr node = MakeNode(current_.kind == TokenKind::kNumber ? NodeKind::kNumber : NodeKind::kText,
                          PosOf(current_));
  if (node->kind == NodeKind::kText && current_.value.empty()) return ErrorAt(current_, kEmptyText);
  node->number = current_.number;
  node->text = current_.value;
  ADUANA_RETURN_IF_ERROR(Advance());
  return node;
}

absl::StatusOr<Parser::NodePtr> Parser::ParseParenthesized() {
  Token open = current_;
  ADUANA_RETURN_IF_ERROR(Nest());
  ADUANA_RETURN_IF_ERROR(Advance());
  ADUANA_ASSIGN_OR_RETURN(NodePtr inner, ParseOr());
  Unnest();
  if (current_.kind != TokenKind::kRightParen) {
    return Expected(Cat("')' to close the '(' at line ", open.line, ", column ", open.column));
  }
  ADUANA_RETURN_IF_ERROR(Advance());
  return inner;
}

absl::StatusOr<Parser::NodePtr> Parser::ParseCall(const Token& name) {
  const Function* function = nullptr;
  for (const Function& f : kFunctions) {
    if (f.name == name.text) function = &f;
  }
  if (function == nullptr) {
    return ErrorAt(name, Cat("unknown function ", DescribeToken(name),
                                      " (the functions are abs, min, max, log, has_discrepancy, count_items "
                                      "and is_missing)"));
  }
  NodePtr node = MakeNode(NodeKind::kCall, PosOf(name));
  node->name = std::string(name.text);
  ADUANA_RETURN_IF_ERROR(Nest());
  ADUANA_RETURN_IF_ERROR(Advance());  // (
  ADUANA_RETURN_IF_ERROR(ParseCallArguments(node.get()));
  Unnest();
  if (node->children.size() != function->arity) {
    return ErrorAt(name, Cat("function '", function->name, "' takes ", ArgumentCount(function->arity),
                                      ", found ", node->children.size()));
  }
  if (node->name == "has_discrepancy" && node->children[0]->kind != NodeKind::kText) {
    return ErrorAt(node->children[0]->pos,
                   "has_discrepancy needs a discrepancy kind in quotes, e.g. has_discrepancy(\"gross_mass\")");
  }
  if (node->name == "is_missing" && node->children[0]->kind != NodeKind::kField) {
    return ErrorAt(node->children[0]->pos, "is_missing needs a field name, e.g. is_missing(item.net_mass)");
  }
  return Finish(std::move(node));
}

absl::Status Parser::ParseCallArguments(Node* call) {
  if (current_.kind == TokenKind::kRightParen) return Advance();
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(NodePtr argument, ParseOr());
    call->children.push_back(std::move(argument));
    if (current_.kind == TokenKind::kRightParen) return Advance();
    if (current_.kind != TokenKind::kComma) {
      return Expected(Cat("',' or ')' in the call of '", call->name, "'"));
    }
    ADUANA_RETURN_IF_ERROR(Advance());
  }
}

}  // namespace aduana::rules
