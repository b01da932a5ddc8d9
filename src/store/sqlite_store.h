// The embedded store: SQLite in WAL mode with foreign keys on, schema migrations, prepared statements.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace aduana {

// Opens (creating and migrating if needed) the store at `path`.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace aduana
