#include "core/time.h"

#include <chrono>
#include <cstdio>

#include "absl/status/status.h"

namespace aduana {
namespace {

bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

absl::Status Bad(std::string_view text, std::string_view why) {
  std::string message = "'";
  message.append(text.substr(0, 40)).append("' is not ").append(why);
  return absl::InvalidArgumentError(message);
}

}  // namespace

EpochDay DayFromCivil(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  sys_days d{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return static_cast<EpochDay>(d.time_since_epoch().count());
}

void CivilFromDay(EpochDay day, int* year, unsigned* month, unsigned* dom) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{day}}};
  *year = static_cast<int>(ymd.year());
  *month = static_cast<unsigned>(ymd.month());
  *dom = static_cast<unsigned>(ymd.day());
}

absl::StatusOr<EpochDay> ParseDate(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadDigits(text, 0, 4, &y) ||
      !ReadDigits(text, 5, 2, &m) || !ReadDigits(text, 8, 2, &d)) {
    return Bad(text, "an ISO 8601 date (YYYY-MM-DD)");
  }
  if (y < 1900 || y > 2100) return Bad(text, "a date in 1900..2100");
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return Bad(text, "a calendar date");
  return DayFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

absl::StatusOr<UnixMillis> ParseTimestamp(std::string_view text) {
  if (text.size() < 10) return Bad(text, "an ISO 8601 timestamp (YYYY-MM-DDThh:mm:ssZ)");
  absl::StatusOr<EpochDay> day = ParseDate(text.substr(0, 10));
  if (!day.ok()) return day.status();  // says what is wrong with the date part
  if (text.size() == 10) return static_cast<UnixMillis>(*day) * kMillisPerDay;
  int hh, mm, ss;
  if (text.size() < 19 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':' ||
      !ReadDigits(text, 11, 2, &hh) || !ReadDigits(text, 14, 2, &mm) || !ReadDigits(text, 17, 2, &ss)) {
    return Bad(text, "an ISO 8601 timestamp (YYYY-MM-DDThh:mm:ssZ)");
  }
  if (hh > 23 || mm > 59 || ss > 60) return Bad(text, "a valid time of day");
  if (ss == 60) ss = 59;  // leap second: keep the record, clamp to the same minute
  size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    size_t start = ++pos;
    int scale = 100;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      millis += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return Bad(text, "a timestamp with a valid fraction of a second");
  }
  int offset_minutes = 0;
  if (pos == text.size()) {
    return Bad(text, "a timestamp with a time zone (Z or +hh:mm)");
  } else if (text[pos] == 'Z' && pos + 1 == text.size()) {
    offset_minutes = 0;
  } else if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
    int oh, om;
    if (!ReadDigits(text, pos + 1, 2, &oh) || !ReadDigits(text, pos + 4, 2, &om) || oh > 14 || om > 59) {
      return Bad(text, "a timestamp with a valid UTC offset");
    }
    offset_minutes = (oh * 60 + om) * (text[pos] == '+' ? 1 : -1);
  } else {
    return Bad(text, "a timestamp with a time zone (Z or +hh:mm)");
  }
  int64_t seconds = static_cast<int64_t>(*day) * 86400 + hh * 3600 + mm * 60 + ss - offset_minutes * 60;
  return seconds * 1000 + millis;
}

std::string FormatDate(EpochDay day) {
  int y;
  unsigned m, d;
  CivilFromDay(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::string FormatTimestamp(UnixMillis ms) {
  int64_t day = ms >= 0 ? ms / kMillisPerDay : -((-ms + kMillisPerDay - 1) / kMillisPerDay);
  int64_t rest = ms - day * kMillisPerDay;
  int y;
  unsigned m, d;
  CivilFromDay(static_cast<EpochDay>(day), &y, &m, &d);
  int64_t secs = rest / 1000;
  int millis = static_cast<int>(rest % 1000);
  char buf[40];
  if (millis == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, static_cast<int>(secs / 3600),
                  static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, static_cast<int>(secs / 3600),
                  static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60), millis);
  }
  return buf;
}

}  // namespace aduana
