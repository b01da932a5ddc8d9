// The own evaluator must give exactly XGBoost's predictions (bit for bit) on the same model and rows, including
// missing values, for each supported objective.
#include "model/tree_ensemble.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "model/booster.h"

namespace aduana::model {
namespace {

struct Data {
  std::vector<float> x;
  std::vector<float> y;
  size_t rows = 0;
  size_t columns = 0;
};

// A seeded synthetic problem with interactions and 10% missing values.
Data MakeData(size_t rows, size_t columns, bool regression, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> uniform;
  Data d{{}, {}, rows, columns};
  for (size_t i = 0; i < rows; ++i) {
    float signal = 0;
    for (size_t c = 0; c < columns; ++c) {
      float v = normal(rng);
      signal += (c % 3 == 0 ? 1.0f : -0.5f) * v * (c < 4 ? 1.0f : 0.1f);
      d.x.push_back(uniform(rng) < 0.1f ? NAN : v);
    }
    if (regression) {
      d.y.push_back(std::max(0.0f, signal + normal(rng)));
    } else {
      d.y.push_back(signal + normal(rng) > 0.5f ? 1.0f : 0.0f);
    }
  }
  return d;
}

void ExpectBitExact(const std::string& objective) {
  Data train = MakeData(2000, 12, objective != "binary:logistic", 11);
  Data test = MakeData(500, 12, objective != "binary:logistic", 12);
  TrainingParameters p;
  p.objective = objective;
  p.rounds = 60;
  p.threads = 1;
  auto booster = Booster::Train({train.x.data(), train.rows, train.columns}, train.y, {}, p);
  ASSERT_TRUE(booster.ok()) << booster.status();
  auto json = booster->ToJson();
  ASSERT_TRUE(json.ok());
  auto ensemble = TreeEnsemble::FromXgboostJson(*json);
  ASSERT_TRUE(ensemble.ok()) << ensemble.status();
  EXPECT_EQ(ensemble->trees(), 60u);
  auto expected = booster->Predict({test.x.data(), test.rows, test.columns});
  ASSERT_TRUE(expected.ok());
  std::vector<float> got(test.rows);
  ensemble->PredictBatch(test.x.data(), test.rows, test.columns, got.data());
  int differing = 0, differing_one_by_one = 0;
  for (size_t i = 0; i < test.rows; ++i) {
    if (std::memcmp(&got[i], &(*expected)[i], sizeof(float)) != 0) ++differing;
    float one = ensemble->Predict(test.x.data() + i * test.columns);
    if (std::memcmp(&one, &(*expected)[i], sizeof(float)) != 0) ++differing_one_by_one;
  }
  EXPECT_EQ(differing, 0) << objective << ": first row ours " << got[0] << " xgboost " << (*expected)[0];
  EXPECT_EQ(differing_one_by_one, 0) << objective;
}

TEST(TreeEnsemble, MatchesXgboostBitForBitOnBinaryLogistic) { ExpectBitExact("binary:logistic"); }
TEST(TreeEnsemble, MatchesXgboostBitForBitOnTweedie) { ExpectBitExact("reg:tweedie"); }
TEST(TreeEnsemble, MatchesXgboostBitForBitOnSquaredError) { ExpectBitExact("reg:squarederror"); }

// Path attributions agree with XGBoost's approx_contribs and add up to the margin.
TEST(TreeEnsemble, ContributionsMatchXgboostApproximateContributions) {
  Data train = MakeData(2000, 12, false, 21);
  Data test = MakeData(200, 12, false, 22);
  TrainingParameters p;
  p.rounds = 40;
  p.threads = 1;
  auto booster = Booster::Train({train.x.data(), train.rows, train.columns}, train.y, {}, p);
  ASSERT_TRUE(booster.ok()) << booster.status();
  auto ensemble = TreeEnsemble::FromXgboostJson(*booster->ToJson());
  ASSERT_TRUE(ensemble.ok()) << ensemble.status();
  auto expected = booster->Contributions({test.x.data(), test.rows, test.columns}, /*approximate=*/true);
  ASSERT_TRUE(expected.ok()) << expected.status();
  const size_t width = test.columns + 1;
  ASSERT_EQ(expected->size(), test.rows * width);
  std::vector<float> got(width);
  double worst = 0;
  for (size_t i = 0; i < test.rows; ++i) {
    ensemble->Contributions(test.x.data() + i * test.columns, got.data());
    float sum = 0;
    for (size_t c = 0; c < width; ++c) {
      worst = std::max(worst, static_cast<double>(std::fabs(got[c] - (*expected)[i * width + c])));
      sum += got[c];
    }
    EXPECT_NEAR(sum, ensemble->Margin(test.x.data() + i * test.columns), 1e-4);
  }
  EXPECT_LT(worst, 1e-4);
}

TEST(TreeEnsemble, RejectsWhatIsNotAnXgboostModel) {
  EXPECT_EQ(TreeEnsemble::FromXgboostJson("not json").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(TreeEnsemble::FromXgboostJson("{}").status().code(), absl::StatusCode::kDataLoss);
  auto unsupported = TreeEnsemble::FromXgboostJson(
      R"({"learner": {"objective": {"name": "multi:softmax"},
          "learner_model_param": {"base_score": "5E-1", "num_feature": "2"},
          "gradient_booster": {"model": {"trees": []}}}})");
  EXPECT_NE(unsupported.status().message().find("multi:softmax"), std::string_view::npos);
}

TEST(TreeEnsemble, RejectsANodeThatPointsOutsideItsTree) {
  auto bad = TreeEnsemble::FromXgboostJson(
      R"({"learner": {"objective": {"name": "binary:logistic"},
          "learner_model_param": {"base_score": "5E-1", "num_feature": "2"},
          "gradient_booster": {"model": {"trees": [{"left_children": [5, -1], "right_children": [1, -1],
            "split_indices": [0, 0], "split_conditions": [0.5, 0.1], "default_left": [1, 0],
            "sum_hessian": [2, 1]}]}}}})");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("out of range"), std::string_view::npos);
}

TEST(TreeEnsemble, RejectsNodesThatDoNotFormATree) {
  // Node 1 points back to the root: walking it would never reach a leaf.
  auto cycle = TreeEnsemble::FromXgboostJson(
      R"({"learner": {"objective": {"name": "binary:logistic"},
          "learner_model_param": {"base_score": "5E-1", "num_feature": "2"},
          "gradient_booster": {"model": {"trees": [{"left_children": [1, 0, -1], "right_children": [2, 2, -1],
            "split_indices": [0, 1, 0], "split_conditions": [0.5, 0.2, 0.1], "default_left": [1, 0, 0],
            "sum_hessian": [3, 2, 1]}]}}}})");
  EXPECT_EQ(cycle.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(cycle.status().message().find("cycle"), std::string_view::npos) << cycle.status();
}

}  // namespace
}  // namespace aduana::model
