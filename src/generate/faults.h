// Deliberately malformed rows, as real feeds have them: one bad field per row (an unknown country code, a
// negative mass, an impossible date, a 5-digit HS code, ...), varied by file, logged with file and line.
#pragma once

#include "generate/random.h"
#include "generate/rows.h"
#include "generate/table.h"

namespace aduana::gen {

class FaultInjector {
 public:
  FaultInjector(double rate, uint64_t seed) : rate_(rate), rng_(seed) {}

  // With probability `rate`, corrupts one field of the next row of `table`; returns whether it did.
  bool MaybeCorrupt(EntityKind kind, Table& table);

 private:
  double rate_;
  Rng rng_;
};

}  // namespace aduana::gen
