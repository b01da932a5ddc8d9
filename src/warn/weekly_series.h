// Weekly figures per subject (an HS6 x origin, a trade lane, an importer ...): what the early-warning detectors
// compare a week with. Each week keeps a few declaration ids as evidence an analyst can open.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/time.h"

namespace aduana::warn {

// Weeks since the epoch, starting on Mondays (1970-01-01 was a Thursday).
using Week = int64_t;
constexpr Week WeekOf(UnixMillis t) {
  EpochDay day = DayOf(t);
  return (day + 3 >= 0 ? day + 3 : day + 3 - 6) / 7;
}
constexpr EpochDay FirstDayOf(Week week) { return static_cast<EpochDay>(week * 7 - 3); }

struct WeekFigures {
  int64_t declarations = 0;
  double value = 0;        // customs value
  double net_mass_kg = 0;  // of the lines with a mass
  std::vector<std::string> examples;  // the first declaration ids of the week
};

class WeeklySeries {
 public:
  static constexpr size_t kExamplesKept = 20;

  // One declaration (or goods line) of `subject` lodged at `t`.
  void Add(std::string_view subject, UnixMillis t, double value, double net_mass_kg, std::string_view declaration_id);

  using Weeks = std::map<Week, WeekFigures>;
  const Weeks* Find(std::string_view subject) const;
  const absl::flat_hash_map<std::string, Weeks>& subjects() const { return subjects_; }

 private:
  absl::flat_hash_map<std::string, Weeks> subjects_;
};

}  // namespace aduana::warn
