// Recognition of a native-format file's kind (core/contract.h) from its header row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/contract.h"

namespace aduana {

// Maps each schema column to its position in the file's header.
struct HeaderMapping {
  const EntitySchema* schema = nullptr;
  std::vector<size_t> position_of_column;
  size_t header_fields = 0;
};

// Recognises the kind from the header: it must hold exactly the columns of one schema (any order). Otherwise
// the error names the closest kind and the missing and unknown columns.
// "a, b, c": for column lists in messages.
std::string JoinNames(const std::vector<std::string_view>& names, std::string_view separator);

absl::StatusOr<HeaderMapping> RecognizeHeader(const std::vector<std::string_view>& header);

}  // namespace aduana
