#include "ingest/ingester.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/status_macros.h"
#include "ingest/csv_reader.h"
#include "ingest/discrepancies.h"
#include "ingest/entity_schema.h"
#include "ingest/field_cursor.h"
#include "ingest/kcs_adapter.h"
#include "ingest/record_parsers.h"
#include "ingest/row_writer.h"

namespace aduana {
namespace {

namespace fs = std::filesystem;

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

bool IsBlank(const CsvRecord& record) { return record.fields.size() == 1 && record.fields[0].empty() && record.error.empty(); }

// The next record that is not a blank line (blank lines are ignored anywhere, also before the header).
bool NextNonBlank(CsvReader& reader, CsvRecord* record) {
  while (reader.Next(record)) {
    if (!IsBlank(*record)) return true;
  }
  return false;
}

struct PlannedFile {
  std::string path;
  int rank = kEntityKinds;  // dependency order; unknown kinds last
};

// Reads just the header of each file to order them by dependency.
std::vector<PlannedFile> PlanFiles(const std::vector<std::string>& files, InputFormat format) {
  std::vector<PlannedFile> plan;
  for (const std::string& path : files) {
    PlannedFile file{path};
    if (format == InputFormat::kNative) {
      CsvReader reader;
      CsvRecord header;
      if (reader.Open(path).ok() && NextNonBlank(reader, &header) && header.error.empty()) {
        auto mapping = RecognizeHeader(header.fields);
        if (mapping.ok()) file.rank = static_cast<int>(mapping->schema->kind);
      }
    }
    plan.push_back(file);
  }
  std::stable_sort(plan.begin(), plan.end(), [](const PlannedFile& a, const PlannedFile& b) {
    return a.rank < b.rank;
  });
  return plan;
}

class IngestRun {
 public:
  IngestRun(Store& store, const IngestOptions& options, int64_t run_id)
      : store_(store), options_(options), writer_(store), run_id_(run_id) {}

  absl::Status IngestFile(const std::string& path, int64_t bytes_before, int64_t bytes_total,
                          FileIngestSummary* summary);
  absl::Status CheckDiscrepancies(IngestSummary* summary);
  absl::Status Finish() { return in_transaction_ ? store_.Commit() : absl::OkStatus(); }

 private:
  absl::Status CountRow();  // commits every rows_per_transaction rows
  absl::Status Reject(const CsvRecord& record, std::string_view entity, std::string_view field, std::string reason,
                      FileIngestSummary* summary);
  absl::Status Record(const absl::StatusOr<RowResult>& result, const CsvRecord& record, std::string_view entity,
                      FileIngestSummary* summary);
  template <typename T>
  absl::Status IngestNative(const CsvRecord& record, const HeaderMapping& mapping, FileIngestSummary* summary);
  absl::Status IngestKcs(const CsvRecord& record, const KcsAdapter& adapter, FileIngestSummary* summary);
  absl::Status IngestRecord(const CsvRecord& record, const HeaderMapping& mapping, FileIngestSummary* summary);

  Store& store_;
  const IngestOptions& options_;
  RowWriter writer_;
  int64_t run_id_;
  std::string file_;
  bool in_transaction_ = false;
  int64_t rows_in_transaction_ = 0;
};

absl::Status IngestRun::CountRow() {
  if (!in_transaction_) {
    ADUANA_RETURN_IF_ERROR(store_.Begin());
    in_transaction_ = true;
  }
  if (++rows_in_transaction_ >= options_.rows_per_transaction) {
    ADUANA_RETURN_IF_ERROR(store_.Commit());
    in_transaction_ = false;
    rows_in_transaction_ = 0;
  }
  return absl::OkStatus();
}

absl::Status IngestRun::Reject(const CsvRecord& record, std::string_view entity, std::string_view field,
                               std::string reason, FileIngestSummary* summary) {
  ++summary->rejected;
  if (!in_transaction_) {
    ADUANA_RETURN_IF_ERROR(store_.Begin());
    in_transaction_ = true;
  }
  QuarantinedRow row{run_id_,         file_,          record.line,           std::string(entity),
                     std::string(field), std::move(reason), std::string(record.raw), record.raw_size};
  ADUANA_RETURN_IF_ERROR(store_.Quarantine(row));
  return CountRow();
}

absl::Status IngestRun::Record(const absl::StatusOr<RowResult>& result, const CsvRecord& record,
                               std::string_view entity, FileIngestSummary* summary) {
  if (!result.ok()) return result.status();
  switch (result->fate) {
    case RowFate::kAccepted: ++summary->accepted; break;
    case RowFate::kUnchanged: ++summary->unchanged; break;
    case RowFate::kRejected: return Reject(record, entity, result->field, result->reason, summary);
  }
  return CountRow();
}

template <typename T>
absl::Status IngestRun::IngestNative(const CsvRecord& record, const HeaderMapping& mapping,
                                     FileIngestSummary* summary) {
  FieldCursor cursor(record, mapping);
  T parsed;
  ReadRecord(cursor, &parsed);
  if (!cursor.ok()) return Reject(record, summary->kind, cursor.failed_field(), cursor.reason(), summary);
  if (!in_transaction_) {
    ADUANA_RETURN_IF_ERROR(store_.Begin());
    in_transaction_ = true;
  }
  Fingerprint fp = FingerprintOf(record, mapping.position_of_column, 'n');
  return Record(writer_.Write(parsed, fp), record, summary->kind, summary);
}

absl::Status IngestRun::IngestRecord(const CsvRecord& record, const HeaderMapping& mapping,
                                     FileIngestSummary* summary) {
  switch (mapping.schema->kind) {
    case EntityKind::kCompany: return IngestNative<Company>(record, mapping, summary);
    case EntityKind::kTransportDocument: return IngestNative<TransportDocument>(record, mapping, summary);
    case EntityKind::kDeclaration: return IngestNative<Declaration>(record, mapping, summary);
    case EntityKind::kGoodsItem: return IngestNative<GoodsItem>(record, mapping, summary);
    case EntityKind::kInspectionOutcome: return IngestNative<InspectionOutcome>(record, mapping, summary);
    case EntityKind::kAuditOutcome: return IngestNative<AuditOutcome>(record, mapping, summary);
    case EntityKind::kRoute: return IngestNative<Route>(record, mapping, summary);
    case EntityKind::kStopZone: return IngestNative<StopZone>(record, mapping, summary);
    case EntityKind::kTransit: return IngestNative<Transit>(record, mapping, summary);
    case EntityKind::kTrackingEvent: return IngestNative<TrackingEvent>(record, mapping, summary);
  }
  return absl::InternalError("unknown entity kind");
}

absl::Status IngestRun::IngestKcs(const CsvRecord& record, const KcsAdapter& adapter, FileIngestSummary* summary) {
  KcsRow row;
  std::string field, reason;
  if (!adapter.Convert(record, &row, &field, &reason)) return Reject(record, "kcs", field, reason, summary);
  if (!in_transaction_) {
    ADUANA_RETURN_IF_ERROR(store_.Begin());
    in_transaction_ = true;
  }
  std::vector<size_t> all(record.fields.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  for (const Company& party : row.parties) {
    ADUANA_RETURN_IF_ERROR(writer_.EnsureParty(party, XXH3_64bits(party.company_id.data(), party.company_id.size())));
  }
  // The row is one record: its declaration decides whether it is accepted, unchanged or rejected.
  auto declared = writer_.Write(row.declaration, FingerprintOf(record, all, 'd'));
  if (!declared.ok()) return declared.status();
  if (declared->fate == RowFate::kRejected) return Record(declared, record, "kcs", summary);
  ADUANA_RETURN_IF_ERROR(writer_.Write(row.item, FingerprintOf(record, all, 'i')).status());
  if (row.outcome) ADUANA_RETURN_IF_ERROR(writer_.Write(*row.outcome, FingerprintOf(record, all, 'o')).status());
  return Record(declared, record, "kcs", summary);
}

// What the header says about the file: its kind and column positions, or why it cannot be read.
struct FileShape {
  absl::Status header_status;
  int64_t header_line = 0;
  HeaderMapping mapping;  // native format
  KcsAdapter kcs;         // KCS format
  size_t fields = 0;      // fields every row must have
};

FileShape ReadShape(const CsvRecord& header, InputFormat format, std::string* kind) {
  FileShape shape;
  shape.header_line = header.line;
  if (!header.error.empty()) {
    shape.header_status = absl::InvalidArgumentError("wrong header: " + header.error);
  } else if (format == InputFormat::kKcs) {
    shape.header_status = shape.kcs.ReadHeader(header.fields);
    shape.fields = header.fields.size();
    if (shape.header_status.ok()) *kind = "kcs";
  } else {
    auto recognized = RecognizeHeader(header.fields);
    shape.header_status = recognized.status();
    if (recognized.ok()) {
      shape.mapping = *std::move(recognized);
      shape.fields = shape.mapping.header_fields;
      *kind = shape.mapping.schema->name;
    }
  }
  return shape;
}

// Why a record cannot be read as a row of the file at all, or "" when it can.
std::string RowShapeError(const CsvRecord& record, const FileShape& shape) {
  if (!shape.header_status.ok()) {
    return "file not read: its header is wrong (line " + std::to_string(shape.header_line) + ")";
  }
  if (!record.error.empty()) return "malformed CSV: " + record.error;
  if (record.fields.size() != shape.fields) {
    return "wrong number of fields: expected " + std::to_string(shape.fields) + ", found " +
           std::to_string(record.fields.size()) + (record.fields.size() < shape.fields ? " (truncated row?)" : "");
  }
  return "";
}

absl::Status IngestRun::IngestFile(const std::string& path, int64_t bytes_before, int64_t bytes_total,
                                   FileIngestSummary* summary) {
  file_ = fs::absolute(path).lexically_normal().string();
  store_.SetProvenance(run_id_, fs::path(path).filename().string());
  summary->file = path;
  summary->kind = "unknown";
  CsvReader reader;
  ADUANA_RETURN_IF_ERROR(reader.Open(path));
  CsvRecord record;
  if (!NextNonBlank(reader, &record)) return reader.status();  // empty file: nothing to do
  FileShape shape = ReadShape(record, options_.format, &summary->kind);
  if (!shape.header_status.ok()) {
    ADUANA_RETURN_IF_ERROR(Reject(record, "", "", std::string(shape.header_status.message()), summary));
  }
  std::string_view entity = shape.header_status.ok() ? std::string_view(summary->kind) : std::string_view();
  int64_t next_progress = 0;
  while (reader.Next(&record)) {
    if (IsBlank(record)) continue;
    ++summary->rows;
    if (std::string why = RowShapeError(record, shape); !why.empty()) {
      ADUANA_RETURN_IF_ERROR(Reject(record, entity, "", std::move(why), summary));
    } else if (options_.format == InputFormat::kKcs) {
      ADUANA_RETURN_IF_ERROR(IngestKcs(record, shape.kcs, summary));
    } else {
      ADUANA_RETURN_IF_ERROR(IngestRecord(record, shape.mapping, summary));
    }
    if (options_.on_progress && reader.bytes_read() >= next_progress) {
      options_.on_progress(bytes_before + reader.bytes_read(), bytes_total);
      next_progress = reader.bytes_read() + (4 << 20);
    }
  }
  return reader.status();
}

absl::Status IngestRun::CheckDiscrepancies(IngestSummary* summary) {
  std::vector<std::string>& ids = writer_.touched_declarations();
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return absl::OkStatus();
  if (!in_transaction_) {
    ADUANA_RETURN_IF_ERROR(store_.Begin());
    in_transaction_ = true;
  }
  auto find = [](const DeclarationBundle& bundle) { return FindDiscrepancies(bundle); };
  ADUANA_ASSIGN_OR_RETURN(Store::DiscrepancyPass pass, store_.RecordDiscrepancies(ids, find));
  summary->declarations_checked = pass.declarations_checked;
  summary->discrepancies = pass.discrepancies;
  return absl::OkStatus();
}

}  // namespace

int64_t IngestSummary::accepted() const {
  int64_t n = 0;
  for (const auto& f : files) n += f.accepted;
  return n;
}
int64_t IngestSummary::unchanged() const {
  int64_t n = 0;
  for (const auto& f : files) n += f.unchanged;
  return n;
}
int64_t IngestSummary::rejected() const {
  int64_t n = 0;
  for (const auto& f : files) n += f.rejected;
  return n;
}

absl::StatusOr<std::vector<std::string>> ExpandInputPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> in_dir;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".csv") in_dir.push_back(entry.path().string());
      }
      if (ec) return absl::NotFoundError("cannot list " + path + ": " + ec.message());
      std::sort(in_dir.begin(), in_dir.end());
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      return absl::NotFoundError("no such file or directory: " + path);
    }
  }
  return files;
}

absl::StatusOr<IngestSummary> Ingest(Store& store, const std::vector<std::string>& paths,
                                     const IngestOptions& options) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<std::string> files, ExpandInputPaths(paths));
  std::vector<PlannedFile> plan = PlanFiles(files, options.format);
  int64_t bytes_total = 0;
  for (const PlannedFile& f : plan) {
    std::error_code ec;
    bytes_total += static_cast<int64_t>(fs::file_size(f.path, ec));
  }
  std::string description = options.format == InputFormat::kKcs ? "ingest --format kcs" : "ingest";
  for (const PlannedFile& f : plan) description += " " + f.path;
  IngestSummary summary;
  ADUANA_ASSIGN_OR_RETURN(summary.run_id, store.BeginIngestRun(description));
  IngestRun run(store, options, summary.run_id);
  auto started = std::chrono::steady_clock::now();
  int64_t bytes_before = 0;
  for (const PlannedFile& f : plan) {
    summary.files.emplace_back();
    ADUANA_RETURN_IF_ERROR(run.IngestFile(f.path, bytes_before, bytes_total, &summary.files.back()));
    std::error_code ec;
    bytes_before += static_cast<int64_t>(fs::file_size(f.path, ec));
  }
  auto loaded = std::chrono::steady_clock::now();
  summary.load_seconds = std::chrono::duration<double>(loaded - started).count();
  ADUANA_RETURN_IF_ERROR(run.CheckDiscrepancies(&summary));
  summary.integration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loaded).count();
  ADUANA_RETURN_IF_ERROR(run.Finish());
  if (options.on_progress) options.on_progress(bytes_total, bytes_total);
  IngestRunSummary totals{summary.accepted(), summary.unchanged(), summary.rejected()};
  ADUANA_RETURN_IF_ERROR(store.FinishIngestRun(summary.run_id, totals));
  return summary;
}

}  // namespace aduana
