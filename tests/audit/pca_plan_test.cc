// The post-clearance audit plan on a small generated history with a trained model: its shape (risk-ranked
// candidates, then a seeded random control sample), its evidence, the alert uplift, and that its ranking finds
// more of the revenue the generator's planted frauds kept than random plans do.
#include "audit/pca_plan.h"

#include <gtest/gtest.h>

#include "../server/test_history.h"
#include "absl/container/flat_hash_set.h"
#include "audit/pca_evaluation.h"
#include "ingest/csv_reader.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"

namespace aduana::audit {
namespace {

class PcaPlanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    history_ = new server::testing::TestHistory("pca_plan_test");
    ASSERT_NO_FATAL_FAILURE(history_->Build(1));
  }
  static void TearDownTestSuite() {
    delete history_;
    history_ = nullptr;
  }

  void SetUp() override {
    auto opened = OpenSqliteStore(history_->Db());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    auto active = store_->LoadActiveModel();
    ASSERT_TRUE(active.ok() && active->has_value());
    auto loaded = model::RiskModel::Load(**active);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    model_.emplace(*std::move(loaded));
  }

  static PcaOptions Options() {
    PcaOptions o;
    o.from = *ParseDate("2025-10-01");
    o.to = *ParseDate("2025-12-27");
    o.capacity = 20;
    o.random_share = 0.25;
    o.seed = 5;
    return o;
  }

  // Revenue the planted frauds of the period kept, by importer (truth/revenue_at_stake.csv).
  static absl::flat_hash_map<std::string, double> Kept(const PcaOptions& o) {
    absl::flat_hash_map<std::string, double> kept;
    CsvReader reader;
    EXPECT_TRUE(reader.Open(history_->File("data/truth/revenue_at_stake.csv")).ok());
    CsvRecord row;
    reader.Next(&row);  // header
    while (reader.Next(&row)) {
      EpochDay day = *ParseDate(row.fields[2]);
      if (day >= o.from && day <= o.to) kept[std::string(row.fields[1])] += std::stod(std::string(row.fields[3]));
    }
    return kept;
  }

  static server::testing::TestHistory* history_;
  std::unique_ptr<Store> store_;
  std::optional<model::RiskModel> model_;
};

server::testing::TestHistory* PcaPlanTest::history_ = nullptr;

TEST_F(PcaPlanTest, RiskRankedCandidatesThenASeededRandomSample) {
  auto plan = BuildPcaPlan(*store_, *model_, Options(), "lead", 123);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->candidates.size(), 20u);
  EXPECT_GT(plan->companies_ranked, 100);
  EXPECT_EQ(plan->model_id, model_->version().model_id);
  absl::flat_hash_set<std::string> chosen;
  for (size_t i = 0; i < plan->candidates.size(); ++i) {
    const PcaCandidate& c = plan->candidates[i];
    EXPECT_EQ(c.rank, static_cast<int>(i + 1));
    EXPECT_EQ(c.selection, i < 15 ? "risk" : "random");
    EXPECT_GT(c.declarations, 0);
    EXPECT_TRUE(chosen.insert(c.company_id).second) << "a company is proposed once";
    if (i > 0 && i < 15) {
      EXPECT_LE(c.score, plan->candidates[i - 1].score);
    }
  }
  EXPECT_GT(plan->candidates[0].revenue_at_risk, 0);

  auto again = BuildPcaPlan(*store_, *model_, Options(), "lead", 123);
  ASSERT_TRUE(again.ok());
  PcaOptions other_seed = Options();
  other_seed.seed = 6;
  auto reseeded = BuildPcaPlan(*store_, *model_, other_seed, "lead", 123);
  ASSERT_TRUE(reseeded.ok());
  std::vector<std::string> first, second, third;
  for (size_t i = 0; i < 20; ++i) {
    first.push_back(plan->candidates[i].company_id);
    second.push_back(again->candidates[i].company_id);
    third.push_back(reseeded->candidates[i].company_id);
  }
  EXPECT_EQ(first, second) << "the same options give the same plan";
  EXPECT_TRUE(std::equal(first.begin(), first.begin() + 15, third.begin())) << "the seed only moves the random part";
  EXPECT_NE(first, third);

  std::string csv = PlanCsv(*plan);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 21);
  EXPECT_EQ(csv.rfind("rank,company_id,selection,", 0), 0u);
}

TEST_F(PcaPlanTest, EveryCandidateComesWithItsEvidence) {
  auto scored = ScoreCompanies(*store_, *model_, Options());
  ASSERT_TRUE(scored.ok()) << scored.status();
  int64_t declarations = 0;
  for (const CompanyExposure& e : *scored) {
    EXPECT_EQ(e.released + e.controlled, e.declarations) << e.company_id;
    declarations += e.declarations;
  }
  int64_t in_period = 0;
  ASSERT_TRUE(store_->ScanDeclarations(Options().from * kMillisPerDay, (Options().to + 1) * kMillisPerDay,
                                        [&](DeclarationRecord&) {
                                          ++in_period;
                                          return absl::OkStatus();
                                        }).ok());
  EXPECT_EQ(declarations, in_period) << "every declaration of the period counts for its importer";

  const CompanyExposure& top = scored->front();
  auto evidence = nlohmann::json::parse(top.evidence_json);
  ASSERT_TRUE(evidence["indicators"].is_array());
  EXPECT_FALSE(evidence["indicators"].empty());
  const auto& riskiest = evidence["riskiest_declarations"];
  ASSERT_FALSE(riskiest.empty());
  EXPECT_LE(riskiest.size(), 5u);
  auto bundle = store_->LoadDeclarationBundle(riskiest[0]["declaration_id"].get<std::string>());
  ASSERT_TRUE(bundle.ok() && bundle->has_value());
  EXPECT_EQ((*bundle)->declaration.importer_id, top.company_id);
  for (size_t i = 1; i < riskiest.size(); ++i) {
    EXPECT_LE(riskiest[i]["expected_revenue"].get<double>(), riskiest[i - 1]["expected_revenue"].get<double>());
  }
}

TEST_F(PcaPlanTest, AnOpenAlertRaisesTheScoreAndADismissedOneDoesNot) {
  auto before = ScoreCompanies(*store_, *model_, Options());
  ASSERT_TRUE(before.ok());
  const CompanyExposure& target = (*before)[5];
  ASSERT_GT(target.revenue_at_risk, 0);
  auto score_of = [&]() {
    auto after = ScoreCompanies(*store_, *model_, Options());
    EXPECT_TRUE(after.ok());
    for (const CompanyExposure& e : *after) {
      if (e.company_id == target.company_id) return e;
    }
    return CompanyExposure{};
  };
  AlertRecord alert;
  alert.detector = "importer_price_drop";
  alert.subject_kind = "importer";
  alert.subject = target.company_id;
  alert.week = Options().from + 14;
  alert.severity = "high";
  ASSERT_TRUE(store_->PutAlert(&alert).ok());
  CompanyExposure raised = score_of();
  EXPECT_NEAR(raised.score, target.score + 0.25 * target.revenue_at_risk, 1e-6 * target.score);
  EXPECT_NE(raised.evidence_json.find("importer_price_drop"), std::string::npos);
  ASSERT_TRUE(store_->UpdateAlertStatus(alert.alert_id, "dismissed", 1, "ana", "false alarm").ok());
  EXPECT_DOUBLE_EQ(score_of().score, target.score);
}

TEST_F(PcaPlanTest, TheRankingFindsMoreKeptRevenueThanRandomPlans) {
  auto scored = ScoreCompanies(*store_, *model_, Options());
  ASSERT_TRUE(scored.ok());
  auto kept = Kept(Options());
  ASSERT_FALSE(kept.empty());
  auto yields = EvaluateStrategies(*scored, kept, {20}, 0.25, 200, 9);
  auto yield_of = [&](std::string_view name) {
    for (const StrategyYield& y : yields) {
      if (y.strategy.rfind(name, 0) == 0) return y.recovered;
    }
    return -1.0;
  };
  EXPECT_GT(yield_of("plan ranking"), 2 * yield_of("random")) << YieldTable(yields);
  EXPECT_GE(yield_of("best possible"), yield_of("plan ranking"));
  EXPECT_GT(yield_of("plan as issued"), yield_of("random"));
}

}  // namespace
}  // namespace aduana::audit
