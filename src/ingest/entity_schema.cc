#include "ingest/entity_schema.h"

#include <algorithm>


namespace aduana {

std::string JoinNames(const std::vector<std::string_view>& names, std::string_view separator) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += separator;
    out += name;
  }
  return out;
}


absl::StatusOr<HeaderMapping> RecognizeHeader(const std::vector<std::string_view>& header) {
  const EntitySchema* best = nullptr;
  std::vector<std::string_view> best_missing;
  std::vector<std::string_view> best_unknown;
  size_t best_matches = 0;
  for (const EntitySchema& schema : AllEntitySchemas()) {
    std::vector<std::string_view> missing;
    for (std::string_view column : schema.columns) {
      if (std::find(header.begin(), header.end(), column) == header.end()) missing.push_back(column);
    }
    std::vector<std::string_view> unknown;
    for (auto name = header.begin(); name != header.end(); ++name) {
      bool known = std::find(schema.columns.begin(), schema.columns.end(), *name) != schema.columns.end();
      bool repeated = std::find(header.begin(), name, *name) != name;
      if (!known || repeated) unknown.push_back(*name);
    }
    size_t matches = schema.columns.size() - missing.size();
    if (missing.empty() && unknown.empty() && header.size() == schema.columns.size()) {
      HeaderMapping mapping{&schema, {}, header.size()};
      for (std::string_view column : schema.columns) {
        mapping.position_of_column.push_back(
            static_cast<size_t>(std::find(header.begin(), header.end(), column) - header.begin()));
      }
      return mapping;
    }
    if (matches > best_matches) {
      best = &schema;
      best_matches = matches;
      best_missing = missing;
      best_unknown = unknown;
    }
  }
  if (best == nullptr) {
    return absl::InvalidArgumentError(
        "wrong header: matches no known file kind (first column '" +
        std::string(header.empty() ? "" : header[0].substr(0, 40)) + "'); see docs/data-formats.md");
  }
  std::string why = "wrong header: looks like " + std::string(best->name) + " but";
  if (!best_missing.empty()) why += " lacks column(s) " + JoinNames(best_missing, ", ");
  if (!best_missing.empty() && !best_unknown.empty()) why += " and";
  if (!best_unknown.empty()) why += " has unknown or repeated column(s) " + JoinNames(best_unknown, ", ");
  if (best_missing.empty() && best_unknown.empty()) why += " repeats a column";
  return absl::InvalidArgumentError(why);
}

}  // namespace aduana
