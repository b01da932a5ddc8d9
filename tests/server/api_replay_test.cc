// The replay through the API: four days of declarations against a small trained history, with the capacity
// of the busiest office doubled on the third day.
#include "server/api_replay.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "test_history.h"

namespace aduana::server {
namespace {

class ApiReplayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    history_ = new testing::TestHistory("api_replay_test");
    history_->Build(400);
  }
  static void TearDownTestSuite() {
    delete history_;
    history_ = nullptr;
  }

  // The history's new declarations spread over four days, each marked fraudulent or not by `fraudulent`.
  static std::vector<ReplayCase> Cases(const std::function<bool(size_t)>& fraudulent) {
    std::vector<ReplayCase> cases;
    const auto& submissions = history_->submissions();
    for (size_t i = 0; i < submissions.size(); ++i) {
      ReplayCase c;
      c.submission = submissions[i];
      c.submission.declaration.lodged_at =
          testing::kNow + static_cast<UnixMillis>(i) * (4 * kMillisPerDay / static_cast<UnixMillis>(submissions.size()));
      if (fraudulent(i)) c.fraud_type = "undervaluation";
      cases.push_back(std::move(c));
    }
    return cases;
  }

  static std::string FreshStore(const std::string& name) {
    std::string path = history_->File(name);
    std::filesystem::copy_file(history_->Db(), path, std::filesystem::copy_options::overwrite_existing);
    return path;
  }

  static testing::TestHistory* history_;
};

testing::TestHistory* ApiReplayTest::history_ = nullptr;

TEST_F(ApiReplayTest, RedStaysWithinEachOfficesCapacityAndAChangeShowsTheNextDay) {
  ASSERT_FALSE(HasFatalFailure());
  ReplayOptions options;
  options.red_share = 0.05;
  options.random_rate = 0.05;
  options.change_at = testing::kNow + 2 * kMillisPerDay;
  options.change_factor = 3;
  std::vector<ReplayCase> cases = Cases([](size_t i) { return i % 7 == 0; });
  absl::StatusOr<ReplayReport> report = ReplayThroughApi(FreshStore("capacity.db"), cases, options);
  ASSERT_TRUE(report.ok()) << report.status();

  EXPECT_EQ(report->declarations, static_cast<int64_t>(cases.size()));
  EXPECT_EQ(report->refused, 0) << (report->refusals.empty() ? "" : report->refusals[0]);
  int64_t decided = 0, red = 0;
  for (const OfficeDayUse& day : report->days) {
    decided += day.declarations;
    red += day.red;
    if (day.red_capacity >= 0) {
      EXPECT_LE(day.red, day.red_capacity) << day.office << " on " << FormatDate(day.day);
    }
    if (day.office == report->change_office) {
      int expected = day.day >= DayOf(options.change_at) ? report->red_capacity_after : report->red_capacity_before;
      EXPECT_EQ(day.red_capacity, expected) << FormatDate(day.day);
    }
  }
  EXPECT_EQ(decided, report->declarations);
  EXPECT_GT(red, 0) << "some declarations were selected by risk";
  ASSERT_FALSE(report->change_office.empty());
  EXPECT_EQ(report->red_capacity_after, report->red_capacity_before * 3);

  ASSERT_TRUE(report->by_basis.contains("red/random"));
  int64_t hits = 0;
  for (const auto& [basis, tally] : report->by_basis) {
    bool controlled = basis.rfind("red", 0) == 0 || basis.rfind("yellow", 0) == 0;
    EXPECT_EQ(tally.controlled, controlled ? tally.decided : 0) << basis;
    EXPECT_LE(tally.hits, tally.controlled) << basis;
    hits += tally.hits;
  }
  EXPECT_LE(hits, report->fraudulent);
  EXPECT_EQ(report->fraudulent, static_cast<int64_t>((cases.size() + 6) / 7));

  std::string text = FormatReplayReport(*report);
  EXPECT_NE(text.find("| " + report->change_office + " |"), std::string::npos) << text;
  EXPECT_NE(text.find("(change)"), std::string::npos) << text;
}

TEST_F(ApiReplayTest, EveryControlIsPostedBackAsTheGroundTruthSays) {
  ASSERT_FALSE(HasFatalFailure());
  std::string db = FreshStore("all_fraudulent.db");
  ReplayOptions options;
  options.random_rate = 0.05;
  std::vector<ReplayCase> cases = Cases([](size_t) { return true; });
  absl::StatusOr<ReplayReport> report = ReplayThroughApi(db, cases, options);
  ASSERT_TRUE(report.ok()) << report.status();
  int64_t controlled = 0;
  for (const auto& [basis, tally] : report->by_basis) {
    EXPECT_EQ(tally.hits, tally.controlled) << basis << ": every declaration is fraudulent";
    controlled += tally.controlled;
  }
  ASSERT_GT(controlled, 0);
  auto store = OpenSqliteStore(db);
  ASSERT_TRUE(store.ok());
  absl::StatusOr<StoreStats> stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  absl::StatusOr<StoreStats> before = [&] {
    auto history = OpenSqliteStore(history_->Db());
    return history.ok() ? (*history)->Stats() : absl::StatusOr<StoreStats>(history.status());
  }();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(stats->inspections - before->inspections, controlled) << "each result is in the store";
}

TEST_F(ApiReplayTest, RefusesNothingToReplayAndAnUnknownOfficeToChange) {
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(ReplayThroughApi(history_->Db(), {}, {}).status().code(), absl::StatusCode::kInvalidArgument);
  ReplayOptions options;
  options.change_at = testing::kNow;
  options.change_office = "NOWHERE";
  std::vector<ReplayCase> cases = Cases([](size_t) { return false; });
  cases.resize(3);
  absl::StatusOr<ReplayReport> report = ReplayThroughApi(FreshStore("unknown_office.db"), cases, options);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("NOWHERE"), std::string_view::npos);
}

}  // namespace
}  // namespace aduana::server
