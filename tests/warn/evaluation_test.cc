// Matching alerts to a hand-made ground truth: what counts as a detection, what is counted apart, what is a false
// alarm; and reading the ground-truth file.
#include "warn/evaluation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace aduana::warn {
namespace {

constexpr EpochDay kFrom = 20179;  // 2025-04-01, a Tuesday
constexpr EpochDay kTo = 20454;    // 2026-01-01

UnixMillis Millis(EpochDay day) { return static_cast<UnixMillis>(day) * kMillisPerDay; }

Alert MakeAlert(std::string detector, std::string kind, std::string subject, EpochDay day,
                std::vector<std::string> declarations = {}) {
  Alert a;
  a.detector = std::move(detector);
  a.subject_kind = std::move(kind);
  a.subject = std::move(subject);
  a.week = WeekOf(Millis(day));
  a.declarations = std::move(declarations);
  return a;
}

const MechanismRecall* Find(const Evaluation& ev, const std::string& mechanism) {
  for (const MechanismRecall& m : ev.recall) {
    if (m.mechanism == mechanism) return &m;
  }
  return nullptr;
}

TEST(Evaluate, MatchesAlertsToTheTargetsThatStartInThePeriodAndCountsTheRest) {
  GroundTruth truth;
  truth.entities = {
      {"volume_surge", "hs6_origin", "720839|VN", kFrom + 50, ""},
      {"new_importer_burst", "sector_region", "46|Jalisco", kFrom + 80, ""},
      {"new_importer_burst", "company", "FRONT1", kFrom + 80, "burst=46|Jalisco"},      // a member, not a target
      {"phoenix_company", "company", "OLD", kFrom + 10, "role=predecessor;successor=NEW"},  // not a target
      {"phoenix_company", "company", "NEW", kFrom + 20, "role=successor;predecessor=OLD"},
      {"split_shipment", "company", "SPLITTER", kFrom + 30, ""},
      {"split_shipment", "company", "IDLE", kFrom + 30, ""},       // never splits in the period
      {"undervaluation", "company", "LATE", kFrom + 30, ""},       // found, but months later
      {"undervaluation", "company", "EARLY", kFrom - 100, ""},     // started before the period: not a target
  };
  truth.declarations = {{"S1", {"split_shipment"}}, {"U1", {"undervaluation"}}, {"W1", {"volume_surge"}},
                        {"W2", {"volume_surge"}}};
  truth.declaration_mechanisms = {"split_shipment", "undervaluation", "volume_surge"};
  ImporterActivity activity;
  activity.days["NEW"] = {kFrom + 40, kFrom + 41};  // its first declaration 20 days after registration
  activity.days["SPLITTER"] = {kFrom + 31, kFrom + 90};
  activity.carried["SPLITTER\nsplit_shipment"] = {kFrom + 90};  // the first parts, two months after its "start"
  activity.days["IDLE"] = {kFrom + 40};
  activity.carried["LATE\nundervaluation"] = {kFrom + 35};
  std::vector<Alert> alerts = {
      MakeAlert("volume_surge", "hs6_origin", "720839|VN", kFrom + 57),
      MakeAlert("new_importer_burst", "sector", "46", kFrom + 85),      // the sector alone counts
      MakeAlert("phoenix", "importer", "NEW", kFrom + 40),
      MakeAlert("split_shipment", "importer", "SPLITTER", kFrom + 90),
      MakeAlert("importer_price_drop", "importer", "LATE", kFrom + 150),  // after the window: later
      MakeAlert("importer_price_drop", "importer", "EARLY", kFrom + 60),  // a planted subject
      MakeAlert("volume_surge", "lane", "VN|MX430", kFrom + 57, {"W1", "W2", "X1"}),  // mostly planted declarations
      MakeAlert("volume_surge", "hs6_origin", "610910|BD", kFrom + 70, {"W1", "X2", "X3"}),  // a false alarm
      MakeAlert("new_origins", "importer", "HONEST", kFrom + 100),                           // a false alarm
  };
  Evaluation ev = Evaluate(alerts, truth, activity, Millis(kFrom), Millis(kTo), {});
  EXPECT_EQ(ev.weeks, 39) << "the weeks starting from Monday 2025-04-07 to 2025-12-29";
  EXPECT_EQ(ev.alerts, 9);
  EXPECT_EQ(ev.detections, 4);
  EXPECT_EQ(ev.on_planted, 3);
  EXPECT_EQ(ev.false_alarms, 2);
  EXPECT_EQ(ev.by_detector.at("volume_surge"), (std::array<int64_t, 2>{3, 1}));

  const MechanismRecall* surge = Find(ev, "volume_surge");
  ASSERT_NE(surge, nullptr);
  EXPECT_EQ(surge->planted, 1);
  EXPECT_EQ(surge->detected, 1);
  EXPECT_EQ(surge->found_by.at("volume_surge"), 1);
  const MechanismRecall* phoenix = Find(ev, "phoenix_company");
  ASSERT_NE(phoenix, nullptr);
  EXPECT_EQ(phoenix->planted, 1) << "the predecessor is not a target";
  EXPECT_EQ(phoenix->detected, 1) << "from its first declaration, not its registration";
  const MechanismRecall* split = Find(ev, "split_shipment");
  ASSERT_NE(split, nullptr);
  EXPECT_EQ(split->planted, 2);
  EXPECT_EQ(split->never_shown, 1);
  EXPECT_EQ(split->detected, 1) << "from its first split declaration";
  const MechanismRecall* under = Find(ev, "undervaluation");
  ASSERT_NE(under, nullptr);
  EXPECT_EQ(under->planted, 1) << "EARLY started before the period";
  EXPECT_EQ(under->detected, 0);
  EXPECT_EQ(under->detected_later, 1);
  const MechanismRecall* burst = Find(ev, "new_importer_burst");
  ASSERT_NE(burst, nullptr);
  EXPECT_EQ(burst->planted, 1) << "its companies are not targets";
  EXPECT_EQ(burst->detected, 1);
}

class GroundTruthFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("truth_" + std::to_string(::getpid()) + ".csv")).string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void Write(const std::string& text) { std::ofstream(path_) << text; }
  std::string path_;
};

TEST_F(GroundTruthFile, ReadsEntitiesAndPlantedDeclarationsAndSkipsTransits) {
  Write(
      "mechanism,entity_kind,entity_id,declaration_id,started_on,detail\n"
      "phoenix_company,company,NEW,,2025-06-01,\"role=successor;predecessor=OLD;shared=directors,address\"\n"
      "volume_surge,hs6_origin,720839|VN,,2025-05-25,true_origin=CN\n"
      "volume_surge,declaration,D1,D1,2025-05-26,subject=720839|VN\n"
      "undervaluation,declaration,D1,D1,2025-05-26,items=1\n"
      "route_deviation,transit,T1,D2,2025-05-27,km=3\n");
  absl::StatusOr<GroundTruth> truth = ReadGroundTruth(path_);
  ASSERT_TRUE(truth.ok()) << truth.status();
  ASSERT_EQ(truth->entities.size(), 2u);
  EXPECT_EQ(truth->entities[0].detail, "role=successor;predecessor=OLD;shared=directors,address");
  EXPECT_EQ(truth->entities[1].started_on, *ParseDate("2025-05-25"));
  EXPECT_EQ(truth->declarations.at("D1"), (std::vector<std::string>{"volume_surge", "undervaluation"}));
  EXPECT_FALSE(truth->declarations.contains("D2"));
  EXPECT_TRUE(truth->declaration_mechanisms.contains("undervaluation"));
}

TEST_F(GroundTruthFile, RefusesAnotherFileAndBadDates) {
  Write("declaration_id,lodged_at\nD1,2025-01-01\n");
  EXPECT_EQ(ReadGroundTruth(path_).status().code(), absl::StatusCode::kInvalidArgument);
  Write("mechanism,entity_kind,entity_id,declaration_id,started_on,detail\nx,company,C,,2025-02-30,\n");
  absl::Status bad_date = ReadGroundTruth(path_).status();
  EXPECT_EQ(bad_date.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(bad_date.message()).find("line 2"), std::string::npos) << bad_date;
  EXPECT_FALSE(ReadGroundTruth(path_ + ".missing").ok());
}

}  // namespace
}  // namespace aduana::warn
