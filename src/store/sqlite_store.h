// The embedded store: SQLite in WAL mode with foreign keys on, schema migrations, prepared statements.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace aduana {

struct SqliteOptions {
  // Every commit is fsynced (synchronous=FULL): a committed transaction survives a power loss, not only a crash
  // of the process. The service's writer uses it, with group commit, so that a 2xx means "on disk".
  bool fsync_each_commit = false;
};

// Opens (creating and migrating if needed) the store at `path`.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const SqliteOptions& options = {});

}  // namespace aduana
