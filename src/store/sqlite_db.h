// Thin RAII wrapper over the SQLite C API: a connection and prepared statements, with errors turned into
// absl::Status. Private to the store module: no SQLite type appears in store.h.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aduana::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based, as in SQLite. Each returns *this so calls chain. Text is not copied: it must stay
  // valid until the statement has run (Run, or the last Step), so never bind a temporary.
  Statement& Bind(int index, std::string_view text);
  Statement& BindTextOrNull(int index, std::string_view text);  // "" -> NULL
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::optional<int64_t> value);
  Statement& Bind(int index, std::optional<double> value);
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);  // not copied either

  // Runs to completion (INSERT, UPDATE, ...). Resets the statement afterwards.
  absl::Status Run();
  // Steps once: true while a row is available; false when done (and then resets).
  absl::StatusOr<bool> Step();
  void Reset();

  int ColumnCount() const;
  bool IsNull(int col) const;
  int64_t Int(int col) const;
  double Double(int col) const;
  std::string_view Text(int col) const;
  std::string_view Blob(int col) const;

  int last_result() const { return last_result_; }

 private:
  absl::Status Error(int rc) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int last_result_ = SQLITE_OK;
};

// A statement borrowed from a connection's cache for one use: reset (bindings cleared, read transaction
// ended) when the lease ends. A statement already out on lease (a nested use of the same SQL) is not shared:
// the second lease gets its own, prepared for it.
class StatementLease {
 public:
  StatementLease(Statement* cached, bool* in_use) : statement_(cached), in_use_(in_use) {}
  explicit StatementLease(Statement own) : own_(std::make_unique<Statement>(std::move(own))), statement_(own_.get()) {}
  StatementLease(StatementLease&& other) noexcept;
  StatementLease& operator=(StatementLease&&) = delete;
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  ~StatementLease();

  Statement& operator*() const { return *statement_; }
  Statement* operator->() const { return statement_; }

 private:
  std::unique_ptr<Statement> own_;
  Statement* statement_ = nullptr;
  bool* in_use_ = nullptr;
};

class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  absl::Status Open(const std::string& path);
  absl::Status Exec(std::string_view sql);
  absl::StatusOr<Statement> Prepare(std::string_view sql);
  // The statement for `sql`, prepared on first use and kept for the connection's life: for the statements of
  // the request path, where preparing (parsing and planning the SQL) would cost more than running.
  absl::StatusOr<StatementLease> Cached(std::string_view sql);
  // Runs one statement of no parameters (BEGIN, COMMIT, SAVEPOINT ...) through the cache.
  absl::Status RunCached(std::string_view sql);
  int64_t Changes() const;
  sqlite3* handle() const { return db_; }

 private:
  struct CachedStatement {
    Statement statement;
    bool in_use = false;
  };

  // Declared before db_'s destructor runs: statements are finalized before the connection closes.
  absl::flat_hash_map<std::string, std::unique_ptr<CachedStatement>> cache_;
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace aduana::sqlite
