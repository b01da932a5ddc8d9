// The parse stage of ingest: turns one CSV record of a file into a typed record (or the reason it cannot be
// read), with everything the store stage needs, so that the two stages can run on different threads.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "core/outcome.h"
#include "core/party.h"
#include "core/trade.h"
#include "core/transit.h"
#include "ingest/csv_reader.h"
#include "ingest/entity_schema.h"
#include "ingest/kcs_adapter.h"
#include "store/store.h"

namespace aduana {

enum class InputFormat { kNative, kKcs };

using ParsedRecord = std::variant<std::monostate, Company, TransportDocument, Declaration, GoodsItem,
                                  InspectionOutcome, AuditOutcome, Route, StopZone, Transit, TrackingEvent, KcsRow>;

struct ParsedRow {
  int64_t line = 0;
  std::string raw;  // kept for quarantine (cut at the reader's limit)
  int64_t raw_size = 0;
  std::string field;
  std::string reason;  // non-empty: rejected by the parse stage, `record` is empty
  Fingerprint fingerprint = 0;
  ParsedRecord record;
};

// Fingerprints of the records a KCS row yields besides its declaration.
Fingerprint DerivedFingerprint(Fingerprint row, char tag);

class RowParser {
 public:
  // Reads the header; `kind()` names the file kind once it is recognised.
  RowParser(const CsvRecord& header, InputFormat format);

  const absl::Status& header_status() const { return header_status_; }
  const std::string& kind() const { return kind_; }
  void Parse(const CsvRecord& record, ParsedRow* out) const;

 private:
  template <typename T>
  void ParseNative(const CsvRecord& record, ParsedRow* out) const;
  void ParseKcs(const CsvRecord& record, ParsedRow* out) const;
  std::string ShapeError(const CsvRecord& record) const;

  InputFormat format_;
  absl::Status header_status_;
  int64_t header_line_ = 0;
  std::string kind_ = "unknown";
  HeaderMapping mapping_;  // native format
  KcsAdapter kcs_;         // KCS format
  std::vector<size_t> kcs_columns_;
  size_t fields_ = 0;  // fields every row must have
};

}  // namespace aduana
