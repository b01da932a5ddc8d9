#include "ingest/ingester.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/status_macros.h"
#include "ingest/batch_queue.h"
#include "ingest/csv_reader.h"
#include "ingest/discrepancies.h"
#include "ingest/entity_schema.h"
#include "ingest/row_parser.h"
#include "ingest/row_writer.h"

namespace aduana {
namespace {

namespace fs = std::filesystem;

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
  struct Batch {
    std::vector<ParsedRow> rows;
    int64_t bytes_read = 0;  // reader position after the batch, for progress
  };

  absl::Status EnsureTransaction();
  absl::Status CountRow();  // commits every rows_per_transaction rows
  absl::Status Reject(const ParsedRow& row, std::string_view field, std::string reason);
  absl::Status Record(const absl::StatusOr<RowResult>& result, const ParsedRow& row);
  absl::Status Apply(const ParsedRow& row);
  absl::Status StoreKcs(const KcsRow& kcs, const ParsedRow& row);
  // Consumes batches until the producer closes the queue; on an error, closes it so the producer stops.
  absl::Status StoreBatches(BoundedQueue<Batch>& queue, int64_t bytes_before, int64_t bytes_total);

  Store& store_;
  const IngestOptions& options_;
  RowWriter writer_;
  int64_t run_id_;
  std::string file_;
  std::string entity_;
  FileIngestSummary* summary_ = nullptr;
  bool in_transaction_ = false;
  int64_t rows_in_transaction_ = 0;
};

absl::Status IngestRun::EnsureTransaction() {
  if (in_transaction_) return absl::OkStatus();
  ADUANA_RETURN_IF_ERROR(store_.Begin());
  in_transaction_ = true;
  return absl::OkStatus();
}

absl::Status IngestRun::CountRow() {
  if (++rows_in_transaction_ >= options_.rows_per_transaction) {
    ADUANA_RETURN_IF_ERROR(store_.Commit());
    in_transaction_ = false;
    rows_in_transaction_ = 0;
  }
  return absl::OkStatus();
}

absl::Status IngestRun::Reject(const ParsedRow& row, std::string_view field, std::string reason) {
  ++summary_->rejected;
  ADUANA_RETURN_IF_ERROR(EnsureTransaction());
  QuarantinedRow quarantined{run_id_,           file_,           row.line, entity_, std::string(field),
                             std::move(reason), row.raw, row.raw_size};
  ADUANA_RETURN_IF_ERROR(store_.Quarantine(quarantined));
  return CountRow();
}

absl::Status IngestRun::Record(const absl::StatusOr<RowResult>& result, const ParsedRow& row) {
  if (!result.ok()) return result.status();
  switch (result->fate) {
    case RowFate::kAccepted: ++summary_->accepted; break;
    case RowFate::kUnchanged: ++summary_->unchanged; break;
    case RowFate::kRejected: return Reject(row, result->field, result->reason);
  }
  return CountRow();
}

absl::Status IngestRun::StoreKcs(const KcsRow& kcs, const ParsedRow& row) {
  for (const Company& party : kcs.parties) {
    ADUANA_RETURN_IF_ERROR(writer_.EnsureParty(party, XXH3_64bits(party.company_id.data(), party.company_id.size())));
  }
  // The row is one record: its declaration decides whether it is accepted, unchanged or rejected.
  auto declared = writer_.Write(kcs.declaration, row.fingerprint);
  if (!declared.ok() || declared->fate == RowFate::kRejected) return Record(declared, row);
  ADUANA_RETURN_IF_ERROR(writer_.Write(kcs.item, DerivedFingerprint(row.fingerprint, 'i')).status());
  if (kcs.outcome) {
    ADUANA_RETURN_IF_ERROR(writer_.Write(*kcs.outcome, DerivedFingerprint(row.fingerprint, 'o')).status());
  }
  return Record(declared, row);
}

absl::Status IngestRun::Apply(const ParsedRow& row) {
  if (!row.reason.empty()) return Reject(row, row.field, row.reason);
  ADUANA_RETURN_IF_ERROR(EnsureTransaction());
  return std::visit(
      [&](const auto& record) -> absl::Status {
        using T = std::decay_t<decltype(record)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return absl::InternalError("parsed row without a record or a reason");
        } else if constexpr (std::is_same_v<T, KcsRow>) {
          return StoreKcs(record, row);
        } else {
          return Record(writer_.Write(record, row.fingerprint), row);
        }
      },
      row.record);
}

absl::Status IngestRun::StoreBatches(BoundedQueue<Batch>& queue, int64_t bytes_before, int64_t bytes_total) {
  int64_t next_progress = 0;
  while (std::optional<Batch> batch = queue.Pop()) {
    for (const ParsedRow& row : batch->rows) {
      ++summary_->rows;
      if (absl::Status s = Apply(row); !s.ok()) {
        queue.Close();
        return s;
      }
    }
    if (options_.on_progress && batch->bytes_read >= next_progress) {
      options_.on_progress(bytes_before + batch->bytes_read, bytes_total);
      next_progress = batch->bytes_read + (4 << 20);
    }
  }
  return absl::OkStatus();
}

absl::Status IngestRun::IngestFile(const std::string& path, int64_t bytes_before, int64_t bytes_total,
                                   FileIngestSummary* summary) {
  file_ = fs::absolute(path).lexically_normal().string();
  store_.SetProvenance(run_id_, fs::path(path).filename().string());
  summary_ = summary;
  summary->file = path;
  CsvReader reader;
  ADUANA_RETURN_IF_ERROR(reader.Open(path));
  CsvRecord record;
  if (!NextNonBlank(reader, &record)) return reader.status();  // empty file: nothing to do
  RowParser parser(record, options_.format);
  summary->kind = parser.kind();
  entity_ = parser.header_status().ok() ? parser.kind() : "";
  if (!parser.header_status().ok()) {
    ParsedRow header;
    header.line = record.line;
    header.raw.assign(record.raw);
    header.raw_size = record.raw_size;
    ADUANA_RETURN_IF_ERROR(Reject(header, "", std::string(parser.header_status().message())));
  }
  // The parse stage runs on its own thread, a few batches ahead of the store stage on this one.
  constexpr size_t kBatchRows = 1024;
  BoundedQueue<Batch> queue(4);
  std::thread parse_stage([&] {
    Batch batch;
    CsvRecord row;
    while (reader.Next(&row)) {
      if (IsBlank(row)) continue;
      parser.Parse(row, &batch.rows.emplace_back());
      if (batch.rows.size() == kBatchRows) {
        batch.bytes_read = reader.bytes_read();
        if (!queue.Push(std::exchange(batch, Batch{}))) return;
      }
    }
    batch.bytes_read = reader.bytes_read();
    if (!batch.rows.empty()) queue.Push(std::move(batch));
    queue.Close();
  });
  absl::Status stored = StoreBatches(queue, bytes_before, bytes_total);
  parse_stage.join();
  ADUANA_RETURN_IF_ERROR(stored);
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
