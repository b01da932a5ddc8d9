// Compiler of rule conditions: one pass over the tree that checks types and emits postfix code. `and`/`or`
// short-circuit with forward jumps; `in` lists and `hs` prefixes become sorted constant sets.
#include "rules/compiler.h"

#include <algorithm>

#include "core/status_macros.h"
#include "rules/parser.h"
#include "rules/strings.h"

namespace aduana::rules {
namespace {

enum class Type { kNumber, kText, kBool };

std::string_view Bare(Type type) {
  return type == Type::kNumber ? "number" : type == Type::kText ? "text" : "condition";
}
std::string_view Found(Type type) {
  return type == Type::kNumber ? "a number" : type == Type::kText ? "text" : "a condition";
}
Type TypeOf(ValueType type) { return type == ValueType::kNumber ? Type::kNumber : Type::kText; }

bool IsFunctionName(std::string_view name) {
  for (std::string_view f : {"abs", "min", "max", "log", "has_discrepancy", "count_items", "is_missing"}) {
    if (f == name) return true;
  }
  return false;
}

OpCode NumberComparison(Op op) {
  switch (op) {
    case Op::kEqual: return OpCode::kEqual;
    case Op::kNotEqual: return OpCode::kNotEqual;
    case Op::kLess: return OpCode::kLess;
    case Op::kLessEqual: return OpCode::kLessEqual;
    case Op::kGreater: return OpCode::kGreater;
    default: return OpCode::kGreaterEqual;
  }
}

OpCode ArithmeticOp(Op op) {
  switch (op) {
    case Op::kAdd: return OpCode::kAdd;
    case Op::kSubtract: return OpCode::kSubtract;
    case Op::kMultiply: return OpCode::kMultiply;
    default: return OpCode::kDivide;
  }
}

class Compiler {
 public:
  Compiler(const FieldCatalog& catalog, std::string_view source_name, Program* program)
      : catalog_(catalog), source_name_(source_name), program_(program) {}

  absl::StatusOr<Type> Emit(const Node& node);

 private:
  void Add(OpCode op, uint32_t arg, int stack_change);
  absl::Status Error(SourcePos pos, std::string_view message) const {
    return SourceError(source_name_, pos, message);
  }
  absl::Status Need(Type want, Type got, std::string_view what, SourcePos pos) const;
  absl::StatusOr<const FieldInfo*> Resolve(const Node& field) const;
  uint32_t AddText(std::string_view text);
  uint32_t AddTextSet(std::vector<std::string_view> texts);
  uint32_t AddNumberSet(std::vector<double> numbers);

  absl::StatusOr<Type> EmitField(const Node& node);
  absl::StatusOr<Type> EmitCall(const Node& node);
  absl::StatusOr<Type> EmitNumberFunction(const Node& node);
  absl::StatusOr<Type> EmitLogic(const Node& node);
  absl::StatusOr<Type> EmitUnary(const Node& node);
  absl::StatusOr<Type> EmitArithmetic(const Node& node);
  absl::StatusOr<Type> EmitCompare(const Node& node);
  absl::StatusOr<Type> EmitIn(const Node& node);
  absl::StatusOr<Type> EmitBetween(const Node& node);
  absl::StatusOr<Type> EmitPrefix(const Node& node);

  const FieldCatalog& catalog_;
  std::string_view source_name_;
  Program* program_;
  int stack_ = 0;
};

void Compiler::Add(OpCode op, uint32_t arg, int stack_change) {
  program_->code.push_back(Instruction{op, arg});
  stack_ += stack_change;
  program_->max_stack = std::max(program_->max_stack, stack_);
}

absl::Status Compiler::Need(Type want, Type got, std::string_view what, SourcePos pos) const {
  if (want == got) return absl::OkStatus();
  std::string_view needs = want == Type::kNumber ? "numbers" : want == Type::kText ? "text" : "conditions";
  return Error(pos, Cat(what, " needs ", needs, ", found ", Found(got)));
}

absl::StatusOr<const FieldInfo*> Compiler::Resolve(const Node& field) const {
  if (const FieldInfo* info = catalog_.Find(field.name)) return info;
  std::string message = Cat("unknown field '", field.name, "'");
  if (IsFunctionName(field.name)) {
    message += Cat(" (", field.name, " is a function: write ", field.name, "(...))");
  } else if (std::string_view near = catalog_.Suggest(field.name); !near.empty()) {
    message += Cat(" (did you mean '", near, "'?)");
  }
  return Error(field.pos, message);
}

uint32_t Compiler::AddText(std::string_view text) {
  TextRef ref{static_cast<uint32_t>(program_->text_pool.size()), static_cast<uint32_t>(text.size())};
  program_->text_pool.append(text);
  program_->texts.push_back(ref);
  return static_cast<uint32_t>(program_->texts.size() - 1);
}

uint32_t Compiler::AddTextSet(std::vector<std::string_view> texts) {
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  Range range{static_cast<uint32_t>(program_->texts.size()), 0};
  for (std::string_view text : texts) AddText(text);
  range.end = static_cast<uint32_t>(program_->texts.size());
  program_->sets.push_back(range);
  return static_cast<uint32_t>(program_->sets.size() - 1);
}

uint32_t Compiler::AddNumberSet(std::vector<double> numbers) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  Range range{static_cast<uint32_t>(program_->numbers.size()), 0};
  program_->numbers.insert(program_->numbers.end(), numbers.begin(), numbers.end());
  range.end = static_cast<uint32_t>(program_->numbers.size());
  program_->sets.push_back(range);
  return static_cast<uint32_t>(program_->sets.size() - 1);
}

absl::StatusOr<Type> Compiler::Emit(const Node& node) {
  switch (node.kind) {
    case NodeKind::kNumber:
      program_->numbers.push_back(node.number);
      Add(OpCode::kPushNumber, static_cast<uint32_t>(program_->numbers.size() - 1), 1);
      return Type::kNumber;
    case NodeKind::kText:
      Add(OpCode::kPushText, AddText(node.text), 1);
      return Type::kText;
    case NodeKind::kBool:
      Add(OpCode::kPushBool, node.boolean ? 1 : 0, 1);
      return Type::kBool;
    case NodeKind::kField:
      return EmitField(node);
    case NodeKind::kCall:
      return EmitCall(node);
    case NodeKind::kAnd:
    case NodeKind::kOr:
      return EmitLogic(node);
    case NodeKind::kNegate:
    case NodeKind::kNot:
      return EmitUnary(node);
    case NodeKind::kArithmetic:
      return EmitArithmetic(node);
    case NodeKind::kCompare:
      return EmitCompare(node);
    case NodeKind::kIn:
      return EmitIn(node);
    case NodeKind::kBetween:
      return EmitBetween(node);
    case NodeKind::kHs:
    case NodeKind::kStartsWith:
      return EmitPrefix(node);
  }
  return Error(node.pos, "unknown expression");  // unreachable: every kind is handled above
}

absl::StatusOr<Type> Compiler::EmitField(const Node& node) {
  ADUANA_ASSIGN_OR_RETURN(const FieldInfo* field, Resolve(node));
  bool item = field->scope == Scope::kItem;
  bool number = field->type == ValueType::kNumber;
  OpCode op = item ? (number ? OpCode::kLoadItemNumber : OpCode::kLoadItemText)
                   : (number ? OpCode::kLoadNumber : OpCode::kLoadText);
  program_->item_scope = program_->item_scope || item;
  Add(op, static_cast<uint32_t>(field->slot), 1);
  return TypeOf(field->type);
}

absl::StatusOr<Type> Compiler::EmitCall(const Node& node) {
  if (node.name == "count_items") {
    Add(OpCode::kCountItems, 0, 1);
    return Type::kNumber;
  }
  if (node.name == "has_discrepancy") {  // the parser made sure the argument is a text literal
    Add(OpCode::kHasDiscrepancy, AddText(node.children[0]->text), 1);
    return Type::kBool;
  }
  if (node.name == "is_missing") {  // the parser made sure the argument is a field name
    ADUANA_ASSIGN_OR_RETURN(Type type, EmitField(*node.children[0]));
    Add(type == Type::kNumber ? OpCode::kIsMissingNumber : OpCode::kIsMissingText, 0, 0);
    return Type::kBool;
  }
  return EmitNumberFunction(node);
}

absl::StatusOr<Type> Compiler::EmitNumberFunction(const Node& node) {
  std::string what = Cat("function '", node.name, "'");
  for (const auto& argument : node.children) {
    ADUANA_ASSIGN_OR_RETURN(Type type, Emit(*argument));
    ADUANA_RETURN_IF_ERROR(Need(Type::kNumber, type, what, argument->pos));
  }
  if (node.name == "abs") Add(OpCode::kAbs, 0, 0);
  if (node.name == "log") Add(OpCode::kLog, 0, 0);
  if (node.name == "min") Add(OpCode::kMin, 0, -1);
  if (node.name == "max") Add(OpCode::kMax, 0, -1);
  return Type::kNumber;
}

absl::StatusOr<Type> Compiler::EmitLogic(const Node& node) {
  bool is_and = node.kind == NodeKind::kAnd;
  std::string what = Cat("operator '", is_and ? "and" : "or", "'");
  std::vector<size_t> jumps;
  for (size_t i = 0; i < node.children.size(); ++i) {
    ADUANA_ASSIGN_OR_RETURN(Type type, Emit(*node.children[i]));
    ADUANA_RETURN_IF_ERROR(Need(Type::kBool, type, what, node.children[i]->pos));
    if (i + 1 == node.children.size()) break;
    jumps.push_back(program_->code.size());
    Add(is_and ? OpCode::kJumpIfFalse : OpCode::kJumpIfTrue, 0, -1);
  }
  for (size_t jump : jumps) program_->code[jump].arg = static_cast<uint32_t>(program_->code.size());
  return Type::kBool;
}

absl::StatusOr<Type> Compiler::EmitUnary(const Node& node) {
  bool is_not = node.kind == NodeKind::kNot;
  ADUANA_ASSIGN_OR_RETURN(Type type, Emit(*node.children[0]));
  ADUANA_RETURN_IF_ERROR(Need(is_not ? Type::kBool : Type::kNumber, type,
                              is_not ? "operator 'not'" : "operator '-'", node.pos));
  Add(is_not ? OpCode::kNot : OpCode::kNegate, 0, 0);
  return is_not ? Type::kBool : Type::kNumber;
}

absl::StatusOr<Type> Compiler::EmitArithmetic(const Node& node) {
  std::string what = Cat("operator '", OpSpelling(node.op), "'");
  for (const auto& operand : node.children) {
    ADUANA_ASSIGN_OR_RETURN(Type type, Emit(*operand));
    ADUANA_RETURN_IF_ERROR(Need(Type::kNumber, type, what, node.pos));
  }
  Add(ArithmeticOp(node.op), 0, -1);
  return Type::kNumber;
}

absl::StatusOr<Type> Compiler::EmitCompare(const Node& node) {
  ADUANA_ASSIGN_OR_RETURN(Type left, Emit(*node.children[0]));
  ADUANA_ASSIGN_OR_RETURN(Type right, Emit(*node.children[1]));
  std::string what = Cat("operator '", OpSpelling(node.op), "'");
  if (left == Type::kBool || right == Type::kBool) {
    return Error(node.pos, Cat(what, " compares numbers or text, found a condition"));
  }
  if (left != right) {
    return Error(node.pos, Cat("type mismatch: cannot compare ", Bare(left), " with ", Bare(right)));
  }
  if (left == Type::kText) {
    if (node.op != Op::kEqual && node.op != Op::kNotEqual) {
      return Error(node.pos, Cat(what, " needs numbers, found text"));
    }
    Add(node.op == Op::kEqual ? OpCode::kTextEqual : OpCode::kTextNotEqual, 0, -1);
  } else {
    Add(NumberComparison(node.op), 0, -1);
  }
  return Type::kBool;
}

absl::StatusOr<Type> Compiler::EmitIn(const Node& node) {
  ADUANA_ASSIGN_OR_RETURN(Type left, Emit(*node.children[0]));
  std::string what = node.negated ? "operator 'not in'" : "operator 'in'";
  if (left == Type::kBool) return Error(node.pos, Cat(what, " compares numbers or text, found a condition"));
  Type listed = node.list.front()->kind == NodeKind::kNumber ? Type::kNumber : Type::kText;  // one type (parser)
  if (left != listed) {
    return Error(node.pos, Cat("type mismatch: cannot compare ", Bare(left), " with a list of ",
                               listed == Type::kNumber ? "numbers" : "text"));
  }
  if (left == Type::kNumber) {
    std::vector<double> numbers;
    for (const auto& value : node.list) numbers.push_back(value->number);
    Add(node.negated ? OpCode::kNotInNumbers : OpCode::kInNumbers, AddNumberSet(std::move(numbers)), 0);
  } else {
    std::vector<std::string_view> texts;
    for (const auto& value : node.list) texts.push_back(value->text);
    Add(node.negated ? OpCode::kNotInTexts : OpCode::kInTexts, AddTextSet(std::move(texts)), 0);
  }
  return Type::kBool;
}

absl::StatusOr<Type> Compiler::EmitBetween(const Node& node) {
  for (const auto& operand : node.children) {
    ADUANA_ASSIGN_OR_RETURN(Type type, Emit(*operand));
    ADUANA_RETURN_IF_ERROR(Need(Type::kNumber, type, "operator 'between'", node.pos));
  }
  Add(OpCode::kBetween, 0, -2);
  return Type::kBool;
}

absl::StatusOr<Type> Compiler::EmitPrefix(const Node& node) {
  bool hs = node.kind == NodeKind::kHs;
  ADUANA_ASSIGN_OR_RETURN(Type type, Emit(*node.children[0]));
  if (type != Type::kText) {
    return Error(node.pos, Cat("operator '", hs ? "hs" : "starts_with", "' needs text on its left, found ",
                                        Found(type)));
  }
  if (hs) {
    Add(OpCode::kHs, AddTextSet(std::vector<std::string_view>(node.texts.begin(), node.texts.end())), 0);
  } else {
    Add(OpCode::kStartsWith, AddText(node.texts[0]), 0);
  }
  return Type::kBool;
}

}  // namespace

absl::StatusOr<Program> CompileCondition(const Node& condition, SourcePos condition_pos, const FieldCatalog& catalog,
                                         std::string_view source_name) {
  Program program;
  Compiler compiler(catalog, source_name, &program);
  ADUANA_ASSIGN_OR_RETURN(Type type, compiler.Emit(condition));
  if (type != Type::kBool) {
    return SourceError(source_name, condition_pos,
                       Cat("the 'when' condition must be true or false, found ", Found(type)));
  }
  if (program.max_stack > kMaxStack) {  // cannot happen for trees within kMaxNestingDepth
    return absl::InternalError(Cat("rule condition needs ", program.max_stack, " stack cells, more than ",
                                            kMaxStack));
  }
  return program;
}

}  // namespace aduana::rules
