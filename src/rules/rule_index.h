// An index that narrows a rule set to the rules that can match one declaration, so a thousand rules cost what
// the few relevant ones cost. Each rule is filed under its most selective guard: a condition it cannot match
// without. A guard is a conjunct at the top of the `when` condition that needs one text field to have one of a
// few values (`field == "v"`, `field in ["a", "b"]`) or to start with one of a few prefixes (`hs`,
// `starts_with`), or else the rule's `offices` list. Rules with no guard are candidates for every declaration.
// The index only ever adds candidates: each candidate is still checked in full, so a rule matches through the
// index exactly when it matches on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "rules/ast.h"
#include "rules/field_catalog.h"
#include "rules/program.h"
#include "rules/rule.h"

namespace aduana::rules {

// What a rule cannot match without.
struct Guard {
  enum class Source { kDeclarationText, kItemText, kOffice };
  Source source = Source::kOffice;
  int slot = 0;           // the text slot of the field (not used for kOffice)
  bool prefix = false;    // values are prefixes of the field rather than whole values
  std::vector<std::string> values;
};

// The most selective guard of a rule: a declaration field's values first, then the offices the rule targets, then
// an item field's values, then prefixes; fewer values before more. None if the rule has no guard.
std::optional<Guard> FindGuard(const Node& condition, const std::vector<std::string>& offices,
                               const FieldCatalog& catalog);

class RuleIndex {
 public:
  // Per-caller buffers, so that finding candidates does not allocate once they have grown.
  struct Scratch {
    std::vector<uint64_t> marks;  // one bit per rule
    std::string key;
  };

  // `guards[i]` is rule i's guard.
  explicit RuleIndex(const std::vector<std::optional<Guard>>& guards);

  // Calls `visit(rule_index)` in rule order for every rule that may match `record`.
  template <typename Visit>
  void ForEachCandidate(const RuleRecord& record, const RecordLayout& layout, Scratch* scratch, Visit visit) const {
    Mark(record, layout, scratch);
    for (size_t word = 0; word < scratch->marks.size(); ++word) {
      for (uint64_t bits = scratch->marks[word]; bits != 0; bits &= bits - 1) {
        visit(static_cast<int>(word * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
      }
    }
  }

 private:
  // Where the index looks up a record's value: a field of the declaration, of every item, or the office.
  struct Lookup {
    Guard::Source source;
    int slot;
    bool prefix;
    std::vector<size_t> prefix_lengths;  // for prefix lookups: the lengths that some guard uses
  };

  void Mark(const RuleRecord& record, const RecordLayout& layout, Scratch* scratch) const;
  void MarkValue(const Lookup& lookup, std::string_view value, Scratch* scratch) const;
  static void MakeKey(const Lookup& lookup, std::string_view value, std::string* key);

  std::vector<uint64_t> always_;  // rules without a guard
  std::vector<Lookup> lookups_;
  absl::flat_hash_map<std::string, std::vector<int>> rules_by_key_;
};

}  // namespace aduana::rules
