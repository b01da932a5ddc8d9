// Channel selection with an injected clock and seeded risk: forced rules, the random control sample, capacity
// per office and day, pacing over a busy day, an immediate capacity change, trusted traders, blue for revenue.
#include "select/channel_selector.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace aduana::select {
namespace {

constexpr UnixMillis kDay = kMillisPerDay;
constexpr UnixMillis kStart = 20000 * kDay;  // 2024-10-04, midnight UTC

// Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string at -O3.
std::string Id(std::string_view prefix, int n) {
  std::string id(prefix);
  id += std::to_string(n);
  return id;
}

SelectionConfig NoRandom() {
  SelectionConfig c;
  c.random_rate = 0;
  return c;
}

DecisionInput Input(const std::string& id, UnixMillis at, double risk, std::string_view office = "MXNLD") {
  DecisionInput in;
  in.declaration_id = id;
  in.office = office;
  in.at = at;
  in.risk = risk;
  return in;
}

// `days` days of `per_day` declarations spread evenly over each day, risk uniform in [0, 1).
struct Replay {
  std::vector<Decision> decisions;
  std::vector<double> risks;
  std::vector<int> day_of;
};
Replay RunDays(ChannelSelector& selector, int first_day, int days, int per_day, uint32_t seed,
               std::string_view office = "MXNLD") {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uniform;
  Replay r;
  for (int day = first_day; day < first_day + days; ++day) {
    for (int i = 0; i < per_day; ++i) {
      std::string id = Id(office, day);
      id += '-';
      id += std::to_string(i);
      double risk = uniform(rng);
      r.decisions.push_back(selector.Decide(Input(id, kStart + day * kDay + i * (kDay / per_day), risk, office)));
      r.risks.push_back(risk);
      r.day_of.push_back(day - first_day);
    }
  }
  return r;
}

TEST(ChannelSelector, AForcingRuleDecidesAndIsNamed) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 0, .yellow = 0, .blue = 0}));
  DecisionInput in = Input("D1", kStart, 0.01);
  in.forced = true;
  in.forced_channel = Channel::kRed;
  in.forcing_rule = "PTY-REPEAT-OFFENDER";
  Decision d = selector.Decide(in);
  EXPECT_EQ(d.channel, Channel::kRed);  // even with no capacity: a forced inspection is mandatory
  EXPECT_EQ(d.basis, Basis::kRule);
  EXPECT_NE(d.explanation.find("rule PTY-REPEAT-OFFENDER sets the red channel"), std::string::npos) << d.explanation;
  EXPECT_EQ(selector.Today("MXNLD").red, 1);
}

TEST(ChannelSelector, RandomSampleIsTheConfiguredShareAndReproducible) {
  SelectionConfig config;
  config.random_rate = 0.02;
  ChannelSelector a(config, CapacityPlan());
  config.random_key = 12345;
  ChannelSelector b(config, CapacityPlan());
  int in_a = 0, in_both = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string id = Id("DECL", i);
    bool sampled = a.InRandomSample(id);
    EXPECT_EQ(sampled, a.InRandomSample(id));
    in_a += sampled;
    in_both += sampled && b.InRandomSample(id);
  }
  EXPECT_NEAR(in_a, 2000, 200);  // 2% of 100,000 (binomial sd 44)
  EXPECT_LT(in_both, 200);       // another key draws another sample
  // A sampled declaration goes red whatever its risk, and is recorded as random.
  std::string sampled_id;
  for (int i = 0; sampled_id.empty(); ++i) {
    if (a.InRandomSample(Id("X", i))) sampled_id = Id("X", i);
  }
  Decision d = a.Decide(Input(sampled_id, kStart, 0.0));
  EXPECT_EQ(d.channel, Channel::kRed);
  EXPECT_TRUE(d.random);
  EXPECT_EQ(d.basis, Basis::kRandom);
  EXPECT_EQ(a.Today("MXNLD").random, 1);
  EXPECT_EQ(a.Today("MXNLD").red, 0);  // the sample does not use the risk-based capacity
}

TEST(ChannelSelector, StaysWithinEachDaysCapacityAndSelectsTheRiskiest) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 20, .yellow = 50, .blue = 0, .expected_declarations = 1000}));
  Replay r = RunDays(selector, 0, 10, 1000, 7);
  std::vector<int> red(10), yellow(10);
  double red_risk = 0, green_risk = 0;
  int greens = 0;
  for (size_t i = 0; i < r.decisions.size(); ++i) {
    const Decision& d = r.decisions[i];
    red[r.day_of[i]] += d.channel == Channel::kRed;
    yellow[r.day_of[i]] += d.channel == Channel::kYellow;
    if (d.channel == Channel::kRed) red_risk += r.risks[i];
    if (d.channel == Channel::kGreen) {
      green_risk += r.risks[i];
      ++greens;
    }
  }
  for (int day = 0; day < 10; ++day) {
    EXPECT_LE(red[day], 20) << "day " << day;
    EXPECT_LE(yellow[day], 50) << "day " << day;
    if (day > 0) {  // once the window is warm, the capacity is used, not left idle
      EXPECT_GE(red[day], 15) << "day " << day;
      EXPECT_GE(yellow[day], 40) << "day " << day;
    }
  }
  int reds = 0;
  for (int n : red) reds += n;
  EXPECT_GT(red_risk / reds, 0.9);               // the top 2% of a uniform risk
  EXPECT_LT(green_risk / greens, 0.5 + 0.05);     // what is left is ordinary
}

TEST(ChannelSelector, ABusyDayDoesNotSpendItsCapacityInTheMorning) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 20, .yellow = 0, .blue = 0, .expected_declarations = 500}));
  RunDays(selector, 0, 3, 500, 11);  // three ordinary days teach the office its volume
  Replay busy = RunDays(selector, 3, 1, 2000, 12);  // then a day with four times as many declarations
  int reds = 0, late_reds = 0;
  for (size_t i = 0; i < busy.decisions.size(); ++i) {
    if (busy.decisions[i].channel != Channel::kRed) continue;
    ++reds;
    late_reds += i >= busy.decisions.size() / 2;
  }
  EXPECT_LE(reds, 20);
  EXPECT_GE(late_reds, 4) << "the afternoon's risky declarations still find inspectors";
}

TEST(ChannelSelector, ACapacityChangeShowsInTheNextDecisions) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 50, .yellow = 0, .blue = 0, .expected_declarations = 1000}));
  RunDays(selector, 0, 2, 1000, 3);
  Decision before = selector.Decide(Input("HIGH-1", kStart + 2 * kDay, 0.999));
  EXPECT_EQ(before.channel, Channel::kRed);
  selector.SetCapacity("MXNLD", {.red = 0, .yellow = 10, .blue = 0, .expected_declarations = 1000});
  Decision after = selector.Decide(Input("HIGH-2", kStart + 2 * kDay + 1, 0.999));
  EXPECT_EQ(after.channel, Channel::kYellow);
  EXPECT_EQ(selector.Capacity("MXNLD").red, 0);
  EXPECT_EQ(selector.Capacity("MXVER").red, 50);  // other offices keep the default
}

TEST(ChannelSelector, TrustedTradersAndRiskClassesMoveThePriority) {
  ChannelSelector selector(NoRandom(), CapacityPlan());
  DecisionInput in = Input("A", kStart, 0.4);
  double plain = selector.Decide(in).priority;
  in.declaration_id = "B";
  in.trusted_trader = true;
  EXPECT_DOUBLE_EQ(selector.Decide(in).priority, plain * 0.5);
  in.declaration_id = "C";
  in.trusted_trader = false;
  in.importer_class = profile::RiskClass::kHigh;
  in.rule_score_delta = 0.2;
  EXPECT_DOUBLE_EQ(selector.Decide(in).priority, plain + 0.2 + 0.15);
}

TEST(ChannelSelector, ReleasesWithTheMostRevenueAtStakeGoBlue) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 0, .yellow = 0, .blue = 10, .expected_declarations = 1000}));
  std::mt19937 rng(5);
  std::exponential_distribution<double> revenue(1.0 / 1000);
  int blue = 0;
  double blue_revenue = 0, other_revenue = 0;
  for (int i = 0; i < 3000; ++i) {
    DecisionInput in = Input(Id("R", i), kStart + i * (kDay / 1000), 0.1);
    in.expected_revenue = revenue(rng);
    Decision d = selector.Decide(in);
    if (d.channel == Channel::kBlue) {
      ++blue;
      blue_revenue += in.expected_revenue;
      EXPECT_EQ(d.basis, Basis::kRevenue);
      EXPECT_NE(d.explanation.find("expected additional revenue"), std::string::npos);
    } else {
      EXPECT_EQ(d.channel, Channel::kGreen);
      other_revenue += in.expected_revenue;
    }
  }
  EXPECT_GT(blue, 10);  // days 2 and 3 use their blue capacity
  EXPECT_LE(blue, 30);
  EXPECT_GT(blue_revenue / blue, 3 * other_revenue / (3000 - blue));
}

TEST(ChannelSelector, ColdStartUsesFixedThresholdsThenTheOfficesOwnDistribution) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 100, .yellow = 100, .blue = 0}));
  EXPECT_EQ(selector.Decide(Input("a", kStart, 0.7)).channel, Channel::kRed);     // >= 0.6
  EXPECT_EQ(selector.Decide(Input("b", kStart, 0.4)).channel, Channel::kYellow);  // >= 0.35
  EXPECT_EQ(selector.Decide(Input("c", kStart, 0.1)).channel, Channel::kGreen);
  Decision d = selector.Decide(Input("d", kStart, 0.1));
  EXPECT_NE(d.explanation.find("under the control threshold"), std::string::npos) << d.explanation;
}

TEST(ChannelSelector, ExplainsAReleaseWhenTheDaysCapacityIsUsedUp) {
  ChannelSelector selector(NoRandom(), CapacityPlan({.red = 1, .yellow = 0, .blue = 0}));
  EXPECT_EQ(selector.Decide(Input("a", kStart, 0.9)).channel, Channel::kRed);
  Decision d = selector.Decide(Input("b", kStart, 0.95));
  EXPECT_EQ(d.channel, Channel::kGreen);
  EXPECT_NE(d.explanation.find("capacity of MXNLD for today is used up (physical inspections 1 of 1"),
            std::string::npos) << d.explanation;
  // The next day has its capacity again.
  EXPECT_EQ(selector.Decide(Input("c", kStart + kDay, 0.9)).channel, Channel::kRed);
}

}  // namespace
}  // namespace aduana::select
