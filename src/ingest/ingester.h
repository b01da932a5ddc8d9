// The ingest pipeline: reads files (or every .csv in a directory) in dependency order, streams their rows
// through validation into the store in transactions, quarantines what it rejects, and records document
// discrepancies for every declaration it touched. Running it twice changes nothing. Parsing and validation
// run on a second thread, a few batches ahead of the store writes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/row_parser.h"
#include "store/store.h"

namespace aduana {

struct IngestOptions {
  InputFormat format = InputFormat::kNative;
  int64_t rows_per_transaction = 20'000;
  // Called now and then with bytes read and bytes in all files (a progress bar); may be empty.
  std::function<void(int64_t done, int64_t total)> on_progress;
};

struct FileIngestSummary {
  std::string file;
  std::string kind;  // entity name, "kcs", or "unknown"
  int64_t rows = 0;
  int64_t accepted = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
};

struct IngestSummary {
  int64_t run_id = 0;
  std::vector<FileIngestSummary> files;
  int64_t declarations_checked = 0;  // for discrepancies
  int64_t discrepancies = 0;
  double load_seconds = 0;         // reading, validating and storing rows
  double integration_seconds = 0;  // the discrepancy pass
  int64_t accepted() const;
  int64_t unchanged() const;
  int64_t rejected() const;
};

absl::StatusOr<IngestSummary> Ingest(Store& store, const std::vector<std::string>& paths,
                                     const IngestOptions& options);

// Expands directories into their *.csv files (not recursive), sorted by name; files are kept as given.
absl::StatusOr<std::vector<std::string>> ExpandInputPaths(const std::vector<std::string>& paths);

}  // namespace aduana
