// Weekly figures per subject (an HS6 x origin, a trade lane, an importer ...): what the early-warning detectors
// compare a week with. Each week keeps a few declaration ids as evidence an analyst can open.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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
  std::vector<uint64_t> parties;      // hashes of the distinct importers of the week, at most kPartiesKept
  std::vector<float> unit_values;     // value per kg of each declaration with a mass
};

class WeeklySeries {
 public:
  static constexpr size_t kExamplesKept = 20;
  // Detectors ask whether a week's declarations came from a few importers or from one: counting the distinct
  // ones up to a small bound answers that without keeping every importer of every week.
  static constexpr size_t kPartiesKept = 8;

  // One declaration (or goods line) of `subject` lodged at `t` by `importer` ("" when unknown).
  void Add(std::string_view subject, UnixMillis t, double value, double net_mass_kg, std::string_view declaration_id,
           std::string_view importer = {});

  using Weeks = std::map<Week, WeekFigures>;
  const Weeks* Find(std::string_view subject) const;
  const absl::flat_hash_map<std::string, Weeks>& subjects() const { return subjects_; }
  // The first week with any declaration: before it the series knows nothing (a missing week of a subject after
  // it is a week without declarations).
  std::optional<Week> first_week() const { return first_week_; }

 private:
  absl::flat_hash_map<std::string, Weeks> subjects_;
  std::optional<Week> first_week_;
};

}  // namespace aduana::warn
