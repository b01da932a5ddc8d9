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
  UnixMillis first_lodged_at = 0;
  UnixMillis last_lodged_at = 0;
  int64_t inspected = 0;
  int64_t non_compliant = 0;
  std::vector<RuleStatistics> rules;  // in file order
  double hit_rate() const { return inspected > 0 ? static_cast<double>(non_compliant) / static_cast<double>(inspected) : 0; }
};

// What the figures say of one rule against the run: "no selections", "few inspections" (fewer than
// kMinInspectionsToJudge of its selections were inspected), "weak" (its hit rate is below the hit rate of all
// inspections: it selects no better than the inspections already made, a candidate for retirement) or "".
inline constexpr int64_t kMinInspectionsToJudge = 20;
std::string_view JudgeRule(const RuleStatistics& rule, const DryRun& run);

// Rules in `text` (compiled against the fields of the standard features of this store) over the declarations
// lodged in [from, to).
absl::StatusOr<DryRun> DryRunRules(Store& store, std::string_view text, std::string_view source_name, UnixMillis from,
                                   UnixMillis to);

// Dry-runs the store's active rule set over [from, to) and stores each active version's statistics, computed
// at `now`. FailedPrecondition if no rule is active.
absl::StatusOr<DryRun> UpdateActiveRuleStatistics(Store& store, UnixMillis from, UnixMillis to, UnixMillis now);

}  // namespace aduana::model
