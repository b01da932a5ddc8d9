#include "generate/table.h"

#include <algorithm>
#include <cstdio>

#include "generate/text.h"

namespace aduana::gen {

absl::Status Table::Open(const std::string& dir, std::string_view file_name, std::vector<std::string_view> columns,
                         MalformedLog* log) {
  file_name_ = std::string(file_name);
  columns_.assign(columns.begin(), columns.end());
  log_ = log;
  absl::Status status = CsvWriter::Open(Concat(dir, "/", file_name_), &writer_);
  if (!status.ok()) return status;
  for (std::string_view column : columns) writer_.Field(column);
  writer_.EndRow();
  return absl::OkStatus();
}

void Table::Corrupt(std::string_view column, std::string bad_value, std::string reason) {
  auto it = std::find(columns_.begin(), columns_.end(), column);
  corrupt_column_ = it == columns_.end() ? -1 : static_cast<int>(it - columns_.begin());
  bad_value_ = std::move(bad_value);
  reason_ = std::move(reason);
}

void Table::MarkRejected(std::string reason) {
  corrupt_column_ = -1;
  reason_ = std::move(reason);
}

bool Table::EmitBadValue() {
  bool replaced = column_ == corrupt_column_;
  if (replaced) writer_.Field(bad_value_);
  ++column_;
  return replaced;
}

void Table::Text(std::string_view value) {
  if (!EmitBadValue()) writer_.Field(value);
}

void Table::Int(int64_t value) {
  if (!EmitBadValue()) writer_.Field(value);
}

void Table::Num(double value, int decimals) {
  if (!EmitBadValue()) writer_.Field(value == 0 ? 0.0 : value, decimals);  // never "-0.00"
}

void Table::Date(EpochDay day) {
  if (!EmitBadValue()) writer_.Field(FormatDate(day));
}

void Table::Timestamp(int64_t unix_millis) {
  if (!EmitBadValue()) writer_.Field(FormatTimestamp(unix_millis));
}

void Table::Empty() {
  if (!EmitBadValue()) writer_.EmptyField();
}

void Table::EndRow() {
  writer_.EndRow();
  if (!reason_.empty() && log_ != nullptr) log_->Record(file_name_, NextLine(), reason_);
  ++rows_;
  column_ = 0;
  corrupt_column_ = -1;
  reason_.clear();
}

absl::Status Table::Close() { return writer_.Close(); }

absl::Status MalformedLog::Open(const std::string& truth_dir) {
  return table_.Open(truth_dir, "malformed_rows.csv", {"file", "line", "reason"}, nullptr);
}

void MalformedLog::Record(std::string_view file, int64_t line, std::string_view reason) {
  table_.Text(file);
  table_.Int(line);
  table_.Text(reason);
  table_.EndRow();
}

std::string FormatFixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::vector<std::string_view> TruthColumns() {
  return {"mechanism", "entity_kind", "entity_id", "declaration_id", "started_on", "detail"};
}

void WriteTruthRow(Table& table, const TruthRow& row) {
  table.Text(row.mechanism);
  table.Text(row.entity_kind);
  table.Text(row.entity_id);
  table.Text(row.declaration_id);
  table.Date(row.started_on);
  table.Text(row.detail);
  table.EndRow();
}

}  // namespace aduana::gen
