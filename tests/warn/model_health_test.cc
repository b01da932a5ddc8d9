// Model and rule health: the population stability index and its bins, the binomial tail, the random sample
// beating risk selection (and the cases that must not alert), and no drift alert on a history without drift.
#include "warn/model_health.h"

#include <gtest/gtest.h>

#include "../server/test_history.h"
#include "../testing/temp_dir.h"
#include "store/sqlite_store.h"

namespace aduana::warn {
namespace {

TEST(PopulationStability, IsZeroForTheSameSharesAndGrowsWithTheShift) {
  std::vector<double> even(10, 0.1);
  EXPECT_DOUBLE_EQ(PopulationStabilityIndex(even, even), 0);
  std::vector<double> slight = {0.09, 0.09, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.11, 0.11};
  std::vector<double> heavy = {0.02, 0.03, 0.05, 0.05, 0.05, 0.1, 0.1, 0.15, 0.2, 0.25};
  double small = PopulationStabilityIndex(even, slight);
  double large = PopulationStabilityIndex(even, heavy);
  EXPECT_GT(small, 0);
  EXPECT_LT(small, 0.01);
  EXPECT_GT(large, 0.25);
  std::vector<double> empty_bin = {0, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
  EXPECT_TRUE(std::isfinite(PopulationStabilityIndex(even, empty_bin))) << "an empty bin is floored";
}

TEST(PopulationStability, BinsCutAtTheBaselineDecilesHoldATenthEach) {
  std::vector<double> scores;
  for (int i = 0; i < 1000; ++i) scores.push_back(i / 1000.0);
  std::vector<double> edges = QuantileEdges(scores, 10);
  ASSERT_EQ(edges.size(), 9u);
  for (double share : BinShares(scores, edges)) EXPECT_NEAR(share, 0.1, 1e-9);
  std::vector<double> tied(100, 0.5);
  EXPECT_EQ(QuantileEdges(tied, 10).size(), 1u) << "repeated edges are removed";
  std::vector<double> high = BinShares({0.95, 0.99, 0.97}, edges);
  EXPECT_DOUBLE_EQ(high.back(), 1.0);
}

TEST(BinomialTail, MatchesTheExactSums) {
  EXPECT_NEAR(BinomialLowerTail(2, 10, 0.5), 56.0 / 1024, 1e-12);
  EXPECT_NEAR(BinomialLowerTail(0, 5, 0.2), std::pow(0.8, 5), 1e-12);
  EXPECT_DOUBLE_EQ(BinomialLowerTail(10, 10, 0.3), 1);
  EXPECT_LT(BinomialLowerTail(2, 100, 0.3), 1e-10);
}

// A store with service decisions on two bases and their control results.
class SelectionHealth : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    Company c;
    c.company_id = c.name = "IMP";
    c.country = "MX";
    ASSERT_TRUE(store_->Put(c, 1).ok());
  }
  // `n` decisions on `basis`, `found` of them non-compliant at control.
  void Decide(const std::string& basis, int n, int found) {
    for (int i = 0; i < n; ++i) {
      Declaration d;
      d.declaration_id = basis + "-" + std::to_string(next_++);
      d.lodged_at = kDay * 100;
      d.customs_office = "MX160";
      d.importer_id = d.declarant_id = "IMP";
      ASSERT_EQ(*store_->Put(d, static_cast<Fingerprint>(next_)), PutResult::kInserted);
      DecisionRecord r;
      r.declaration_id = d.declaration_id;
      r.decided_at = kDay * 100;
      r.office = "MX160";
      r.channel = "red";
      r.basis = basis;
      r.random = basis == "random";
      r.state = "physical_inspection";
      ASSERT_TRUE(store_->SaveDecision(r).ok());
      InspectionOutcome o;
      o.declaration_id = d.declaration_id;
      o.channel = "red";
      o.inspected_at = kDay * 101;
      o.non_compliant = i < found;
      ASSERT_EQ(*store_->Put(o, static_cast<Fingerprint>(next_)), PutResult::kInserted);
    }
  }
  absl::StatusOr<std::vector<Alert>> Check() { return RandomBeatsRisk(*store_, kDay * 99, kDay * 102, {}); }

  static constexpr UnixMillis kDay = kMillisPerDay;
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int next_ = 1;
};

TEST_F(SelectionHealth, AlertsWhenTheRandomSampleFindsClearlyMore) {
  Decide("random", 60, 24);   // 40%
  Decide("risk", 200, 30);    // 15%
  Decide("rule", 50, 50);     // rules are not risk selection: they do not hide the fall
  auto alerts = Check();
  ASSERT_TRUE(alerts.ok()) << alerts.status();
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].detector, "random_beats_risk");
  EXPECT_NEAR((*alerts)[0].observed, 0.4, 1e-9);
  EXPECT_NEAR((*alerts)[0].baseline, 0.15, 1e-9);
}

TEST_F(SelectionHealth, DoesNotAlertWhenRiskSelectionDoesBetterOrTheSampleIsSmall) {
  Decide("random", 60, 3);
  Decide("risk", 200, 60);
  EXPECT_TRUE(Check()->empty());
}

TEST_F(SelectionHealth, DoesNotAlertOnAHandfulOfRandomControls) {
  Decide("random", 10, 6);
  Decide("risk", 200, 30);
  EXPECT_TRUE(Check()->empty()) << "10 random controls are too few to judge";
}

TEST_F(SelectionHealth, DoesNotAlertOnASmallDifference) {
  Decide("random", 60, 11);  // 18%
  Decide("risk", 200, 30);   // 15%
  EXPECT_TRUE(Check()->empty());
}

// Cumulative profile features (declarations so far, age of a relationship) drift away from the weeks a model
// was trained on as time goes by: the index must be low right after training and grow with the distance.
TEST(ScoreDrift, IsLowRightAfterTrainingAndGrowsWithTheDistance) {
  server::testing::TestHistory history("model_health_test");
  ASSERT_NO_FATAL_FAILURE(history.Build(1));
  // A model trained before the weeks scanned, as in service.
  auto train = aduana::testing::RunCommand(aduana::testing::Aduana() + " train --db " + history.Db() +
                                           " --rounds 20 --until 2025-10-31");
  ASSERT_EQ(train.exit_code, 0) << train.output;
  auto store = OpenSqliteStore(history.Db());
  ASSERT_TRUE(store.ok());
  auto active = (*store)->LoadActiveModel();
  ASSERT_TRUE(active.ok() && active->has_value());
  auto model = model::RiskModel::Load(**active);
  ASSERT_TRUE(model.ok());
  EXPECT_LE(model->version().trained_until, (*ParseDate("2025-10-31") + 1) * kMillisPerDay);
  ModelHealthConfig config;
  config.min_window_declarations = 300;  // a small history: about 120 declarations a week
  const UnixMillis to = *ParseDate("2025-12-27") * kMillisPerDay;
  const UnixMillis from = to - 8 * 7 * kMillisPerDay;
  ModelHealthConfig every_week = config;
  every_week.psi_medium = 0;
  every_week.quiet_weeks = 0;
  auto measured = ScoreDrift(**store, *model, from, to, every_week);
  ASSERT_TRUE(measured.ok()) << measured.status();
  ASSERT_GE(measured->size(), 6u);
  const Alert& first = measured->front();
  const Alert& last = measured->back();
  EXPECT_LT(first.observed, config.psi_medium) << first.evidence;
  EXPECT_GT(last.observed, 2 * first.observed) << last.evidence;
  EXPECT_EQ(last.subject, "model " + std::to_string(model->version().model_id));
  EXPECT_FALSE(last.declarations.empty());

  auto alerts = ScoreDrift(**store, *model, from, to, config);
  ASSERT_TRUE(alerts.ok());
  for (size_t i = 0; i < alerts->size(); ++i) {
    const Alert& a = (*alerts)[i];
    EXPECT_GE(a.observed, config.psi_medium);
    EXPECT_GT(a.week, first.week) << "no alert in the first week after training";
    if (i > 0) {
      EXPECT_TRUE(a.week - (*alerts)[i - 1].week >= config.quiet_weeks || a.severity > (*alerts)[i - 1].severity)
          << "a drift that goes on is said once, until it worsens";
    }
  }
}

}  // namespace
}  // namespace aduana::warn
