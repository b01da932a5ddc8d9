// The fields a rule may reference, supplied by the caller (FieldCatalog), and the values of one declaration laid
// out by slot (RuleRecord), which is what compiled rules read when they are evaluated.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "core/time.h"

namespace aduana::rules {

enum class ValueType { kNumber, kText };
enum class Scope { kDeclaration, kItem };  // item fields have one value per goods item

std::string_view ValueTypeName(ValueType type);  // "number", "text"

struct FieldInfo {
  std::string name;  // dotted identifier: [A-Za-z_][A-Za-z0-9_.]*, at most 64 bytes, not a reserved word
  ValueType type = ValueType::kNumber;
  Scope scope = Scope::kDeclaration;
  int slot = -1;  // index in the record's array for (scope, type); -1: Add assigns the next free slot
  std::string description;
};

// Built once by the caller, before rules are compiled against it. Slots are per (scope, type): the declaration
// numbers, declaration texts, item numbers and item texts each have their own slots 0, 1, 2, ...
class FieldCatalog {
 public:
  static constexpr size_t kMaxNameBytes = 64;
  static constexpr int kMaxSlot = 65535;

  // Rejects an invalid or reserved name, a duplicate name and an explicit slot already taken in its
  // (scope, type). A slot of -1 gets one past the highest slot of that (scope, type) so far.
  absl::Status Add(FieldInfo info);

  const FieldInfo* Find(std::string_view name) const;
  // The known name nearest to `name` (edit distance at most 2, first added wins a tie), or "" if none.
  std::string_view Suggest(std::string_view name) const;

  int NumberSlots(Scope scope) const { return number_slots_[static_cast<int>(scope)]; }
  int TextSlots(Scope scope) const { return text_slots_[static_cast<int>(scope)]; }
  const std::vector<FieldInfo>& fields() const { return fields_; }

 private:
  int* SlotCount(Scope scope, ValueType type);
  bool SlotTaken(Scope scope, ValueType type, int slot) const;

  std::vector<FieldInfo> fields_;
  absl::flat_hash_map<std::string, size_t> index_;  // name -> position in fields_
  int number_slots_[2] = {0, 0};
  int text_slots_[2] = {0, 0};
};

// True for the words a field may not be named: the expression words (and, or, not, in, between, hs, starts_with,
// true, false) and the clause words (rule, end, version, author, justification, valid, offices, when, then,
// instructions).
bool IsReservedWord(std::string_view word);

// The values of one declaration, laid out by slot of the catalog the rules were compiled with. Item arrays are
// item-major: item_numbers[i * NumberSlots(kItem) + slot]. Views must outlive the Evaluate call only.
struct RuleRecord {
  std::span<const double> numbers;                      // NaN = missing
  std::span<const std::string_view> texts;              // "" = missing
  size_t item_count = 0;
  std::span<const double> item_numbers;                 // item_count x NumberSlots(kItem)
  std::span<const std::string_view> item_texts;         // item_count x TextSlots(kItem)
  std::span<const std::string_view> discrepancy_kinds;  // kinds of document discrepancies on this declaration
  UnixMillis lodged_at = 0;                             // chooses the rules whose validity window holds it
  std::string_view customs_office;                      // chooses the rules that target this office
};

}  // namespace aduana::rules
