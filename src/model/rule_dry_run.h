// Dry run of analyst rules over the store's history: for each rule, how many declarations it would have
// selected, how many of those were inspected, what the inspections found and recovered. Features are built
// point-in-time, as they would have been when each declaration was lodged. The store is not changed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/rule.h"
#include "store/store.h"

namespace aduana::model {

struct RuleStatistics {
  rules::Rule rule;
  int64_t selected = 0;
  int64_t inspected = 0;  // of the selected
  int64_t non_compliant = 0;
  double revenue = 0;
  double hit_rate() const { return inspected > 0 ? static_cast<double>(non_compliant) / static_cast<double>(inspected) : 0; }
};

struct DryRun {
  int64_t declarations = 0;  // lodged in the window
  int64_t inspected = 0;
  int64_t non_compliant = 0;
  std::vector<RuleStatistics> rules;  // in file order
};

// Rules in `text` (compiled against the fields of the standard features of this store) over the declarations
// lodged in [from, to).
absl::StatusOr<DryRun> DryRunRules(Store& store, std::string_view text, std::string_view source_name, UnixMillis from,
                                   UnixMillis to);

}  // namespace aduana::model
