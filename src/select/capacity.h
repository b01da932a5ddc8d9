// Each customs office's daily control capacity: how many declarations a day it can send to physical inspection
// (red), documentary check (yellow) and post-clearance audit (blue), and how many declarations it usually
// receives a day. A change takes effect with the next decision.
#pragma once

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace aduana::select {

struct OfficeCapacity {
  int red = 0;                         // physical inspections a day
  int yellow = 0;                      // documentary checks a day
  int blue = 0;                        // releases queued for post-clearance audit a day
  double expected_declarations = 500;  // a day, until the office's own history says otherwise
};

class CapacityPlan {
 public:
  explicit CapacityPlan(OfficeCapacity default_capacity = {}) : default_(default_capacity) {}

  // Sets one office's capacity (replacing any earlier one).
  void Set(std::string_view office, const OfficeCapacity& capacity);
  // The office's capacity, or the default for an office without its own.
  const OfficeCapacity& Get(std::string_view office) const;
  void SetDefault(const OfficeCapacity& capacity) { default_ = capacity; }

 private:
  OfficeCapacity default_;
  absl::flat_hash_map<std::string, OfficeCapacity> offices_;
};

}  // namespace aduana::select
