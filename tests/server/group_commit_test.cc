// Group commit: concurrent writers' jobs share commits, each job's status reaches its own caller, and a failing
// job is undone alone (its savepoint) while the rest of its transaction commits.
#include "server/group_commit.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "../testing/temp_dir.h"
#include "store/sqlite_store.h"

namespace aduana::server {
namespace {

Company CompanyNamed(const std::string& id) {
  Company c;
  c.company_id = id;
  c.name = id;
  c.country = "MX";
  return c;
}

TEST(GroupCommitWriter, ConcurrentJobsShareCommitsAndAFailingJobIsUndoneAlone) {
  testing::TempDir dir;
  constexpr int kThreads = 8;
  constexpr int kJobsPerThread = 60;
  std::vector<std::vector<absl::Status>> results(kThreads);
  GroupCommitWriter::Stats stats;
  {
    auto store = OpenSqliteStore(dir.File("store.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    GroupCommitWriter writer(*std::move(store), /*max_batch=*/16);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int j = 0; j < kJobsPerThread; ++j) {
          const std::string id = "C" + std::to_string(t) + "-" + std::to_string(j);
          const bool fails = j % 10 == 3;  // writes its company, then fails: the company must not stay
          results[static_cast<size_t>(t)].push_back(writer.Write([&](Store& s) -> absl::Status {
            absl::StatusOr<PutResult> put = s.Put(CompanyNamed(id), 1);
            if (!put.ok()) return put.status();
            if (*put != PutResult::kInserted) return absl::InternalError("not inserted");
            return fails ? absl::FailedPreconditionError("job " + id + " fails") : absl::OkStatus();
          }));
        }
      });
    }
    for (std::thread& t : threads) t.join();
    stats = writer.stats();
  }  // the writer and its connection are gone: what follows reads the file afresh

  EXPECT_EQ(stats.jobs, kThreads * kJobsPerThread);
  EXPECT_GE(stats.commits, kThreads * kJobsPerThread / 16);  // never more than max_batch jobs in one commit
  EXPECT_LE(stats.commits, stats.jobs);
  auto reopened = OpenSqliteStore(dir.File("store.db"));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(results[static_cast<size_t>(t)].size(), static_cast<size_t>(kJobsPerThread));
    for (int j = 0; j < kJobsPerThread; ++j) {
      const std::string id = "C" + std::to_string(t) + "-" + std::to_string(j);
      const absl::Status& status = results[static_cast<size_t>(t)][static_cast<size_t>(j)];
      const bool fails = j % 10 == 3;
      if (fails) {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << id;
        EXPECT_NE(status.message().find(id), std::string::npos) << "another job's status reached " << id;
      } else {
        EXPECT_TRUE(status.ok()) << id << ": " << status;
      }
      EXPECT_EQ(*(*reopened)->HasCompany(id), !fails) << id;
    }
  }
}

}  // namespace
}  // namespace aduana::server
