// The compiled form of a rule condition: a flat postfix program for a small stack machine, with its constants,
// and the interpreter that runs it on one declaration (or one goods item of it). Running a program does not
// allocate, look anything up by name or make a virtual call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/field_catalog.h"

namespace aduana::rules {

enum class OpCode : uint8_t {
  kPushNumber,       // numbers[arg]
  kPushText,         // texts[arg]
  kPushBool,         // arg (0 or 1)
  kLoadNumber,       // record.numbers[arg]
  kLoadText,         // record.texts[arg]
  kLoadItemNumber,   // record.item_numbers[item * stride + arg]
  kLoadItemText,     // record.item_texts[item * stride + arg]
  kCountItems,       // record.item_count
  kHasDiscrepancy,   // texts[arg] is among record.discrepancy_kinds
  kIsMissingNumber,  // pop x; push isnan(x)
  kIsMissingText,    // pop x; push x == ""
  kNegate,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,  // missing when dividing by zero
  kAbs,
  kMin,
  kMax,
  kLog,  // missing for x <= 0
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,  // numbers; false when either side is missing
  kTextEqual,
  kTextNotEqual,   // false when either side is missing
  kInNumbers,      // pop x; push x in number set arg (false if missing)
  kNotInNumbers,   // ... not in ... (false if missing)
  kInTexts,        // same for text sets
  kNotInTexts,
  kBetween,        // pop hi, lo, x; push lo <= x <= hi
  kHs,             // pop x; push x starts with one of the prefixes of text set arg
  kStartsWith,     // pop x; push x starts with texts[arg]
  kNot,
  kJumpIfFalse,    // if top is false jump to arg keeping it, else pop it (`and`)
  kJumpIfTrue,     // if top is true jump to arg keeping it, else pop it (`or`)
};

struct Instruction {
  OpCode op;
  uint32_t arg = 0;
};

struct TextRef {
  uint32_t offset;
  uint32_t size;
};

struct Range {
  uint32_t begin;
  uint32_t end;
};

struct Program {
  std::vector<Instruction> code;
  std::vector<double> numbers;  // constants; number sets are sorted ranges of it
  std::string text_pool;        // bytes of every text constant
  std::vector<TextRef> texts;   // constants; text sets are sorted ranges of it
  std::vector<Range> sets;      // kInNumbers/kNotInNumbers: into numbers; kInTexts/kNotInTexts/kHs: into texts
  bool item_scope = false;      // reads an item field: run once per goods item
  int max_stack = 0;

  std::string_view Text(uint32_t index) const {
    return std::string_view(text_pool).substr(texts[index].offset, texts[index].size);
  }
};

// Where a record's item values are: item i's slot s is at i * stride + s.
struct RecordLayout {
  size_t item_number_stride = 0;
  size_t item_text_stride = 0;
};

// One stack cell; a condition is a number 0 or 1. Trivial, so an array of them costs nothing to declare.
struct StackValue {
  double number;
  const char* text;
  size_t size;
};

inline constexpr int kMaxStack = 2 * 64 + 16;  // enough for any tree the parser accepts (depth <= 64)

// Runs `program` on `record` (on goods item `item` if the program is item-scoped) and returns the condition.
// The record must have the shape of the catalog the program was compiled with (RuleSet checks it).
bool Execute(const Program& program, const RuleRecord& record, size_t item, const RecordLayout& layout,
             StackValue* stack);

}  // namespace aduana::rules
