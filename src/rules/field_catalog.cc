// FieldCatalog: name validation, slot assignment, lookup and "did you mean" suggestions.
#include "rules/field_catalog.h"

#include <algorithm>
#include <array>
#include <string>

#include "absl/strings/string_view.h"

namespace aduana::rules {
namespace {

// The operators and literals of expressions, and the clause words (so that a condition cut short, as in
// `when x > 1 and` followed by `then`, is reported as such rather than read as a field named `then`).
constexpr std::array<std::string_view, 19> kReservedWords = {
    "and", "or",      "not",    "in",     "between",       "hs",    "starts_with", "true", "false",        "rule",
    "end", "version", "author", "justification", "valid", "offices", "when",        "then", "instructions"};

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '.'; }

std::string CheckName(std::string_view name) {
  if (name.empty()) return "field name is empty";
  if (name.size() > FieldCatalog::kMaxNameBytes) return "field name is longer than 64 bytes";
  if (!IsNameStart(name[0])) return "field name '" + std::string(name) + "' must start with a letter or '_'";
  if (!std::all_of(name.begin(), name.end(), IsNameChar)) {
    return "field name '" + std::string(name) + "' may hold only letters, digits, '_' and '.'";
  }
  if (IsReservedWord(name)) return "field name '" + std::string(name) + "' is a reserved word";
  return "";
}

// Levenshtein distance, or limit + 1 as soon as it must exceed limit.
size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit) {
  size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    size_t row_min = current[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::string_view ValueTypeName(ValueType type) { return type == ValueType::kNumber ? "number" : "text"; }

bool IsReservedWord(std::string_view word) {
  return std::find(kReservedWords.begin(), kReservedWords.end(), word) != kReservedWords.end();
}

int* FieldCatalog::SlotCount(Scope scope, ValueType type) {
  int s = static_cast<int>(scope);
  return type == ValueType::kNumber ? &number_slots_[s] : &text_slots_[s];
}

bool FieldCatalog::SlotTaken(Scope scope, ValueType type, int slot) const {
  return std::any_of(fields_.begin(), fields_.end(), [&](const FieldInfo& f) {
    return f.scope == scope && f.type == type && f.slot == slot;
  });
}

absl::Status FieldCatalog::Add(FieldInfo info) {
  if (std::string why = CheckName(info.name); !why.empty()) return absl::InvalidArgumentError(why);
  if (index_.contains(info.name)) {
    return absl::InvalidArgumentError("field '" + info.name + "' is already in the catalog");
  }
  int* count = SlotCount(info.scope, info.type);
  if (info.slot < 0) info.slot = *count;
  if (info.slot > kMaxSlot) {
    return absl::InvalidArgumentError("field '" + info.name + "': slot " + std::to_string(info.slot) +
                                      " is above the limit of 65535");
  }
  if (SlotTaken(info.scope, info.type, info.slot)) {
    return absl::InvalidArgumentError("field '" + info.name + "': slot " + std::to_string(info.slot) +
                                      " is already taken in its scope and type");
  }
  *count = std::max(*count, info.slot + 1);
  index_.emplace(info.name, fields_.size());
  fields_.push_back(std::move(info));
  return absl::OkStatus();
}

const FieldInfo* FieldCatalog::Find(std::string_view name) const {
  auto it = index_.find(absl::string_view(name.data(), name.size()));
  return it == index_.end() ? nullptr : &fields_[it->second];
}

std::string_view FieldCatalog::Suggest(std::string_view name) const {
  constexpr size_t kLimit = 2;
  std::string_view best;
  size_t best_distance = kLimit + 1;
  for (const FieldInfo& field : fields_) {
    size_t distance = BoundedEditDistance(name, field.name, kLimit);
    if (distance < best_distance) {
      best_distance = distance;
      best = field.name;
    }
  }
  return best;
}

}  // namespace aduana::rules
