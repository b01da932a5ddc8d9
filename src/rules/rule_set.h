// A compiled set of analyst rules and the evaluation entry point: given the values of one declaration, which
// rules (valid on its lodgement day and targeting its office) select it, and on which goods item.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rules/field_catalog.h"
#include "rules/program.h"
#include "rules/rule.h"
#include "rules/rule_index.h"

namespace aduana::rules {

class RuleSet {
 public:
  struct Hit {
    int rule_index;  // into rules()
    int item_index;  // first matching goods item of an item-level rule; -1 for a declaration-level rule
    friend bool operator==(const Hit&, const Hit&) = default;
  };

  // Parses and compiles every rule of a rule file against `catalog`; stops at the first error, as
  // InvalidArgumentError("<source_name>:<line>:<column>: ..."). The catalog is not referenced afterwards, but
  // records given to Evaluate must be laid out by it.
  static absl::StatusOr<RuleSet> Compile(std::string_view source_text, std::string_view source_name,
                                         const FieldCatalog& catalog);

  const std::vector<Rule>& rules() const { return rules_; }
  // Whether rule `rule_index` reads goods-item fields (is evaluated once per item).
  bool IsItemRule(int rule_index) const { return programs_[rule_index].item_scope; }

  // Appends, in rule order, the hits of the rules whose validity window holds the UTC day of record.lodged_at
  // and that target record.customs_office (or every office). Only the rules the index names as candidates are
  // run. Does not allocate if `hits` has room for one hit per rule and `scratch` has served this set before.
  // Fails, appending nothing, if the record's arrays are shorter than the catalog's slots require.
  absl::Status Evaluate(const RuleRecord& record, std::vector<Hit>* hits, RuleIndex::Scratch* scratch) const;
  absl::Status Evaluate(const RuleRecord& record, std::vector<Hit>* hits) const {
    RuleIndex::Scratch scratch;
    return Evaluate(record, hits, &scratch);
  }

  // Whether the record's arrays hold every slot of the catalog the rules were compiled with.
  absl::Status CheckRecord(const RuleRecord& record) const;

 private:
  RuleSet() = default;
  bool TargetsOffice(int rule_index, std::string_view office) const;
  bool Matches(int rule_index, const RuleRecord& record, int* item_index, StackValue* stack) const;

  std::vector<Rule> rules_;
  std::vector<Program> programs_;
  std::vector<int64_t> valid_from_;  // per rule, inclusive UTC day; INT64_MIN when open
  std::vector<int64_t> valid_to_;    // per rule, inclusive UTC day; INT64_MAX when open
  std::vector<uint8_t> targeted_;    // per rule: 1 if it lists offices (rules_ is large: kept off the hot path)
  std::optional<RuleIndex> index_;
  RecordLayout layout_;
  size_t declaration_numbers_ = 0;
  size_t declaration_texts_ = 0;
};

}  // namespace aduana::rules
