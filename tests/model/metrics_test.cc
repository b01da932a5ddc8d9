#include "model/metrics.h"

#include <gtest/gtest.h>

namespace aduana::model {
namespace {

TEST(Metrics, SelectsExactlyFloorOfNTimesRateWithTiesBrokenById) {
  std::vector<ScoredOutcome> s;
  // 40 rows: ids d00..d39, scores all equal except two; ties go to the smaller id.
  for (int i = 0; i < 40; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "d%02d", i);
    s.push_back({id, 0.5, i % 2 == 0, i % 2 == 0 ? 10.0 : 0.0});
  }
  s[39].score = 0.9;  // positive? 39 is odd: negative
  s[38].score = 0.8;  // even: positive
  Evaluation e = Evaluate(s, {0.05, 0.10});
  ASSERT_EQ(e.at_rates.size(), 2u);
  EXPECT_EQ(e.at_rates[0].selected, 2);  // floor(40 x 0.05)
  EXPECT_EQ(e.at_rates[0].hits, 1);      // d39 (no), d38 (yes)
  EXPECT_DOUBLE_EQ(e.at_rates[0].precision, 0.5);
  EXPECT_EQ(e.at_rates[1].selected, 4);  // then d00 (yes), d01 (no)
  EXPECT_EQ(e.at_rates[1].hits, 2);
  EXPECT_DOUBLE_EQ(e.at_rates[1].recall, 2.0 / 20.0);
  EXPECT_DOUBLE_EQ(e.at_rates[1].revenue, 20.0);
  EXPECT_DOUBLE_EQ(e.at_rates[1].revenue_share, 20.0 / 200.0);
}

TEST(Metrics, AucCountsTiesAsHalf) {
  // Positives 0.9 and 0.5, negatives 0.5 and 0.1: pairs (0.9>0.5 yes, 0.9>0.1 yes, 0.5=0.5 half, 0.5>0.1 yes).
  Evaluation e = Evaluate({{"a", 0.9, true, 0}, {"b", 0.5, true, 0}, {"c", 0.5, false, 0}, {"d", 0.1, false, 0}});
  EXPECT_DOUBLE_EQ(e.auc, 3.5 / 4.0);
}

TEST(Metrics, PerfectRankingHasLiftOnlyInTheTopTenths) {
  std::vector<ScoredOutcome> s;
  for (int i = 0; i < 100; ++i) s.push_back({std::to_string(1000 + i), static_cast<double>(i), i >= 90, 0});
  Evaluation e = Evaluate(s);
  EXPECT_DOUBLE_EQ(e.auc, 1.0);
  ASSERT_EQ(e.lift.size(), 10u);
  EXPECT_DOUBLE_EQ(e.lift[0].hit_rate, 1.0);
  EXPECT_DOUBLE_EQ(e.lift[0].lift, 10.0);
  EXPECT_EQ(e.lift[1].hits, 0);
}

TEST(Metrics, JsonCarriesEveryRate) {
  Evaluation e = Evaluate({{"a", 0.9, true, 5}, {"b", 0.1, false, 0}});
  std::string json = EvaluationJson(e);
  EXPECT_NE(json.find("\"at_rates\""), std::string::npos);
  EXPECT_NE(json.find("\"auc\":1.0"), std::string::npos);
}

}  // namespace
}  // namespace aduana::model
