// Canonical formatting of condition trees (FormatExpression), with the fewest parentheses that keep the tree.
#include "rules/ast.h"

#include "rules/rule.h"

namespace aduana::rules {
namespace {

// Binding strength, low to high, as in the grammar.
constexpr int kOrLevel = 1;
constexpr int kAndLevel = 2;
constexpr int kNotLevel = 3;
constexpr int kCompareLevel = 4;
constexpr int kAddLevel = 5;
constexpr int kMultiplyLevel = 6;
constexpr int kNegateLevel = 7;
constexpr int kPrimaryLevel = 8;

int Level(const Node& node) {
  switch (node.kind) {
    case NodeKind::kOr:
      return kOrLevel;
    case NodeKind::kAnd:
      return kAndLevel;
    case NodeKind::kNot:
      return kNotLevel;
    case NodeKind::kCompare:
    case NodeKind::kIn:
    case NodeKind::kBetween:
    case NodeKind::kHs:
    case NodeKind::kStartsWith:
      return kCompareLevel;
    case NodeKind::kArithmetic:
      return node.op == Op::kAdd || node.op == Op::kSubtract ? kAddLevel : kMultiplyLevel;
    case NodeKind::kNegate:
      return kNegateLevel;
    default:
      return kPrimaryLevel;
  }
}

void Append(const Node& node, std::string* out);

// Appends `node`, in parentheses if it binds less tightly than `min_level`.
void AppendAt(const Node& node, int min_level, std::string* out) {
  bool parens = Level(node) < min_level;
  if (parens) out->push_back('(');
  Append(node, out);
  if (parens) out->push_back(')');
}

void AppendJoined(const Node& node, std::string_view separator, int min_level, std::string* out) {
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out->append(separator);
    AppendAt(*node.children[i], min_level, out);
  }
}

void AppendCall(const Node& node, std::string* out) {
  out->append(node.name).push_back('(');
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out->append(", ");
    // An `hs` list would swallow the text arguments after it: keep it in parentheses.
    bool parens = node.children[i]->kind == NodeKind::kHs;
    AppendAt(*node.children[i], parens ? kPrimaryLevel : 0, out);
  }
  out->push_back(')');
}

void AppendLiteral(const Node& node, std::string* out) {
  if (node.kind == NodeKind::kNumber) out->append(FormatNumber(node.number));
  if (node.kind == NodeKind::kText) out->append(QuoteText(node.text));
}

void AppendComparison(const Node& node, std::string* out) {
  AppendAt(*node.children[0], kAddLevel, out);
  switch (node.kind) {
    case NodeKind::kCompare:
      out->append(" ").append(OpSpelling(node.op)).append(" ");
      AppendAt(*node.children[1], kAddLevel, out);
      return;
    case NodeKind::kIn:
      out->append(node.negated ? " not in [" : " in [");
      for (size_t i = 0; i < node.list.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendLiteral(*node.list[i], out);
      }
      out->push_back(']');
      return;
    case NodeKind::kBetween:
      out->append(" between ");
      AppendAt(*node.children[1], kAddLevel, out);
      out->append(" and ");
      AppendAt(*node.children[2], kAddLevel, out);
      return;
    default:  // kHs, kStartsWith
      out->append(node.kind == NodeKind::kHs ? " hs " : " starts_with ");
      for (size_t i = 0; i < node.texts.size(); ++i) {
        if (i > 0) out->append(", ");
        out->append(QuoteText(node.texts[i]));
      }
      return;
  }
}

void Append(const Node& node, std::string* out) {
  switch (node.kind) {
    case NodeKind::kNumber:
    case NodeKind::kText:
      return AppendLiteral(node, out);
    case NodeKind::kBool:
      out->append(node.boolean ? "true" : "false");
      return;
    case NodeKind::kField:
      out->append(node.name);
      return;
    case NodeKind::kCall:
      return AppendCall(node, out);
    case NodeKind::kNegate:
      // A negation of a negation needs no parentheses ("--x" reads back as two minus signs); adding them would
      // deepen the tree the parser counts, and a condition near the nesting limit would not read back.
      out->push_back('-');
      return AppendAt(*node.children[0], kNegateLevel, out);
    case NodeKind::kNot:
      out->append("not ");
      return AppendAt(*node.children[0], kNotLevel, out);
    case NodeKind::kAnd:
      return AppendJoined(node, " and ", kAndLevel + 1, out);
    case NodeKind::kOr:
      return AppendJoined(node, " or ", kOrLevel + 1, out);
    case NodeKind::kArithmetic: {
      int level = Level(node);
      AppendAt(*node.children[0], level, out);
      out->append(" ").append(OpSpelling(node.op)).append(" ");
      return AppendAt(*node.children[1], level + 1, out);
    }
    default:
      return AppendComparison(node, out);
  }
}

}  // namespace

std::string_view OpSpelling(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSubtract: return "-";
    case Op::kMultiply: return "*";
    case Op::kDivide: return "/";
    case Op::kEqual: return "==";
    case Op::kNotEqual: return "!=";
    case Op::kLess: return "<";
    case Op::kLessEqual: return "<=";
    case Op::kGreater: return ">";
    case Op::kGreaterEqual: return ">=";
    case Op::kNone: break;
  }
  return "?";
}

std::string FormatExpression(const Node& node) {
  std::string out;
  Append(node, &out);
  return out;
}

}  // namespace aduana::rules
