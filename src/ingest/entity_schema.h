// The kinds of record a native-format file can hold, their columns in contract order (docs/data-formats.md),
// and recognition of a file's kind from its header row.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace aduana {

enum class EntityKind {
  kCompany,
  kTransportDocument,
  kDeclaration,
  kGoodsItem,
  kInspectionOutcome,
  kAuditOutcome,
  kRoute,
  kStopZone,
  kTransit,
  kTrackingEvent,
};
constexpr int kEntityKinds = 10;

struct EntitySchema {
  EntityKind kind;
  std::string_view name;  // also the store table and the file name the generator uses
  std::vector<std::string_view> columns;
};

// In dependency order: a kind only references kinds before it.
const std::array<EntitySchema, kEntityKinds>& AllEntitySchemas();
const EntitySchema& SchemaOf(EntityKind kind);

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
