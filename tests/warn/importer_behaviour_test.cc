// Behaviour change of one importer, on hand-made declaration sequences, with the cases that must not alert.
#include "warn/importer_behaviour.h"

#include <gtest/gtest.h>

#include "rules/parser.h"

namespace aduana::warn {
namespace {

constexpr UnixMillis kT0 = 1'735'689'600'000;  // 2025-01-01

ImporterDeclaration Usual(const std::string& importer, int n) {
  return {importer + "-" + std::to_string(n), importer, "BROKER1", kT0 + n * kMillisPerDay, {"84"}, {"CN"}, 1.0};
}

// Feeds `count` usual declarations numbered from `first`; returns the alerts.
std::vector<Alert> FeedUsual(ImporterBehaviour& b, const std::string& importer, int first, int count) {
  std::vector<Alert> alerts;
  for (int n = first; n < first + count; ++n) b.Observe(Usual(importer, n), &alerts);
  return alerts;
}

std::string Tagged(const char* prefix, int n) { return std::string(prefix).append(std::to_string(n)); }

std::vector<std::string> Detectors(const std::vector<Alert>& alerts) {
  std::vector<std::string> out;
  for (const Alert& a : alerts) out.push_back(a.detector);
  return out;
}

TEST(ImporterBehaviour, NewChaptersAndOriginsAlertOnceMostOfTheLatestCarryThem) {
  ImporterBehaviour b;
  EXPECT_TRUE(FeedUsual(b, "IMP", 0, 25).empty()) << "a steady importer";
  std::vector<Alert> alerts;
  for (int n = 25; n < 40; ++n) {
    ImporterDeclaration d = Usual("IMP", n);
    d.chapters = {"61"};
    d.origins = {"BD"};
    size_t before = alerts.size();
    b.Observe(d, &alerts);
    if (n < 27) {
      EXPECT_EQ(alerts.size(), before) << "2 of 5 are not yet most";
    }
  }
  EXPECT_EQ(Detectors(alerts), (std::vector<std::string>{"new_hs_chapters", "new_origins"})) << "once each";
  EXPECT_EQ(alerts[0].subject, "IMP");
  EXPECT_EQ(alerts[0].declarations.size(), 5u);
  EXPECT_NE(alerts[0].evidence.find("(61)"), std::string::npos) << alerts[0].evidence;
  auto parsed = rules::ParseRules(alerts[0].suggested_rule, "suggested");
  EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << alerts[0].suggested_rule;
}

TEST(ImporterBehaviour, ABrokerSwitchAndAPriceDropAlert) {
  ImporterBehaviour b;
  FeedUsual(b, "IMP", 0, 25);
  std::vector<Alert> alerts;
  for (int n = 25; n < 30; ++n) {
    ImporterDeclaration d = Usual("IMP", n);
    d.declarant_id = "BROKER2";
    d.price_ratio = 0.4;
    b.Observe(d, &alerts);
  }
  ASSERT_EQ(Detectors(alerts), (std::vector<std::string>{"importer_price_drop", "switched_broker"}));
  EXPECT_EQ(alerts[0].severity, Severity::kHigh);
  EXPECT_DOUBLE_EQ(alerts[0].observed, 0.4);
  EXPECT_DOUBLE_EQ(alerts[0].baseline, 1.0);
  EXPECT_NE(alerts[1].evidence.find("BROKER2"), std::string::npos) << alerts[1].evidence;
}

TEST(ImporterBehaviour, StaysQuietOnShortHistoriesLoneOddDeclarationsAndUnknownPrices) {
  ImporterBehaviour b;
  std::vector<Alert> alerts;
  // Short history: 10 declarations, then new goods from a new origin through a new broker at a low price.
  FeedUsual(b, "YOUNG", 0, 10);
  for (int n = 10; n < 15; ++n) {
    ImporterDeclaration d = Usual("YOUNG", n);
    d.chapters = {"61"};
    d.origins = {"BD"};
    d.declarant_id = "BROKER2";
    d.price_ratio = 0.3;
    b.Observe(d, &alerts);
  }
  // Lone odd declarations: one in five.
  FeedUsual(b, "OLD", 0, 25);
  for (int n = 25; n < 60; ++n) {
    ImporterDeclaration d = Usual("OLD", n);
    if (n % 5 == 0) {
      d.chapters = {Tagged("9", n % 10)};
      d.origins = {Tagged("X", n)};
      d.declarant_id = Tagged("ONE-OFF-", n);
      d.price_ratio = 0.2;
    }
    b.Observe(d, &alerts);
  }
  // Prices unknown (no reference): no price signal, whatever else.
  FeedUsual(b, "NOREF", 0, 25);
  for (int n = 25; n < 30; ++n) {
    ImporterDeclaration d = Usual("NOREF", n);
    d.price_ratio = 0;
    b.Observe(d, &alerts);
  }
  for (const Alert& a : alerts) ADD_FAILURE() << a.detector << " " << a.subject << ": " << a.evidence;
}

TEST(ImporterBehaviour, AnImporterAlertsAgainOnlyAfterTheQuietDays) {
  ImporterBehaviourConfig config;
  config.quiet_days = 30;
  ImporterBehaviour b(config);
  FeedUsual(b, "IMP", 0, 25);
  std::vector<Alert> alerts;
  for (int n = 25; n < 100; ++n) {  // a new broker for every declaration, one a day
    ImporterDeclaration d = Usual("IMP", n);
    d.declarant_id = Tagged("BROKER-", n);
    b.Observe(d, &alerts);
  }
  ASSERT_EQ(alerts.size(), 3u) << "days 29, 59 and 89";
  EXPECT_EQ(alerts[1].declarations.back(), "IMP-59");
}

}  // namespace
}  // namespace aduana::warn
