// The stack-machine interpreter of compiled rule conditions. Missing values are NaN numbers and empty texts:
// arithmetic propagates them, and every comparison with one is false.
#include "rules/program.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aduana::rules {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

inline std::string_view TextOf(const StackValue& v) { return std::string_view(v.text, v.size); }
inline double Bool(bool b) { return b ? 1.0 : 0.0; }

inline void SetText(StackValue* v, std::string_view text) {
  v->text = text.data();
  v->size = text.size();
}

bool InNumbers(const Program& p, uint32_t set, double x) {
  if (std::isnan(x)) return false;
  auto begin = p.numbers.begin() + p.sets[set].begin;
  auto end = p.numbers.begin() + p.sets[set].end;
  return std::binary_search(begin, end, x);
}

bool InTexts(const Program& p, uint32_t set, std::string_view x) {
  if (x.empty()) return false;
  uint32_t lo = p.sets[set].begin;
  uint32_t hi = p.sets[set].end;
  while (lo < hi) {  // binary search over the sorted texts of the set
    uint32_t mid = lo + (hi - lo) / 2;
    int order = p.Text(mid).compare(x);
    if (order == 0) return true;
    if (order < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

bool StartsWithAny(const Program& p, uint32_t set, std::string_view x) {
  if (x.empty()) return false;
  for (uint32_t i = p.sets[set].begin; i < p.sets[set].end; ++i) {
    if (x.starts_with(p.Text(i))) return true;
  }
  return false;
}

bool HasDiscrepancy(const RuleRecord& record, std::string_view kind) {
  return std::find(record.discrepancy_kinds.begin(), record.discrepancy_kinds.end(), kind) !=
         record.discrepancy_kinds.end();
}

double Divide(double a, double b) { return b == 0 ? kMissing : a / b; }
double MinOf(double a, double b) { return std::isnan(a) || std::isnan(b) ? kMissing : std::min(a, b); }
double MaxOf(double a, double b) { return std::isnan(a) || std::isnan(b) ? kMissing : std::max(a, b); }
double Log(double x) { return x > 0 ? std::log(x) : kMissing; }
bool NumbersDiffer(double a, double b) { return !std::isnan(a) && !std::isnan(b) && a != b; }
bool TextsEqual(std::string_view a, std::string_view b) { return !a.empty() && a == b; }
bool TextsDiffer(std::string_view a, std::string_view b) { return !a.empty() && !b.empty() && a != b; }

}  // namespace

// One switch over every opcode: the interpreter's hot loop, kept flat on purpose (no call per instruction except
// for the set and text helpers above). `sp` counts the cells in use; stack[sp - 1] is the top.
bool Execute(const Program& p, const RuleRecord& r, size_t item, const RecordLayout& layout, StackValue* stack) {
  size_t sp = 0;
  const Instruction* code = p.code.data();
  const size_t size = p.code.size();
  size_t pc = 0;
  while (pc < size) {
    const Instruction& in = code[pc++];
    StackValue* top = sp > 0 ? &stack[sp - 1] : nullptr;
    StackValue* next = &stack[sp];
    switch (in.op) {
      case OpCode::kPushNumber: next->number = p.numbers[in.arg]; ++sp; break;
      case OpCode::kPushText: SetText(next, p.Text(in.arg)); ++sp; break;
      case OpCode::kPushBool: next->number = in.arg; ++sp; break;
      case OpCode::kLoadNumber: next->number = r.numbers[in.arg]; ++sp; break;
      case OpCode::kLoadText: SetText(next, r.texts[in.arg]); ++sp; break;
      case OpCode::kLoadItemNumber:
        next->number = r.item_numbers[item * layout.item_number_stride + in.arg];
        ++sp;
        break;
      case OpCode::kLoadItemText: SetText(next, r.item_texts[item * layout.item_text_stride + in.arg]); ++sp; break;
      case OpCode::kCountItems: next->number = static_cast<double>(r.item_count); ++sp; break;
      case OpCode::kHasDiscrepancy: next->number = Bool(HasDiscrepancy(r, p.Text(in.arg))); ++sp; break;
      case OpCode::kIsMissingNumber: top->number = Bool(std::isnan(top->number)); break;
      case OpCode::kIsMissingText: top->number = Bool(top->size == 0); break;
      case OpCode::kNegate: top->number = -top->number; break;
      case OpCode::kAbs: top->number = std::fabs(top->number); break;
      case OpCode::kLog: top->number = Log(top->number); break;
      case OpCode::kNot: top->number = Bool(top->number == 0); break;
      case OpCode::kInNumbers: top->number = Bool(InNumbers(p, in.arg, top->number)); break;
      case OpCode::kNotInNumbers:
        top->number = Bool(!std::isnan(top->number) && !InNumbers(p, in.arg, top->number));
        break;
      case OpCode::kInTexts: top->number = Bool(InTexts(p, in.arg, TextOf(*top))); break;
      case OpCode::kNotInTexts: top->number = Bool(top->size != 0 && !InTexts(p, in.arg, TextOf(*top))); break;
      case OpCode::kHs: top->number = Bool(StartsWithAny(p, in.arg, TextOf(*top))); break;
      case OpCode::kStartsWith: top->number = Bool(top->size != 0 && TextOf(*top).starts_with(p.Text(in.arg))); break;
      case OpCode::kAdd: top[-1].number += top->number; --sp; break;
      case OpCode::kSubtract: top[-1].number -= top->number; --sp; break;
      case OpCode::kMultiply: top[-1].number *= top->number; --sp; break;
      case OpCode::kDivide: top[-1].number = Divide(top[-1].number, top->number); --sp; break;
      case OpCode::kMin: top[-1].number = MinOf(top[-1].number, top->number); --sp; break;
      case OpCode::kMax: top[-1].number = MaxOf(top[-1].number, top->number); --sp; break;
      case OpCode::kEqual: top[-1].number = Bool(top[-1].number == top->number); --sp; break;
      case OpCode::kNotEqual: top[-1].number = Bool(NumbersDiffer(top[-1].number, top->number)); --sp; break;
      case OpCode::kLess: top[-1].number = Bool(top[-1].number < top->number); --sp; break;
      case OpCode::kLessEqual: top[-1].number = Bool(top[-1].number <= top->number); --sp; break;
      case OpCode::kGreater: top[-1].number = Bool(top[-1].number > top->number); --sp; break;
      case OpCode::kGreaterEqual: top[-1].number = Bool(top[-1].number >= top->number); --sp; break;
      case OpCode::kTextEqual: top[-1].number = Bool(TextsEqual(TextOf(top[-1]), TextOf(*top))); --sp; break;
      case OpCode::kTextNotEqual: top[-1].number = Bool(TextsDiffer(TextOf(top[-1]), TextOf(*top))); --sp; break;
      case OpCode::kBetween:
        top[-2].number = Bool(top[-2].number >= top[-1].number && top[-2].number <= top->number);
        sp -= 2;
        break;
      case OpCode::kJumpIfFalse:
        if (top->number == 0) {
          pc = in.arg;
        } else {
          --sp;
        }
        break;
      case OpCode::kJumpIfTrue:
        if (top->number != 0) {
          pc = in.arg;
        } else {
          --sp;
        }
        break;
    }
  }
  return sp > 0 && stack[sp - 1].number != 0;
}

}  // namespace aduana::rules
