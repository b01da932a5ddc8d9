#include "warn/weekly_series.h"

namespace aduana::warn {

void WeeklySeries::Add(std::string_view subject, UnixMillis t, double value, double net_mass_kg,
                       std::string_view declaration_id) {
  WeekFigures& w = subjects_[absl::string_view(subject.data(), subject.size())][WeekOf(t)];
  ++w.declarations;
  w.value += value;
  if (net_mass_kg > 0) w.net_mass_kg += net_mass_kg;
  if (w.examples.size() < kExamplesKept) w.examples.emplace_back(declaration_id);
}

const WeeklySeries::Weeks* WeeklySeries::Find(std::string_view subject) const {
  auto found = subjects_.find(absl::string_view(subject.data(), subject.size()));
  return found == subjects_.end() ? nullptr : &found->second;
}

}  // namespace aduana::warn
