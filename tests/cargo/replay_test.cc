// Cargo monitoring end to end on a generated corpus: a few months of declarations with their transits, GPS
// noise, reception gaps, legal stops and the generator's planted violations, replayed through the monitor as a
// network would deliver them (late, out of order, some twice). Every planted violation must be caught by an
// alert of its kind, and no honest transit may raise one.
#include "cargo/replay.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../testing/run_command.h"
#include "cargo/cargo_alerts.h"
#include "cargo/evaluation.h"
#include "cargo/timeline.h"
#include "store/sqlite_store.h"

namespace aduana::cargo {
namespace {

using aduana::testing::Aduana;
using aduana::testing::RunCommand;

constexpr UnixMillis kFrom = 1'740'787'200'000;  // 2025-03-01
constexpr UnixMillis kUntil = kFrom + 92LL * 86'400'000;  // 2025-06-01: every departure of the corpus

class CargoReplayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("aduana_cargo_replay_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    auto gen = RunCommand(Aduana() + " generate --out " + File("data") +
                          " --declarations 4000 --seed 5 --start 2025-03-01 --days 90");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    auto ingest = RunCommand(Aduana() + " ingest --db " + Db() + " " + File("data"));
    ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::string File(const std::string& name) { return (*dir_ / name).string(); }
  static std::string Db() { return File("store.db"); }

  static std::filesystem::path* dir_;
};
std::filesystem::path* CargoReplayTest::dir_ = nullptr;

TEST_F(CargoReplayTest, EveryPlantedViolationIsCaughtAndNoHonestTransitAlerts) {
  absl::StatusOr<std::vector<PlantedViolation>> planted = ReadPlantedViolations(File("data/truth/ground_truth.csv"));
  ASSERT_TRUE(planted.ok()) << planted.status();
  auto store = OpenSqliteStore(Db());
  ASSERT_TRUE(store.ok()) << store.status();
  DeliveryModel delivery;
  delivery.max_delay = 5 * kMinuteMs;  // inside the 10-minute reordering window
  delivery.duplicate_share = 0.03;
  delivery.seed = 9;
  absl::StatusOr<ReplayResult> replay = ReplayStore(**store, kFrom, kUntil, MonitorConfig{}, delivery);
  ASSERT_TRUE(replay.ok()) << replay.status();
  CargoEvaluation ev = Evaluate(*planted, *replay);

  int kinds_planted = 0;
  for (const KindRecall& k : ev.kinds) {
    if (k.planted == 0) continue;
    ++kinds_planted;
    EXPECT_EQ(k.detected, k.planted) << k.kind;
  }
  EXPECT_EQ(kinds_planted, 7) << EvaluationReport(ev);  // the generator plants every kind once 24 transits run
  EXPECT_GT(ev.honest_transits, 20);
  EXPECT_EQ(ev.honest_with_alerts, 0) << EvaluationReport(ev);
  EXPECT_GT(ev.counters.duplicates, 0);
  EXPECT_EQ(ev.counters.too_late, 0);  // every delay is inside the window
}

TEST_F(CargoReplayTest, EventsLaterThanTheWindowAreCountedAndTheRestStillDetects) {
  auto store = OpenSqliteStore(Db());
  ASSERT_TRUE(store.ok());
  DeliveryModel delivery;
  delivery.max_delay = 30 * kMinuteMs;  // three times the window: some events come too late for detection
  delivery.seed = 4;
  absl::StatusOr<ReplayResult> replay = ReplayStore(**store, kFrom, kUntil, MonitorConfig{}, delivery);
  ASSERT_TRUE(replay.ok());
  EXPECT_GT(replay->counters.too_late, 0);
  EXPECT_EQ(replay->counters.accepted + replay->counters.duplicates + replay->counters.too_late +
                replay->counters.no_transit,
            replay->deliveries);
}

TEST_F(CargoReplayTest, StoredAlertsJoinTheWorkflowOnceAndShowInTheTimeline) {
  auto store = OpenSqliteStore(Db());
  ASSERT_TRUE(store.ok());
  absl::StatusOr<ReplayResult> replay = ReplayStore(**store, kFrom, kUntil, MonitorConfig{}, DeliveryModel{});
  ASSERT_TRUE(replay.ok());
  ASSERT_FALSE(replay->alerts.empty());
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE((*store)->Begin().ok());
    absl::StatusOr<int64_t> stored = StoreCargoAlerts(**store, replay->alerts);
    ASSERT_TRUE(stored.ok()) << stored.status();
    ASSERT_TRUE((*store)->Commit().ok());
    EXPECT_EQ(*stored, round == 0 ? static_cast<int64_t>(replay->alerts.size()) : 0);  // a replay stores nothing new
  }
  const CargoAlert& alert = replay->alerts.front();
  AlertFilter filter;
  filter.subject = alert.transit_id;
  auto listed = (*store)->ListAlerts(filter);
  ASSERT_TRUE(listed.ok());
  ASSERT_FALSE(listed->empty());
  EXPECT_EQ(listed->front().subject_kind, "transit");
  EXPECT_EQ(listed->front().detector.rfind("cargo.", 0), 0u);
  EXPECT_EQ(listed->front().declarations, std::vector<std::string>{alert.declaration_id});

  absl::StatusOr<std::optional<ConsignmentTimeline>> timeline = TransitTimeline(**store, alert.transit_id);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  ASSERT_TRUE(timeline->has_value());
  std::vector<std::string> stages;
  for (const TimelineEntry& e : (*timeline)->entries) stages.push_back(e.stage);
  auto first = [&](const std::string& stage) { return std::find(stages.begin(), stages.end(), stage) - stages.begin(); };
  ASSERT_LT(first("declaration"), static_cast<long>(stages.size()));
  ASSERT_LT(first("alert"), static_cast<long>(stages.size()));
  EXPECT_LT(first("declaration"), first("transit"));
  EXPECT_LT(first("transit"), first("alert"));
  EXPECT_FALSE((*timeline)->track.empty());
  for (size_t i = 1; i < (*timeline)->entries.size(); ++i) {
    EXPECT_LE((*timeline)->entries[i - 1].at, (*timeline)->entries[i].at);
  }
  auto missing = TransitTimeline(**store, "T-NOPE");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(CargoReplayTest, TheCommandPrintsRecallPerViolation) {
  auto run = RunCommand(Aduana() + " cargo replay --db " + Db() +
                        " --from 2025-03-01 --to 2025-05-31 --max-delay-minutes 3 --duplicates 0.01 --truth " +
                        File("data/truth/ground_truth.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("| route_deviation |"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("honest transits with an alert: 0"), std::string::npos) << run.output;
  auto bad = RunCommand(Aduana() + " cargo replay --db " + Db() + " --from 2025-13-01 --to 2025-05-31");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("--from"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace aduana::cargo
