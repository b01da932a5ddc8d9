// The data contract's file kinds and their columns in contract order (docs/data-formats.md). Ingest reads
// files of these kinds; the generator writes them.
#pragma once

#include <array>
#include <string_view>
#include <vector>

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
  std::string_view name;  // also the store table and the file name (name + ".csv") the generator writes
  std::vector<std::string_view> columns;
};

// In dependency order: a kind only references kinds before it.
const std::array<EntitySchema, kEntityKinds>& AllEntitySchemas();
const EntitySchema& SchemaOf(EntityKind kind);

}  // namespace aduana
