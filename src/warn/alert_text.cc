#include "warn/alert_text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace aduana::warn {

std::string Fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string Percent(double share) { return Fixed(100 * share, 0) + "%"; }

std::string Scientific(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1e", v);
  return buffer;
}

std::string Joined(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

std::string RuleId(std::string_view prefix, std::string_view subject, Week week) {
  std::string id(prefix);
  for (char c : subject) id += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '-';
  return id + "-W" + std::to_string(week);
}

std::string ImportersCondition(const std::vector<std::string>& importers) {
  std::string list;
  for (const std::string& id : importers) {
    if (!list.empty()) list += ", ";
    list += "\"" + id + "\"";
  }
  return "declaration.importer in [" + list + "]";
}

std::string SuggestedRule(std::string_view id, std::string_view justification, const std::string& condition,
                          std::string_view action, std::string_view instructions) {
  if (condition.empty()) return "";
  return "rule " + std::string(id) + " version 1\n  author \"early-warning\"\n  justification \"" +
         std::string(justification) + "\"\n  when " + condition + "\n  then " + std::string(action) +
         "\n  instructions \"" + std::string(instructions) + "\"\nend\n";
}

}  // namespace aduana::warn
