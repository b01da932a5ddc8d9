// Reads the fields of one CSV record in the order of its schema's columns, converting and validating each.
// The first failure is kept (field and reason, "<category>: <detail>") and later reads become no-ops, so a
// record parser reads as a plain list of typed fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ingest/csv_reader.h"
#include "ingest/entity_schema.h"

namespace aduana {

class FieldCursor {
 public:
  FieldCursor(const CsvRecord& record, const HeaderMapping& mapping);

  bool ok() const { return reason_.empty(); }
  std::string_view failed_field() const { return failed_field_; }
  const std::string& reason() const { return reason_; }
  // Marks the record as bad on `field` (used for checks across fields).
  void Fail(std::string_view field, std::string reason);

  // Each reads the next column. `required` fields must not be empty.
  void Identifier(std::string* out, bool required = true);
  void Text(std::string* out, bool required = true);
  void Country(std::string* out);
  void Currency(std::string* out);
  void UnLocode(std::string* out, bool required = true);
  void HsCode(std::string* out, size_t min_digits = 6, bool required = true);
  void Date(EpochDay* out);
  void OptionalDate(std::optional<EpochDay>* out);
  void Timestamp(UnixMillis* out);
  // A number in [min, max]; an empty optional field leaves `out` unchanged.
  void Number(double* out, double min, double max, bool required = true);
  void OptionalNumber(std::optional<double>* out, double min, double max);
  void Integer(int64_t* out, int64_t min, int64_t max, bool required = true);
  void Boolean(bool* out);
  // One of `allowed` (exact match).
  void OneOf(std::string* out, std::initializer_list<std::string_view> allowed, bool required = true);
  // A code checked by `is_valid`; `what` names the code list in the message.
  void Code(std::string* out, bool (*is_valid)(std::string_view), std::string_view what, bool required = true);
  // A ';'-separated list, each element checked by `check` (returns "" when fine).
  void List(std::vector<std::string>* out, std::string (*check)(std::string_view));
  // The raw value of the next column, unchecked (for parsers with their own rules).
  std::string_view Raw();
  std::string_view current_column() const { return current_column_; }

 private:
  // Advances to the next column; returns false if the record already failed, or the value is empty and
  // `required` (then it fails) or not (then it is skipped).
  bool Advance(std::string_view* value, bool required);

  const CsvRecord& record_;
  const HeaderMapping& mapping_;
  size_t next_ = 0;
  std::string_view current_column_;
  std::string_view failed_field_;
  std::string reason_;
};

}  // namespace aduana
