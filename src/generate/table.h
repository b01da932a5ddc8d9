// A CSV file of the generated data set: the contract's header, row counting (for line numbers) and deliberate
// corruption of one field of a row, recorded in truth/malformed_rows.csv.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/csv_writer.h"
#include "core/time.h"

namespace aduana::gen {

class MalformedLog;

class Table {
 public:
  Table() = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // Creates `dir`/`file_name` and writes the header. `log` (may be null) receives the malformed rows.
  absl::Status Open(const std::string& dir, std::string_view file_name, std::vector<std::string_view> columns,
                    MalformedLog* log);

  // The next row gets `bad_value` in `column` instead of its real value and is logged as malformed.
  void Corrupt(std::string_view column, std::string bad_value, std::string reason);
  // The next row is well formed but will be rejected because a row it references is malformed.
  void MarkRejected(std::string reason);

  void Text(std::string_view value);
  void Int(int64_t value);
  void Num(double value, int decimals);
  void Date(EpochDay day);
  void Timestamp(int64_t unix_millis);
  void Empty();
  void EndRow();

  const std::string& file_name() const { return file_name_; }
  int64_t rows() const { return rows_; }
  int64_t NextLine() const { return rows_ + 2; }  // 1-based line of the next row (the header is line 1)
  absl::Status Close();

 private:
  bool EmitBadValue();  // true when the current column is the corrupted one (the bad value was written)

  CsvWriter writer_;
  std::string file_name_;
  std::vector<std::string> columns_;
  MalformedLog* log_ = nullptr;
  int64_t rows_ = 0;
  int column_ = 0;
  int corrupt_column_ = -1;
  std::string bad_value_;
  std::string reason_;
};

// truth/malformed_rows.csv: file, line, reason.
class MalformedLog {
 public:
  absl::Status Open(const std::string& truth_dir);
  void Record(std::string_view file, int64_t line, std::string_view reason);
  int64_t rows() const { return table_.rows(); }
  absl::Status Close() { return table_.Close(); }

 private:
  Table table_;
};

// One planted instance (an entity or a declaration) of a mechanism, for truth/ground_truth.csv.
struct TruthRow {
  std::string mechanism;
  std::string entity_kind;  // company, declaration, transit
  std::string entity_id;
  std::string declaration_id;
  EpochDay started_on = 0;
  std::string detail;
};

void WriteTruthRow(Table& table, const TruthRow& row);
std::string FormatFixed(double value, int decimals);  // "%.*f"
std::vector<std::string_view> TruthColumns();

}  // namespace aduana::gen
