// libFuzzer target for the ingest front end: the streaming CSV reader, header recognition and the native record
// parsers. Any input must be read without a crash, a sanitizer report or a broken reader invariant (which
// aborts, so libFuzzer keeps the input).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "ingest/csv_reader.h"
#include "ingest/entity_schema.h"
#include "ingest/field_cursor.h"
#include "ingest/record_parsers.h"

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

template <typename T>
void Parse(const CsvRecord& record, const HeaderMapping& mapping) {
  FieldCursor cursor(record, mapping);
  T parsed;
  ReadRecord(cursor, &parsed);
  if (cursor.ok()) return;
  Require(!cursor.reason().empty(), "a failure has a reason");
  const auto& columns = mapping.schema->columns;
  bool known_field = cursor.failed_field().empty();
  for (std::string_view column : columns) known_field = known_field || column == cursor.failed_field();
  Require(known_field, "a failure names a column of the schema");
}

void ParseRecord(const CsvRecord& record, const HeaderMapping& mapping) {
  switch (mapping.schema->kind) {
    case EntityKind::kCompany: return Parse<Company>(record, mapping);
    case EntityKind::kTransportDocument: return Parse<TransportDocument>(record, mapping);
    case EntityKind::kDeclaration: return Parse<Declaration>(record, mapping);
    case EntityKind::kGoodsItem: return Parse<GoodsItem>(record, mapping);
    case EntityKind::kInspectionOutcome: return Parse<InspectionOutcome>(record, mapping);
    case EntityKind::kAuditOutcome: return Parse<AuditOutcome>(record, mapping);
    case EntityKind::kRoute: return Parse<Route>(record, mapping);
    case EntityKind::kStopZone: return Parse<StopZone>(record, mapping);
    case EntityKind::kTransit: return Parse<Transit>(record, mapping);
    case EntityKind::kTrackingEvent: return Parse<TrackingEvent>(record, mapping);
  }
}

void FuzzOne(std::string_view input) {
  CsvReader reader(kLimits);
  reader.OpenBuffer(input);
  CsvRecord record;
  HeaderMapping mapping;
  bool header_read = false;
  bool header_ok = false;
  int64_t previous_line = 0;
  int64_t consumed = input.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  volatile uint64_t sink = 0;
  while (reader.Next(&record)) {
    CheckRecord(record, previous_line);
    previous_line = record.line;
    consumed += record.raw_size;
    sink = sink + Touch(record);
    if (!header_read) {
      header_read = true;
      auto recognized = RecognizeHeader(record.fields);
      if (!recognized.ok()) continue;
      Require(recognized->position_of_column.size() == recognized->schema->columns.size(),
              "a mapping places every column");
      for (size_t position : recognized->position_of_column) {
        Require(position < record.fields.size(), "a mapping points into the header");
      }
      header_ok = record.error.empty();
      mapping = *std::move(recognized);
      continue;
    }
    if (header_ok && record.error.empty() && record.fields.size() == mapping.header_fields) {
      ParseRecord(record, mapping);
    }
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
