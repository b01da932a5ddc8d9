// libFuzzer target for the ingest front end: the streaming CSV reader, header recognition and the parse stage
// (native and KCS record parsers, as ingest runs them). Any input must be read without a crash, a sanitizer report or a broken reader invariant (which
// aborts, so libFuzzer keeps the input).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ingest/csv_reader.h"
#include "ingest/entity_schema.h"
#include "ingest/row_parser.h"

namespace aduana {
namespace {

// Small limits, so short inputs reach every limit.
constexpr CsvLimits kLimits{.max_field_bytes = 64, .max_fields = 32, .max_raw_kept = 128};

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "reader invariant broken: %s\n", what);
  std::abort();
}

// Reads every field byte, so the sanitizers see any view into freed or foreign memory.
uint64_t Touch(const CsvRecord& record) {
  uint64_t sum = 0;
  for (std::string_view field : record.fields) {
    for (char c : field) sum = sum * 31 + static_cast<unsigned char>(c);
  }
  for (char c : record.raw) sum += static_cast<unsigned char>(c);
  for (char c : record.error) sum ^= static_cast<unsigned char>(c);
  return sum;
}

void CheckRecord(const CsvRecord& record, int64_t previous_line) {
  Require(record.line > previous_line, "lines increase");
  Require(record.raw.size() <= kLimits.max_raw_kept, "raw cut at max_raw_kept");
  Require(record.raw_size >= static_cast<int64_t>(record.raw.size()), "raw_size covers raw");
  Require(record.raw_size > 0 || record.line == 1, "a record consumes input (but a lone byte-order mark)");
  Require(!record.fields.empty(), "a record has a field");
  Require(record.fields.size() <= kLimits.max_fields + 1, "fields bounded by max_fields");
  for (std::string_view field : record.fields) Require(field.size() <= kLimits.max_field_bytes, "field bounded");
  if (record.fields.size() > kLimits.max_fields) Require(!record.error.empty(), "too many fields is an error");
}

// Runs the production parse stage on a record: it must end in a typed record or in a reason, never both.
void CheckParse(const RowParser& parser, const CsvRecord& record, const std::vector<std::string_view>& columns) {
  ParsedRow row;
  parser.Parse(record, &row);
  bool has_record = !std::holds_alternative<std::monostate>(row.record);
  Require(has_record != !row.reason.empty(), "a row is parsed or rejected with a reason");
  Require(row.line == record.line, "the parsed row keeps its line");
  bool known_field = row.field.empty();
  for (std::string_view column : columns) known_field = known_field || column == row.field;
  Require(known_field, "a failure names a column of the file");
}

void FuzzOne(std::string_view input) {
  CsvReader reader(kLimits);
  reader.OpenBuffer(input);
  CsvRecord record;
  int64_t previous_line = 0;
  int64_t consumed = input.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  volatile uint64_t sink = 0;
  std::optional<RowParser> native;
  std::optional<RowParser> kcs;
  std::vector<std::string_view> header_columns;
  std::vector<std::string> header_storage;
  while (reader.Next(&record)) {
    CheckRecord(record, previous_line);
    previous_line = record.line;
    consumed += record.raw_size;
    sink = sink + Touch(record);
    if (!native) {
      native.emplace(record, InputFormat::kNative);
      kcs.emplace(record, InputFormat::kKcs);
      header_storage.assign(record.fields.begin(), record.fields.end());
      header_columns.assign(header_storage.begin(), header_storage.end());
      auto recognized = RecognizeHeader(record.fields);
      if (!recognized.ok()) continue;
      Require(recognized->position_of_column.size() == recognized->schema->columns.size(),
              "a mapping places every column");
      for (size_t position : recognized->position_of_column) {
        Require(position < record.fields.size(), "a mapping points into the header");
      }
      continue;
    }
    CheckParse(*native, record, header_columns);
    CheckParse(*kcs, record, header_columns);
  }
  Require(reader.status().ok(), "a buffer has no read errors");
  Require(reader.bytes_read() == static_cast<int64_t>(input.size()), "the whole input is read");
  Require(consumed == static_cast<int64_t>(input.size()), "records cover the input without gaps");
}

}  // namespace
}  // namespace aduana

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aduana::FuzzOne(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
