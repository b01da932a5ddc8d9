#include "model/feature_importance.h"

#include <gtest/gtest.h>

namespace aduana::model {
namespace {

// Two trees: feature 2 splits twice (gains 5 and 1), feature 0 once (gain 3); leaves' loss changes are ignored.
constexpr const char* kModel = R"({"learner": {"gradient_booster": {"model": {"trees": [
  {"left_children": [1, -1, -1], "split_indices": [2, 0, 0], "loss_changes": [5.0, 9.0, 9.0]},
  {"left_children": [1, 3, -1, -1, -1], "split_indices": [0, 2, 7, 7, 7], "loss_changes": [3.0, 1.0, 8, 8, 8]}
]}}}})";

TEST(FeatureImportanceTest, SumsSplitGainsPerFeature) {
  absl::StatusOr<std::vector<FeatureGain>> gains = TotalGainByFeature(kModel, 10);
  ASSERT_TRUE(gains.ok()) << gains.status();
  ASSERT_EQ(gains->size(), 2u);
  EXPECT_EQ((*gains)[0].feature, 2);
  EXPECT_DOUBLE_EQ((*gains)[0].total_gain, 6.0);
  EXPECT_EQ((*gains)[0].splits, 2);
  EXPECT_EQ((*gains)[1].feature, 0);
  EXPECT_DOUBLE_EQ((*gains)[1].total_gain, 3.0);
}

TEST(FeatureImportanceTest, KeepsTheTopAndRefusesBrokenModels) {
  absl::StatusOr<std::vector<FeatureGain>> gains = TotalGainByFeature(kModel, 1);
  ASSERT_TRUE(gains.ok());
  EXPECT_EQ(gains->size(), 1u);
  EXPECT_FALSE(TotalGainByFeature("not json", 5).ok());
  EXPECT_FALSE(TotalGainByFeature(R"({"learner": {}})", 5).ok());
  EXPECT_FALSE(TotalGainByFeature(R"({"learner": {"gradient_booster": {"model": {"trees": [
    {"left_children": [1], "split_indices": [], "loss_changes": [1]}]}}}})", 5).ok());
}

}  // namespace
}  // namespace aduana::model
