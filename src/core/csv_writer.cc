#include "core/csv_writer.h"

#include <cerrno>
#include <cstring>

namespace aduana {
namespace {
constexpr size_t kFlushAt = 1 << 20;
}

absl::Status CsvWriter::Open(const std::string& path, CsvWriter* writer) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return absl::UnavailableError("cannot write " + path + ": " + std::strerror(errno));
  writer->file_ = f;
  writer->path_ = path;
  writer->buffer_.reserve(kFlushAt + 4096);
  return absl::OkStatus();
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) (void)Close();
}

void CsvWriter::Separator() {
  if (!first_in_row_) buffer_.push_back(',');
  first_in_row_ = false;
}

void AppendCsvField(std::string* out, std::string_view value) {
  bool needs_quotes = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!needs_quotes) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void CsvWriter::Field(std::string_view value) {
  Separator();
  AppendCsvField(&buffer_, value);
}

void CsvWriter::Field(int64_t value) {
  Separator();
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(value));
  buffer_.append(buf, static_cast<size_t>(n));
}

void CsvWriter::Field(double value, int decimals) {
  Separator();
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  buffer_.append(buf, static_cast<size_t>(n));
}

void CsvWriter::EmptyField() { Separator(); }

void CsvWriter::EndRow() {
  buffer_.push_back('\n');
  first_in_row_ = true;
  if (buffer_.size() >= kFlushAt) Flush();
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  for (std::string_view f : fields) Field(f);
  EndRow();
}

void CsvWriter::Flush() {
  if (file_ == nullptr || buffer_.empty()) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
  buffer_.clear();
}

absl::Status CsvWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  Flush();
  bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed_ || close_failed) return absl::DataLossError("write to " + path_ + " failed (disk full?)");
  return absl::OkStatus();
}

}  // namespace aduana
