// Schema migrations of the SQLite store. Each migration is applied once, in order, inside a transaction, and
// recorded in the schema_version table.
#pragma once

#include "absl/status/status.h"
#include "store/sqlite_db.h"

namespace aduana::sqlite {

int LatestSchemaVersion();
absl::Status Migrate(Database& db);

}  // namespace aduana::sqlite
