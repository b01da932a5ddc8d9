#include "select/score_window.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace aduana::select {
namespace {

TEST(ScoreWindow, ThresholdSelectsTheTopShare) {
  ScoreWindow w(100);
  for (int i = 1; i <= 100; ++i) w.Add(i);  // 1 .. 100
  EXPECT_EQ(w.TopShareThreshold(0.05), 96);  // 96..100: five values
  EXPECT_EQ(w.TopShareThreshold(0.5), 51);
  EXPECT_EQ(w.TopShareThreshold(1.0), 1);
  EXPECT_EQ(w.TopShareThreshold(2.0), 1);
  EXPECT_EQ(w.TopShareThreshold(0.001), 100);  // any positive share selects at least the top value
  EXPECT_TRUE(std::isinf(w.TopShareThreshold(0)));
  EXPECT_TRUE(std::isinf(ScoreWindow(10).TopShareThreshold(0.5)));  // empty
}

TEST(ScoreWindow, OldestValuesLeaveAFullWindow) {
  ScoreWindow w(3);
  for (double v : {10.0, 20.0, 30.0, 1.0, 2.0}) w.Add(v);  // 10 and 20 have left
  EXPECT_EQ(w.size(), 3u);
  EXPECT_EQ(w.TopShareThreshold(1.0), 1);
  EXPECT_EQ(w.TopShareThreshold(0.34), 2);  // ceil(1.02) = 2 values: 30 and 2
  EXPECT_EQ(w.TopShareThreshold(0.3), 30);
}

TEST(ScoreWindow, IgnoresNaNAndKeepsDuplicates) {
  ScoreWindow w(4);
  w.Add(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(w.size(), 0u);
  for (double v : {5.0, 5.0, 5.0, 1.0}) w.Add(v);
  w.Add(7);  // the first 5 leaves: 5, 5, 1, 7
  EXPECT_EQ(w.size(), 4u);
  EXPECT_EQ(w.TopShareThreshold(0.75), 5);
  EXPECT_EQ(w.TopShareThreshold(1.0), 1);
}

}  // namespace
}  // namespace aduana::select
