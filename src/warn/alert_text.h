// The words of alerts, shared by the detectors: numbers in fixed notation, the ids of suggested rules, and
// rules in the rule language (docs/rules.md) for an analyst to dry-run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "warn/weekly_series.h"

namespace aduana::warn {

std::string Fixed(double v, int decimals);  // "%.*f"
std::string Percent(double share);          // 0.42 -> "42%"
std::string Scientific(double v);           // 4.5e-06, for probabilities

// The distinct values, sorted, comma-separated.
std::string Joined(std::vector<std::string> values);

// "PREFIX" + the subject with anything but letters and digits as '-' + "-W" + the week: a valid rule id.
std::string RuleId(std::string_view prefix, std::string_view subject, Week week);

// `declaration.importer in ["A", "B"]`.
std::string ImportersCondition(const std::vector<std::string>& importers);

// A rule of the early-warning author; "" when `condition` is "" (no rule fits).
std::string SuggestedRule(std::string_view id, std::string_view justification, const std::string& condition,
                          std::string_view action,
                          std::string_view instructions = "Check the goods, quantity and value against the documents.");

}  // namespace aduana::warn
