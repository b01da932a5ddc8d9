// The cargo half of `aduana feed`: the store's latest transits, moved to run now. Their sending is exercised
// end to end by the browser tests (web/tests), where the moved transits appear on the map of a running server.
#include "cli/live_cargo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "../testing/run_command.h"
#include "../testing/temp_dir.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

using aduana::testing::Aduana;
using aduana::testing::RunCommand;
using aduana::testing::TempDir;

constexpr UnixMillis kHour = 3'600'000;
constexpr UnixMillis kNow = 1'795'000'000'000;  // 2026-11-18

class LiveCargoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto gen = RunCommand(Aduana() + " generate --out " + dir_.File("data") +
                          " --declarations 3000 --seed 4 --start 2025-03-01 --days 60");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    auto ingest = RunCommand(Aduana() + " ingest --db " + dir_.File("s.db") + " " + dir_.File("data"));
    ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
    auto store = OpenSqliteStore(dir_.File("s.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(LiveCargoTest, LatestTransitsDepartSpreadOverTheHoursBeforeNowUnderNewIds) {
  absl::StatusOr<LiveCargo> live = LiveCargo::Load(*store_, 6, kNow, 6 * kHour, "run1");
  ASSERT_TRUE(live.ok()) << live.status();
  ASSERT_EQ(live->transits().size(), 6u);
  auto stored = store_->LoadTransits(0, kNow);
  ASSERT_TRUE(stored.ok());
  const Transit& last_stored = stored->back();
  EXPECT_EQ(live->transits().back().transit_id, last_stored.transit_id + "-LIVE-run1");
  EXPECT_EQ(live->transits().back().device_id, last_stored.device_id + "-LIVE-run1-5");
  EXPECT_EQ(live->transits().back().deadline - live->transits().back().departed_at,
            last_stored.deadline - last_stored.departed_at);
  UnixMillis previous = kNow - 6 * kHour - 1;
  for (const Transit& t : live->transits()) {
    EXPECT_GT(t.departed_at, previous) << t.transit_id;
    EXPECT_LT(t.departed_at, kNow) << t.transit_id;
    previous = t.departed_at;
  }
}

TEST_F(LiveCargoTest, EventsMoveWithTheirTransitAndEndAtItsArrival) {
  absl::StatusOr<LiveCargo> live = LiveCargo::Load(*store_, 8, kNow, 4 * kHour, "r");
  ASSERT_TRUE(live.ok()) << live.status();
  std::map<std::string, const Transit*> by_device;
  for (const Transit& t : live->transits()) by_device[t.device_id] = &t;
  EXPECT_EQ(by_device.size(), live->transits().size()) << "two moved transits share a device";
  ASSERT_FALSE(live->events().empty());
  EXPECT_TRUE(std::is_sorted(live->events().begin(), live->events().end(),
                             [](const TrackingEvent& a, const TrackingEvent& b) { return a.event_time < b.event_time; }));
  std::map<std::string, int> arrivals;
  std::map<std::string, int> after_arrival;
  for (const TrackingEvent& e : live->events()) {
    auto t = by_device.find(e.device_id);
    ASSERT_NE(t, by_device.end()) << "an event of no moved transit: " << e.device_id;
    EXPECT_GE(e.event_time, t->second->departed_at - kHour / 6) << e.device_id;
    if (arrivals[e.device_id] > 0) ++after_arrival[e.device_id];
    if (e.event_type == "arrival") ++arrivals[e.device_id];
  }
  for (const auto& [device, n] : after_arrival) EXPECT_EQ(n, 0) << device << " reports after its arrival";
  EXPECT_EQ(live->events_sent(), 0u);
}

TEST_F(LiveCargoTest, NoTransitsAskedNoneLoaded) {
  absl::StatusOr<LiveCargo> live = LiveCargo::Load(*store_, 0, kNow, kHour, "x");
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_TRUE(live->transits().empty());
  EXPECT_TRUE(live->events().empty());
}

}  // namespace
}  // namespace aduana::cli
