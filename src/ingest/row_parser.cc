#include "ingest/row_parser.h"

#include <xxhash.h>

#include <cstring>

#include "ingest/field_cursor.h"
#include "ingest/record_parsers.h"

namespace aduana {
namespace {

// Digest of a record's content in schema order, so the same content in another column order matches. The
// fields are hashed as one buffer with separators (a seed per field would let short fields collide).
Fingerprint FingerprintOf(const CsvRecord& record, const std::vector<size_t>& positions, char tag) {
  thread_local std::string buffer;
  buffer.assign(1, tag);
  for (size_t pos : positions) {
    buffer.append(record.fields[pos]);
    buffer.push_back('\x1f');
  }
  return XXH3_64bits(buffer.data(), buffer.size());
}

}  // namespace

Fingerprint DerivedFingerprint(Fingerprint row, char tag) {
  char buffer[sizeof row + 1];
  std::memcpy(buffer, &row, sizeof row);
  buffer[sizeof row] = tag;
  return XXH3_64bits(buffer, sizeof buffer);
}

RowParser::RowParser(const CsvRecord& header, InputFormat format) : format_(format), header_line_(header.line) {
  if (!header.error.empty()) {
    header_status_ = absl::InvalidArgumentError("wrong header: " + header.error);
  } else if (format == InputFormat::kKcs) {
    header_status_ = kcs_.ReadHeader(header.fields);
    fields_ = header.fields.size();
    for (size_t i = 0; i < fields_; ++i) kcs_columns_.push_back(i);
    if (header_status_.ok()) kind_ = "kcs";
  } else {
    auto recognized = RecognizeHeader(header.fields);
    header_status_ = recognized.status();
    if (recognized.ok()) {
      mapping_ = *std::move(recognized);
      fields_ = mapping_.header_fields;
      kind_ = mapping_.schema->name;
    }
  }
}

std::string RowParser::ShapeError(const CsvRecord& record) const {
  if (!header_status_.ok()) {
    return "file not read: its header is wrong (line " + std::to_string(header_line_) + ")";
  }
  if (!record.error.empty()) return "malformed CSV: " + record.error;
  if (record.fields.size() != fields_) {
    return "wrong number of fields: expected " + std::to_string(fields_) + ", found " +
           std::to_string(record.fields.size()) + (record.fields.size() < fields_ ? " (truncated row?)" : "");
  }
  return "";
}

template <typename T>
void RowParser::ParseNative(const CsvRecord& record, ParsedRow* out) const {
  FieldCursor cursor(record, mapping_);
  T parsed;
  ReadRecord(cursor, &parsed);
  if (!cursor.ok()) {
    out->field = cursor.failed_field();
    out->reason = cursor.reason();
    return;
  }
  out->fingerprint = FingerprintOf(record, mapping_.position_of_column, 'n');
  out->record = std::move(parsed);
}

void RowParser::ParseKcs(const CsvRecord& record, ParsedRow* out) const {
  KcsRow row;
  if (!kcs_.Convert(record, &row, &out->field, &out->reason)) return;
  out->fingerprint = FingerprintOf(record, kcs_columns_, 'd');
  out->record = std::move(row);
}

void RowParser::Parse(const CsvRecord& record, ParsedRow* out) const {
  out->line = record.line;
  out->raw.assign(record.raw);
  out->raw_size = record.raw_size;
  if (std::string why = ShapeError(record); !why.empty()) {
    out->reason = std::move(why);
    return;
  }
  if (format_ == InputFormat::kKcs) return ParseKcs(record, out);
  switch (mapping_.schema->kind) {
    case EntityKind::kCompany: return ParseNative<Company>(record, out);
    case EntityKind::kTransportDocument: return ParseNative<TransportDocument>(record, out);
    case EntityKind::kDeclaration: return ParseNative<Declaration>(record, out);
    case EntityKind::kGoodsItem: return ParseNative<GoodsItem>(record, out);
    case EntityKind::kInspectionOutcome: return ParseNative<InspectionOutcome>(record, out);
    case EntityKind::kAuditOutcome: return ParseNative<AuditOutcome>(record, out);
    case EntityKind::kRoute: return ParseNative<Route>(record, out);
    case EntityKind::kStopZone: return ParseNative<StopZone>(record, out);
    case EntityKind::kTransit: return ParseNative<Transit>(record, out);
    case EntityKind::kTrackingEvent: return ParseNative<TrackingEvent>(record, out);
  }
}

}  // namespace aduana
