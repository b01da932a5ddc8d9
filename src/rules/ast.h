// Syntax tree of a rule condition (the `when` expression), as the parser builds it and the compiler reads it.
// Nodes own their children; the parser bounds the depth (kMaxNestingDepth) so recursive walks are safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aduana::rules {

inline constexpr int kMaxNestingDepth = 64;

struct SourcePos {
  int line = 1;
  int column = 1;
};

enum class NodeKind {
  kNumber,      // number
  kText,        // text (never empty)
  kBool,        // boolean
  kField,       // name
  kCall,        // name(children...)
  kNegate,      // -children[0]
  kNot,         // not children[0]
  kAnd,         // children[0] and children[1] and ... (n-ary, at least 2)
  kOr,          // children[0] or children[1] or ... (n-ary, at least 2)
  kArithmetic,  // children[0] op children[1]; op is + - * /
  kCompare,     // children[0] op children[1]; op is == != < <= > >=
  kIn,          // children[0] [not] in [list]; list holds literals of one type (kNumber or kText nodes)
  kBetween,     // children[0] between children[1] and children[2]
  kHs,          // children[0] hs texts...  (HS prefixes: even numbers of digits, 2..10)
  kStartsWith,  // children[0] starts_with texts[0]
};

enum class Op { kNone, kAdd, kSubtract, kMultiply, kDivide, kEqual, kNotEqual, kLess, kLessEqual, kGreater,
                kGreaterEqual };

struct Node {
  NodeKind kind = NodeKind::kNumber;
  SourcePos pos;  // the operator, literal, name or keyword that makes the node
  Op op = Op::kNone;
  bool negated = false;  // kIn: `not in`
  double number = 0;
  bool boolean = false;
  std::string text;                            // kText
  std::string name;                            // kField, kCall
  std::vector<std::unique_ptr<Node>> children;  // operands, see NodeKind
  std::vector<std::unique_ptr<Node>> list;      // kIn values
  std::vector<std::string> texts;              // kHs prefixes, kStartsWith prefix
  int depth = 1;                               // 1 for a leaf; 1 + deepest child otherwise
};

std::string_view OpSpelling(Op op);  // "+", "==", ...

// Canonical text of an expression: single spaces around binary operators, parentheses only where the tree
// needs them. Parsing the result gives the same tree.
std::string FormatExpression(const Node& node);

}  // namespace aduana::rules
