// Synthetic trade generator: writes every file of the data contract (docs/data-formats.md) with planted,
// documented fraud mechanisms and their ground truth (docs/generator.md). Deterministic per seed.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "core/time.h"

namespace aduana {

struct GeneratorOptions {
  std::string out_dir;
  int64_t declarations = 10'000;
  uint64_t seed = 1;
  EpochDay first_day = 19'723;  // 2024-01-01
  int days = 365;
  // Share of rows written deliberately malformed (bad codes, impossible values), as real feeds have them.
  double malformed_rate = 0.0005;
};

struct GeneratorSummary {
  std::map<std::string, int64_t> rows_per_file;  // file name -> data rows written
};

absl::StatusOr<GeneratorSummary> GenerateDataset(const GeneratorOptions& options);

}  // namespace aduana
