// Crash safety: an ingest killed with SIGKILL in the middle leaves no half-applied batch, and a re-run ends
// with exactly the rows a clean ingest gives.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "../testing/run_command.h"
#include "../testing/temp_dir.h"

namespace aduana {
namespace {

using testing::Aduana;
using testing::RunCommand;

// Rows of a table as "key|fingerprint" lines in key order (or whole rows for tables without fingerprints).
std::string TableContent(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);  // a failed open still allocates a handle
    return "cannot open";
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* text = sqlite3_column_text(stmt, i);
        out += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
        out += '|';
      }
      out += '\n';
    }
  } else {
    out = std::string("bad query: ") + sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

int64_t CountRows(const std::string& db_path, const std::string& table) {
  std::string content = TableContent(db_path, "SELECT count(*) FROM " + table);
  return content.empty() || !isdigit(content[0]) ? -1 : std::stoll(content);
}

const std::vector<std::string>& ComparedQueries() {
  static const std::vector<std::string> kQueries = {
      "SELECT company_id, fingerprint FROM companies ORDER BY 1",
      "SELECT company_id, person_id FROM company_directors ORDER BY 1, 2",
      "SELECT transport_document_id, fingerprint FROM transport_documents ORDER BY 1",
      "SELECT declaration_id, fingerprint FROM declarations ORDER BY 1",
      "SELECT declaration_id, item_number, fingerprint FROM goods_items ORDER BY 1, 2",
      "SELECT declaration_id, fingerprint FROM inspection_outcomes ORDER BY 1",
      "SELECT audit_id, fingerprint FROM audit_outcomes ORDER BY 1",
      "SELECT route_id, fingerprint FROM routes ORDER BY 1",
      "SELECT transit_id, fingerprint FROM transits ORDER BY 1",
      "SELECT device_id, event_time, event_type, fingerprint FROM tracking_events ORDER BY 1, 2, 3",
      "SELECT declaration_id, kind, declared, observed FROM discrepancies ORDER BY 1, 2",
      "SELECT file, line, field, reason FROM quarantine ORDER BY 1, 2",
  };
  return kQueries;
}

TEST(IngestCrash, KilledMidwayThenRerunGivesExactlyTheCleanResult) {
  testing::TempDir dir;
  std::string data = dir.File("data");
  auto generated = RunCommand(Aduana() + " generate --out " + data + " --declarations 30000 --seed 11");
  ASSERT_EQ(generated.exit_code, 0) << generated.output;

  std::string clean_db = dir.File("clean.db");
  auto clean = RunCommand(Aduana() + " ingest --db " + clean_db + " " + data);
  ASSERT_EQ(clean.exit_code, 0) << clean.output;

  std::string crash_db = dir.File("crash.db");
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::freopen("/dev/null", "w", stdout);
    ::execl(Aduana().c_str(), "aduana", "ingest", "--db", crash_db.c_str(), data.c_str(), nullptr);
    ::_exit(127);
  }
  // Kill once some goods items are committed: declarations are in, items are half-way.
  int64_t items_at_kill = 0;
  for (int i = 0; i < 60'000; ++i) {
    items_at_kill = CountRows(crash_db, "goods_items");
    if (items_at_kill > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "ingest finished before it could be killed: make the data set larger";

  int64_t clean_items = CountRows(clean_db, "goods_items");
  int64_t crash_items = CountRows(crash_db, "goods_items");
  EXPECT_GT(crash_items, 0);
  EXPECT_LT(crash_items, clean_items) << "the kill should have hit the middle of the ingest";

  auto rerun = RunCommand(Aduana() + " ingest --db " + crash_db + " " + data);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  for (const std::string& query : ComparedQueries()) {
    EXPECT_EQ(TableContent(crash_db, query), TableContent(clean_db, query)) << query;
  }
}

}  // namespace
}  // namespace aduana
