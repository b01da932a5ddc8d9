// Buffered RFC 4180 CSV writer: quotes a field only when it must. Used by the generator and by exports.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace aduana {

// Appends `value` to `out` as one CSV field, quoted only when it must be.
void AppendCsvField(std::string* out, std::string_view value);

class CsvWriter {
 public:
  // Opens `path` for writing (truncating it).
  static absl::Status Open(const std::string& path, CsvWriter* writer);

  CsvWriter() = default;
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  ~CsvWriter();

  void Field(std::string_view value);
  void Field(int64_t value);
  void Field(double value, int decimals);
  void EmptyField();
  void EndRow();
  // Writes a whole row of text fields (a header, typically).
  void Row(std::initializer_list<std::string_view> fields);

  // Flushes and closes; reports a write error (disk full) that earlier calls could not.
  absl::Status Close();

 private:
  void Separator();
  void Flush();

  std::FILE* file_ = nullptr;
  std::string path_;
  std::string buffer_;
  bool first_in_row_ = true;
  bool failed_ = false;
};

}  // namespace aduana
