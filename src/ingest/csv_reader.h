// Streaming RFC 4180 CSV reader. Reads a file in fixed-size chunks (never the whole file), yields one record at a
// time with the line it starts on, its raw bytes (for quarantine) and, for a malformed record, why it is
// malformed. A malformed record never swallows the records after it: the reader resynchronises at the next
// line end outside quotes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace aduana {

struct CsvLimits {
  size_t max_field_bytes = 1 << 20;   // a longer field makes the record malformed
  size_t max_fields = 256;            // more fields than this makes the record malformed
  size_t max_raw_kept = 64 << 10;     // raw bytes kept for quarantine; longer records are cut
};

struct CsvRecord {
  int64_t line = 0;                     // 1-based line where the record starts
  std::vector<std::string_view> fields;  // unescaped, valid until the next call to Next()
  std::string_view raw;                  // the record's bytes as read (cut at max_raw_kept)
  int64_t raw_size = 0;                  // the record's full size in bytes
  std::string error;                     // non-empty: the record is malformed, and why
};

class CsvReader {
 public:
  explicit CsvReader(CsvLimits limits = {});
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  ~CsvReader();

  absl::Status Open(const std::string& path);
  // Reads from a memory buffer instead of a file (tests, fuzzing, API bodies).
  void OpenBuffer(std::string_view data);

  // Fills `record` with the next record; returns false at end of input. A read error ends the input and is
  // reported by status().
  bool Next(CsvRecord* record);

  absl::Status status() const { return status_; }
  int64_t bytes_read() const { return consumed_; }
  int64_t file_size() const { return file_size_; }

 private:
  bool Fill();  // loads more input; false at end
  int Peek();   // next byte or -1 at end, without consuming
  void AppendToField(char c);
  // Length of the run of bytes at pos_, within the loaded chunk, that need no state change; and its copy.
  size_t OrdinaryRun(bool quoted) const;
  void AppendRun(size_t n);
  void EndField(CsvRecord* record);
  void Fail(CsvRecord* record, std::string why);

  CsvLimits limits_;
  int fd_ = -1;
  std::string chunk_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool from_buffer_ = false;
  int64_t consumed_ = 0;
  int64_t file_size_ = 0;
  int64_t line_ = 1;
  bool at_start_ = true;
  absl::Status status_;

  std::string values_;               // unescaped field bytes of the current record
  std::vector<size_t> field_ends_;   // end offset of each field in values_
  std::string raw_;
  size_t field_bytes_ = 0;
  bool field_too_long_ = false;
};

}  // namespace aduana
