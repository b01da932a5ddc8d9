// ISO 8601 dates and timestamps. Dates are days since 1970-01-01; timestamps are milliseconds since the Unix
// epoch, UTC. Parsing accepts only the forms of the data contract and explains what is wrong otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace aduana {

using EpochDay = int32_t;
using UnixMillis = int64_t;

constexpr UnixMillis kMillisPerDay = 86'400'000;

// The UTC day an instant falls on (rounding toward the past, also before 1970).
constexpr EpochDay DayOf(UnixMillis t) {
  return static_cast<EpochDay>(t / kMillisPerDay - (t % kMillisPerDay < 0 ? 1 : 0));
}

// "YYYY-MM-DD", year 1900..2100.
absl::StatusOr<EpochDay> ParseDate(std::string_view text);
// "YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm|-hh:mm]", or a bare date (midnight UTC).
absl::StatusOr<UnixMillis> ParseTimestamp(std::string_view text);

std::string FormatDate(EpochDay day);
std::string FormatTimestamp(UnixMillis ms);  // "YYYY-MM-DDThh:mm:ssZ", or with ".fff" when not whole seconds

// Calendar helpers used by the generator and reports.
EpochDay DayFromCivil(int year, unsigned month, unsigned day);
void CivilFromDay(EpochDay day, int* year, unsigned* month, unsigned* dom);

}  // namespace aduana
