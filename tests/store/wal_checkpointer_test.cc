// The checkpointer copies a writer's log into the database file on its own thread: rows committed in a log
// too small for SQLite's automatic checkpoint reach the database file all the same.
#include "store/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "../testing/temp_dir.h"
#include "store/sqlite_store.h"

namespace aduana {
namespace {

// Companies readable from the database file alone (a copy without its log): what checkpoints have copied.
int64_t CompaniesInDatabaseFile(const testing::TempDir& dir) {
  std::filesystem::copy_file(dir.File("store.db"), dir.File("copy.db"),
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(dir.File("copy.db-wal"));
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(dir.File("copy.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* count = nullptr;
  int64_t companies = 0;  // no table yet: the schema itself is still only in the log
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM companies", -1, &count, nullptr) == SQLITE_OK &&
      sqlite3_step(count) == SQLITE_ROW) {
    companies = sqlite3_column_int64(count, 0);
  }
  sqlite3_finalize(count);
  sqlite3_close(db);
  return companies;
}

void AddCompanies(Store& store, int n) {
  ASSERT_TRUE(store.Begin().ok());
  for (int i = 0; i < n; ++i) {
    Company c;
    c.company_id = "C" + std::to_string(i);
    c.name = "Company number " + std::to_string(i) + " of the checkpoint test";
    c.country = "MX";
    ASSERT_EQ(*store.Put(c, static_cast<Fingerprint>(i + 1)), PutResult::kInserted);
  }
  ASSERT_TRUE(store.Commit().ok());
}

TEST(WalCheckpointer, CopiesTheLogIntoTheDatabaseFile) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("store.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  AddCompanies(**store, 3000);
  ASSERT_EQ(CompaniesInDatabaseFile(dir), 0) << "the commit checkpointed by itself";

  auto checkpointer = WalCheckpointer::Start(dir.File("store.db"), std::chrono::milliseconds(5));
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  // Waits (at most a minute, on a loaded machine) for a checkpoint that copied the whole log.
  WalCheckpointer::Stats stats;
  for (int i = 0; i < 12'000; ++i) {
    stats = (*checkpointer)->stats();
    if (stats.log_frames > 0 && stats.backfilled == stats.log_frames) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(stats.checkpoints, 0);
  EXPECT_EQ(stats.failures, 0) << stats.last_error;
  ASSERT_GT(stats.log_frames, 0);
  EXPECT_EQ(stats.backfilled, stats.log_frames);
  EXPECT_EQ(CompaniesInDatabaseFile(dir), 3000);
}

TEST(WalCheckpointer, StopsWithALastCheckpoint) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("store.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  {
    auto checkpointer = WalCheckpointer::Start(dir.File("store.db"), std::chrono::hours(1));
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
    AddCompanies(**store, 500);
    EXPECT_EQ(CompaniesInDatabaseFile(dir), 0);
  }  // stopped: its last checkpoint copies the log although the hour has not passed
  EXPECT_EQ(CompaniesInDatabaseFile(dir), 500);
}

}  // namespace
}  // namespace aduana
