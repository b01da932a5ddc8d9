#include "ingest/field_cursor.h"

#include <charconv>
#include <cmath>

#include "core/codes.h"

namespace aduana {
namespace {

std::string Quote(std::string_view value) {
  std::string out = "'";
  out += value.substr(0, 40);
  if (value.size() > 40) out += "...";
  out += "'";
  return out;
}

std::string FormatNumber(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

}  // namespace

FieldCursor::FieldCursor(const CsvRecord& record, const HeaderMapping& mapping)
    : record_(record), mapping_(mapping) {}

void FieldCursor::Fail(std::string_view field, std::string reason) {
  if (!ok()) return;
  failed_field_ = field;
  reason_ = std::move(reason);
}

bool FieldCursor::Advance(std::string_view* value, bool required) {
  if (next_ >= mapping_.schema->columns.size()) {
    Fail("", "internal: more reads than columns");
    return false;
  }
  current_column_ = mapping_.schema->columns[next_];
  *value = record_.fields[mapping_.position_of_column[next_]];
  ++next_;
  if (!ok()) return false;
  if (value->empty()) {
    if (required) Fail(current_column_, "missing value: the field is required");
    return false;
  }
  return true;
}

std::string_view FieldCursor::Raw() {
  std::string_view value;
  Advance(&value, false);
  return value;
}

void FieldCursor::Identifier(std::string* out, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  if (std::string why = CheckIdentifier(v); !why.empty()) return Fail(current_column_, "invalid identifier: " + why);
  out->assign(v);
}

void FieldCursor::Text(std::string* out, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  if (std::string why = CheckText(v); !why.empty()) return Fail(current_column_, "invalid text: " + why);
  out->assign(v);
}

void FieldCursor::Country(std::string* out) {
  std::string_view v;
  if (!Advance(&v, true)) return;
  if (!IsCountryCode(v)) return Fail(current_column_, "invalid country code: " + Quote(v) + " is not ISO 3166-1 alpha-2");
  out->assign(v);
}

void FieldCursor::Currency(std::string* out) {
  std::string_view v;
  if (!Advance(&v, true)) return;
  if (!IsCurrencyCode(v)) return Fail(current_column_, "invalid currency code: " + Quote(v) + " is not ISO 4217");
  out->assign(v);
}

void FieldCursor::UnLocode(std::string* out, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  if (std::string why = CheckUnLocode(v); !why.empty()) {
    return Fail(current_column_, "invalid location code: " + Quote(v) + ": " + why);
  }
  out->assign(v);
}

void FieldCursor::HsCode(std::string* out, size_t min_digits, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  if (std::string why = CheckHsCode(v, min_digits); !why.empty()) {
    return Fail(current_column_, "invalid HS code: " + Quote(v) + ": " + why);
  }
  out->assign(v);
}

void FieldCursor::Date(EpochDay* out) {
  std::string_view v;
  if (!Advance(&v, true)) return;
  auto day = ParseDate(v);
  if (!day.ok()) return Fail(current_column_, "invalid date: " + std::string(day.status().message()));
  *out = *day;
}

void FieldCursor::OptionalDate(std::optional<EpochDay>* out) {
  std::string_view v;
  if (!Advance(&v, false)) return;
  auto day = ParseDate(v);
  if (!day.ok()) return Fail(current_column_, "invalid date: " + std::string(day.status().message()));
  *out = *day;
}

void FieldCursor::Timestamp(UnixMillis* out) {
  std::string_view v;
  if (!Advance(&v, true)) return;
  auto ts = ParseTimestamp(v);
  if (!ts.ok()) return Fail(current_column_, "invalid timestamp: " + std::string(ts.status().message()));
  *out = *ts;
}

void FieldCursor::Number(double* out, double min, double max, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  double value = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) return Fail(current_column_, "out of range: " + Quote(v));
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(value)) {
    return Fail(current_column_, "invalid number: " + Quote(v) + " is not a decimal number");
  }
  if (value < min || value > max) {
    return Fail(current_column_, "out of range: " + Quote(v) + " is outside " + FormatNumber(min) + ".." +
                                     FormatNumber(max));
  }
  *out = value;
}

void FieldCursor::OptionalNumber(std::optional<double>* out, double min, double max) {
  double value = 0;
  size_t before = next_;
  Number(&value, min, max, false);
  std::string_view raw = record_.fields[mapping_.position_of_column[before]];
  if (ok() && !raw.empty()) *out = value;
}

void FieldCursor::Integer(int64_t* out, int64_t min, int64_t max, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
  if (ec == std::errc::result_out_of_range) return Fail(current_column_, "out of range: " + Quote(v));
  if (ec != std::errc() || end != v.data() + v.size()) {
    return Fail(current_column_, "invalid integer: " + Quote(v) + " is not a whole number");
  }
  if (value < min || value > max) {
    return Fail(current_column_, "out of range: " + Quote(v) + " is outside " + std::to_string(min) + ".." +
                                     std::to_string(max));
  }
  *out = value;
}

void FieldCursor::Boolean(bool* out) {
  std::string_view v;
  if (!Advance(&v, true)) return;
  if (v == "true" || v == "1") {
    *out = true;
  } else if (v == "false" || v == "0") {
    *out = false;
  } else {
    Fail(current_column_, "invalid boolean: " + Quote(v) + " is not true/false");
  }
}

void FieldCursor::OneOf(std::string* out, std::initializer_list<std::string_view> allowed, bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  for (std::string_view a : allowed) {
    if (v == a) {
      out->assign(v);
      return;
    }
  }
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  Fail(current_column_, "invalid value: " + Quote(v) + " is not one of " + list);
}

void FieldCursor::Code(std::string* out, bool (*is_valid)(std::string_view), std::string_view what,
                       bool required) {
  std::string_view v;
  if (!Advance(&v, required)) return;
  if (!is_valid(v)) return Fail(current_column_, "invalid value: " + Quote(v) + " is not " + std::string(what));
  out->assign(v);
}

void FieldCursor::List(std::vector<std::string>* out, std::string (*check)(std::string_view)) {
  std::string_view v;
  if (!Advance(&v, false)) return;
  while (true) {
    size_t cut = v.find(';');
    std::string_view element = v.substr(0, cut);
    if (std::string why = check(element); !why.empty()) {
      return Fail(current_column_, "invalid list element: " + Quote(element) + ": " + why);
    }
    out->emplace_back(element);
    if (cut == std::string_view::npos) break;
    v.remove_prefix(cut + 1);
  }
}

}  // namespace aduana
