#include "warn/weekly_series.h"

#include <algorithm>

#include "absl/hash/hash.h"

namespace aduana::warn {

void WeeklySeries::Add(std::string_view subject, UnixMillis t, double value, double net_mass_kg,
                       std::string_view declaration_id, std::string_view importer) {
  const Week week = WeekOf(t);
  WeekFigures& w = subjects_[absl::string_view(subject.data(), subject.size())][week];
  ++w.declarations;
  w.value += value;
  if (net_mass_kg > 0) {
    w.net_mass_kg += net_mass_kg;
    w.unit_values.push_back(static_cast<float>(value / net_mass_kg));
  }
  if (w.examples.size() < kExamplesKept) w.examples.emplace_back(declaration_id);
  if (!importer.empty() && w.parties.size() < kPartiesKept) {
    uint64_t h = absl::HashOf(absl::string_view(importer.data(), importer.size()));
    if (std::find(w.parties.begin(), w.parties.end(), h) == w.parties.end()) w.parties.push_back(h);
  }
  if (!first_week_ || week < *first_week_) first_week_ = week;
}

const WeeklySeries::Weeks* WeeklySeries::Find(std::string_view subject) const {
  auto found = subjects_.find(absl::string_view(subject.data(), subject.size()));
  return found == subjects_.end() ? nullptr : &found->second;
}

}  // namespace aduana::warn
