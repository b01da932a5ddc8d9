#include "store/sqlite_db.h"

#include <utility>

namespace aduana::sqlite {

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindTextOrNull(int index, std::string_view text) {
  if (text.empty()) return BindNull(index);
  return Bind(index, text);
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::optional<int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, std::optional<double> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

absl::Status Statement::Error(int rc) const {
  std::string message = std::string(sqlite3_errstr(rc)) + ": " + sqlite3_errmsg(db_);
  if ((rc & 0xFF) == SQLITE_CONSTRAINT) return absl::FailedPreconditionError(message);
  if ((rc & 0xFF) == SQLITE_BUSY) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

absl::Status Statement::Run() {
  last_result_ = sqlite3_step(stmt_);
  while (last_result_ == SQLITE_ROW) last_result_ = sqlite3_step(stmt_);
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (last_result_ != SQLITE_DONE) return Error(last_result_);
  return absl::OkStatus();
}

absl::StatusOr<bool> Statement::Step() {
  last_result_ = sqlite3_step(stmt_);
  if (last_result_ == SQLITE_ROW) return true;
  Reset();
  if (last_result_ != SQLITE_DONE) return Error(last_result_);
  return false;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::Double(int col) const { return sqlite3_column_double(stmt_, col); }

std::string_view Statement::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string_view Statement::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) return {};
  return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

StatementLease::StatementLease(StatementLease&& other) noexcept
    : own_(std::move(other.own_)),
      statement_(std::exchange(other.statement_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)) {}

StatementLease::~StatementLease() {
  if (statement_ == nullptr) return;
  statement_->Reset();
  if (in_use_ != nullptr) *in_use_ = false;
}

Database::~Database() {
  cache_.clear();
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

absl::Status Database::Open(const std::string& path) {
  path_ = path;
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return absl::UnavailableError("cannot open store " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10'000);
  return absl::OkStatus();
}

absl::Status Database::Exec(std::string_view sql) {
  char* error = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return absl::InternalError("store " + path_ + ": " + message);
  }
  return absl::OkStatus();
}

absl::StatusOr<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) {
    return absl::InternalError("cannot prepare '" + std::string(sql.substr(0, 60)) + "': " + sqlite3_errmsg(db_));
  }
  return Statement(db_, stmt);
}

absl::StatusOr<StatementLease> Database::Cached(std::string_view sql) {
  auto found = cache_.find(absl::string_view(sql.data(), sql.size()));
  if (found == cache_.end()) {
    absl::StatusOr<Statement> prepared = Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    found = cache_.emplace(std::string(sql), std::make_unique<CachedStatement>(CachedStatement{*std::move(prepared)}))
                .first;
  }
  CachedStatement& entry = *found->second;
  if (entry.in_use) {
    absl::StatusOr<Statement> own = Prepare(sql);
    if (!own.ok()) return own.status();
    return StatementLease(*std::move(own));
  }
  entry.in_use = true;
  return StatementLease(&entry.statement, &entry.in_use);
}

absl::Status Database::RunCached(std::string_view sql) {
  absl::StatusOr<StatementLease> statement = Cached(sql);
  if (!statement.ok()) return statement.status();
  return (*statement)->Run();
}

int64_t Database::Changes() const { return sqlite3_changes64(db_); }

}  // namespace aduana::sqlite
