// The statement cache of a connection: one prepared statement per SQL text, reset when its lease ends, and a
// nested use of the same SQL getting a statement of its own rather than disturbing the one in use.
#include "store/sqlite_db.h"

#include <string>

#include "gtest/gtest.h"

namespace aduana::sqlite {
namespace {

class CachedStatementTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.Open(":memory:").ok());
    ASSERT_TRUE(db_.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT); "
                         "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');").ok());
  }
  Database db_;
};

constexpr const char* kByKey = "SELECT v FROM t WHERE k >= ? ORDER BY k";

TEST_F(CachedStatementTest, ReusesTheStatementAndStartsEachLeaseFresh) {
  sqlite3_stmt* first = nullptr;
  {
    absl::StatusOr<StatementLease> q = db_.Cached(kByKey);
    ASSERT_TRUE(q.ok()) << q.status();
    (*q)->Bind(1, int64_t{2});
    absl::StatusOr<bool> row = (*q)->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*q)->Text(0), "two");
    first = sqlite3_next_stmt(db_.handle(), nullptr);
    // Left mid-result: the lease's end must reset it, bindings included.
  }
  absl::StatusOr<StatementLease> again = db_.Cached(kByKey);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(sqlite3_next_stmt(db_.handle(), nullptr), first) << "the same prepared statement, not a new one";
  EXPECT_FALSE(sqlite3_stmt_busy(first));
  (*again)->Bind(1, int64_t{1});
  absl::StatusOr<bool> row = (*again)->Step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ((*again)->Text(0), "one");
}

TEST_F(CachedStatementTest, ANestedUseOfTheSameSqlGetsItsOwnStatement) {
  absl::StatusOr<StatementLease> outer = db_.Cached(kByKey);
  ASSERT_TRUE(outer.ok());
  (*outer)->Bind(1, int64_t{1});
  std::string seen;
  while (true) {
    absl::StatusOr<bool> row = (*outer)->Step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    seen += std::string((*outer)->Text(0)) + ":";
    absl::StatusOr<StatementLease> inner = db_.Cached(kByKey);  // while the outer one is still stepping
    ASSERT_TRUE(inner.ok());
    (*inner)->Bind(1, int64_t{3});
    absl::StatusOr<bool> inner_row = (*inner)->Step();
    ASSERT_TRUE(inner_row.ok() && *inner_row);
    seen += std::string((*inner)->Text(0)) + " ";
  }
  EXPECT_EQ(seen, "one:three two:three three:three ");
}

TEST_F(CachedStatementTest, RunCachedReportsErrorsAndKeepsWorking) {
  EXPECT_FALSE(db_.RunCached("INSERT INTO t VALUES (1, 'again')").ok()) << "a primary key conflict";
  EXPECT_FALSE(db_.RunCached("SELECT nonsense FROM nowhere").ok()) << "SQL that does not prepare";
  ASSERT_TRUE(db_.RunCached("BEGIN").ok());
  ASSERT_TRUE(db_.RunCached("INSERT INTO t VALUES (4, 'four')").ok());
  ASSERT_TRUE(db_.RunCached("ROLLBACK").ok());
  absl::StatusOr<StatementLease> q = db_.Cached("SELECT count(*) FROM t");
  ASSERT_TRUE(q.ok());
  absl::StatusOr<bool> row = (*q)->Step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ((*q)->Int(0), 3);
}

}  // namespace
}  // namespace aduana::sqlite
