// Model and rule health: the population stability index and its bins, the binomial tail, the random sample
// beating risk selection (and the cases that must not alert), score drift growing with the distance from
// training, the inputs a planted drift moved named first in the drift alert, and a rule whose hit rate fell
// (next to rules that must not alert).
#include "warn/model_health.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

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

TEST(FeatureEdges, GiveADominantValueABinOfItsOwn) {
  std::vector<double> flag(100, 0.0);
  for (int i = 0; i < 5; ++i) flag[static_cast<size_t>(i)] = 1;  // a flag set on 5% of the baseline
  ASSERT_EQ(QuantileEdges(flag, 10), std::vector<double>{0.0}) << "every decile is 0";
  const std::vector<double> edges = FeatureEdges(flag, 10);
  const std::vector<double> shares = BinShares({0, 1, 1, 1}, edges);
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_DOUBLE_EQ(shares[1], 0.25) << "the 0s alone";
  EXPECT_DOUBLE_EQ(shares[2], 0.75) << "the 1s above them";
  EXPECT_EQ(FeatureEdges(std::vector<double>(50, 2.0), 10).size(), 2u) << "a constant: below, it, above";
  std::vector<double> spread;
  for (int i = 0; i < 1000; ++i) spread.push_back(i);
  EXPECT_EQ(FeatureEdges(spread, 10), QuantileEdges(spread, 10)) << "continuous values: the deciles alone";
}

TEST(FeatureRows, KeepBoundedRowsThatStandForEveryDeclaration) {
  FeatureRows rows(2, 100);
  for (int i = 0; i < 1000; ++i) {
    const float row[2] = {static_cast<float>(i), i % 4 == 0 ? std::nanf("") : 1.0f};
    rows.Add(row);
  }
  EXPECT_EQ(rows.declarations(), 1000);
  EXPECT_GE(rows.kept(), 50u);
  EXPECT_LE(rows.kept(), 100u);
  EXPECT_DOUBLE_EQ(rows.weight() * static_cast<double>(rows.kept()), 1000);
  EXPECT_DOUBLE_EQ(rows.sum(0), 999 * 1000 / 2) << "sums cover every row, kept or not";
  EXPECT_EQ(rows.present(1), 750);
  for (size_t i = 1; i < rows.kept(); ++i) {
    EXPECT_EQ(rows.row(i)[0] - rows.row(i - 1)[0], rows.row(1)[0] - rows.row(0)[0]) << "evenly spread";
  }
}

// Baseline and window rows of three inputs: a steady one, a flag that turns from rare to common, and one
// that goes missing more often.
TEST(FeatureDriftRanker, RanksTheInputsThatMovedFirst) {
  const float nan = std::nanf("");
  FeatureRows baseline(3, 1000), window(3, 1000);
  for (int i = 0; i < 800; ++i) {
    const float steady = static_cast<float>(i % 100);
    const float before[3] = {steady, i % 20 == 0 ? 1.0f : 0.0f, i % 10 == 0 ? nan : 5.0f};
    const float after[3] = {steady, i % 2 == 0 ? 1.0f : 0.0f, i % 10 < 3 ? nan : 5.0f};
    baseline.Add(before);
    window.Add(after);
  }
  FeatureDriftRanker ranker({"steady", "flag", "missing_more"}, baseline, 10);
  const std::vector<FeatureDrift> top = ranker.Rank({&window}, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].name, "flag");
  EXPECT_GT(top[0].psi, 0.5);
  EXPECT_DOUBLE_EQ(top[0].baseline_mean, 0.05);
  EXPECT_DOUBLE_EQ(top[0].window_mean, 0.5);
  EXPECT_EQ(top[1].name, "missing_more");
  EXPECT_GT(top[1].psi, 0.1);
  EXPECT_DOUBLE_EQ(top[1].window_mean, 5) << "means are over the rows where the input is present";
  const std::vector<FeatureDrift> all = ranker.Rank({&window}, 10);
  ASSERT_EQ(all.size(), 3u) << "no more than there are inputs";
  EXPECT_EQ(all[2].name, "steady");
  EXPECT_LT(all[2].psi, 1e-9);
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

// A store with one importer per rule and its declarations week by week, some of them controlled, over the 26
// weeks FallingRuleHitRates compares with and the 8 weeks it judges.
class RuleHealth : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    for (const char* id : {"BROKER", "IMP-FALL", "IMP-HALF", "IMP-STABLE", "IMP-FEW", "IMP-NONE"}) {
      Company c;
      c.company_id = c.name = id;
      c.country = "MX";
      ASSERT_TRUE(store_->Put(c, 1).ok());
    }
  }

  // `controls` controlled declarations of `importer`, `found` of them non-compliant, spread over the weeks
  // from `first_week` (0 = the first of the 26 earlier weeks), and one declaration a week left uncontrolled:
  // a rule's hit rate is over its controls, not over what it selected.
  void Lodge(const std::string& importer, int first_week, int weeks, int controls, int found) {
    for (int i = 0; i < controls + weeks; ++i) {
      const bool controlled = i < controls;
      const int week = first_week + (controlled ? i % weeks : i - controls);
      Declaration d;
      d.declaration_id = importer + "-" + std::to_string(next_++);
      d.lodged_at = start_ + week * kWeek + kMillisPerDay + next_;
      d.customs_office = "MX160";
      d.importer_id = importer;
      d.declarant_id = "BROKER";
      ASSERT_EQ(*store_->Put(d, static_cast<Fingerprint>(next_)), PutResult::kInserted);
      if (!controlled) continue;
      InspectionOutcome o;
      o.declaration_id = d.declaration_id;
      o.channel = "red";
      o.inspected_at = d.lodged_at + kMillisPerDay;
      o.non_compliant = i < found;
      ASSERT_EQ(*store_->Put(o, static_cast<Fingerprint>(next_)), PutResult::kInserted);
    }
  }
  void Earlier(const std::string& importer, int controls, int found) { Lodge(importer, 0, 26, controls, found); }
  void Recent(const std::string& importer, int controls, int found) { Lodge(importer, 26, 8, controls, found); }

  static StoredRule Rule(const std::string& id, const std::string& importer) {
    const std::string source = std::string("rule ").append(id).append(" version 1\n  author \"ana\"\n")
                                   .append("  justification \"test\"\n  when declaration.importer in [\"")
                                   .append(importer).append("\"]\n  then score + 0.1\n")
                                   .append("  instructions \"Check the documents.\"\nend\n");
    return {id, 1, source, "ana", 1, true};
  }

  static constexpr UnixMillis kWeek = 7 * kMillisPerDay;
  const UnixMillis to_ = *ParseDate("2025-12-29") * kMillisPerDay;  // a Monday
  const UnixMillis start_ = to_ - 34 * kWeek;
  aduana::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int next_ = 1;
};

TEST_F(RuleHealth, AlertsOnARuleWhoseControlsStoppedFindingAndOnNoOther) {
  Earlier("IMP-FALL", 52, 20);  // 38% ...
  Recent("IMP-FALL", 40, 2);    // ... then 5%: under a quarter, high
  Earlier("IMP-HALF", 52, 21);  // 40% ...
  Recent("IMP-HALF", 40, 6);    // ... then 15%: under half, medium
  Earlier("IMP-STABLE", 52, 16);
  Recent("IMP-STABLE", 40, 12);  // 31% then 30%
  Earlier("IMP-FEW", 40, 20);
  Recent("IMP-FEW", 10, 0);      // 50% then 0 of 10: too few controls to judge
  Earlier("IMP-NONE", 52, 26);
  Recent("IMP-NONE", 40, 0);     // its rule was replaced: an inactive version is not judged
  ASSERT_TRUE(store_->ActivateRules({Rule("R-OLD", "IMP-NONE")}).ok());
  ASSERT_TRUE(store_->ActivateRules({Rule("R-FALL", "IMP-FALL"), Rule("R-HALF", "IMP-HALF"),
                                     Rule("R-STABLE", "IMP-STABLE"), Rule("R-FEW", "IMP-FEW")})
                  .ok());

  auto alerts = FallingRuleHitRates(*store_, to_, {});
  ASSERT_TRUE(alerts.ok()) << alerts.status();
  ASSERT_EQ(alerts->size(), 2u);
  const Alert& fall = (*alerts)[0];
  EXPECT_EQ(fall.detector, "rule_hit_rate_fall");
  EXPECT_EQ(fall.subject_kind, "rule");
  EXPECT_EQ(fall.subject, "R-FALL@1");
  EXPECT_EQ(fall.severity, Severity::kHigh);
  EXPECT_EQ(fall.week, WeekOf(to_ - 1));
  EXPECT_DOUBLE_EQ(fall.observed, 2.0 / 40);
  EXPECT_DOUBLE_EQ(fall.baseline, 20.0 / 52);
  EXPECT_EQ(fall.baseline_weeks, 26);
  EXPECT_NE(fall.evidence.find("hit rate 5.0% (2 of 40 controls)"), std::string::npos) << fall.evidence;
  EXPECT_NE(fall.evidence.find("38.5% (20 of 52) before"), std::string::npos) << fall.evidence;
  char p[32];
  std::snprintf(p, sizeof p, "P = %.2g:", BinomialLowerTail(2, 40, 20.0 / 52));
  EXPECT_LT(BinomialLowerTail(2, 40, 20.0 / 52), 1e-4);
  EXPECT_NE(fall.evidence.find(p), std::string::npos) << fall.evidence;
  const Alert& half = (*alerts)[1];
  EXPECT_EQ(half.subject, "R-HALF@1");
  EXPECT_EQ(half.severity, Severity::kMedium);
  EXPECT_DOUBLE_EQ(half.observed, 6.0 / 40);
  EXPECT_DOUBLE_EQ(half.baseline, 21.0 / 52);
  EXPECT_NE(half.evidence.find("15.0% (6 of 40 controls)"), std::string::npos) << half.evidence;
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

// Rewrites transport_mode in a generated declarations.csv: `before` for the declarations lodged before
// `from_day` ("YYYY-MM-DD"), `after` from then on. A drift in one input, the rest of the history as generated.
// Returns how many declarations got `after`.
int PlantTransportMode(const std::string& path, const std::string& from_day, int before, int after) {
  std::ifstream in(path);
  std::string header, line, out;
  std::getline(in, header);
  out.append(header).append("\n");
  std::vector<std::string> columns;
  std::stringstream names(header);
  for (std::string name; std::getline(names, name, ',');) columns.push_back(name);
  const auto column = [&columns](const std::string& name) {
    return static_cast<size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
  };
  const size_t lodged = column("lodged_at"), transport = column("transport_mode");
  int planted = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.find('"'), std::string::npos) << "declarations carry no quoted fields: " << line;
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields.size() == columns.size()) {
      const bool planted_day = fields[lodged] >= from_day;  // ISO timestamps compare as text
      fields[transport] = std::to_string(planted_day ? after : before);
      planted += planted_day ? 1 : 0;
    }
    for (size_t i = 0; i < fields.size(); ++i) out.append(i > 0 ? "," : "").append(fields[i]);
    out.append("\n");
  }
  in.close();
  std::ofstream(path, std::ios::trunc) << out;
  return planted;
}

// Every declaration comes by sea (mode 1) until 2025-10-12 and by fixed installation (mode 7) from 2025-10-13:
// the model's input transport.mode moves, and the drift alert must name it first. Inputs that grow with time
// (days since an office was first seen) move too, over any weeks after training, with a PSI of up to about 8
// or 11 on this history; the plant, a new value taking over a constant one, reaches the index's ceiling
// (about 18 with its floor of 1e-4 a bin). A 2,000-declaration history keeps generation, ingestion and
// training to a few seconds.
TEST(ScoreDrift, NamesThePlantedInputFirstInTheEvidence) {
  aduana::testing::TempDir dir;
  using aduana::testing::Aduana;
  using aduana::testing::RunCommand;
  auto gen = RunCommand(Aduana() + " generate --out " + dir.File("data") +
                        " --declarations 2000 --seed 21 --start 2025-07-01 --days 140 --malformed-rate 0");
  ASSERT_EQ(gen.exit_code, 0) << gen.output;
  ASSERT_GT(PlantTransportMode(dir.File("data/declarations.csv"), "2025-10-13", 1, 7), 300);
  auto ingest = RunCommand(Aduana() + " ingest --db " + dir.File("s.db") + " " + dir.File("data"));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  auto train = RunCommand(Aduana() + " train --db " + dir.File("s.db") + " --rounds 20 --until 2025-09-30");
  ASSERT_EQ(train.exit_code, 0) << train.output;
  auto store = OpenSqliteStore(dir.File("s.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  auto active = (*store)->LoadActiveModel();
  ASSERT_TRUE(active.ok() && active->has_value());
  auto model = model::RiskModel::Load(**active);
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_GE(model->schema().IndexOf("transport.mode"), 0);

  ModelHealthConfig every_week;  // every week alerts, so each week's inputs can be read
  every_week.psi_medium = 0;
  every_week.quiet_weeks = 0;
  every_week.window_weeks = 2;
  every_week.min_window_declarations = 100;  // about 100 declarations a week
  const UnixMillis from = *ParseDate("2025-10-06") * kMillisPerDay;
  const UnixMillis to = *ParseDate("2025-11-10") * kMillisPerDay;
  auto alerts = ScoreDriftWithFeatures(**store, *model, from, to, every_week);
  ASSERT_TRUE(alerts.ok()) << alerts.status();
  ASSERT_EQ(alerts->size(), 5u);

  // The week of 2025-10-06 (with the week before it): nothing planted yet.
  const ScoreDriftAlert& before = alerts->front();
  ASSERT_EQ(before.top_features.size(), every_week.top_features);
  for (const FeatureDrift& f : before.top_features) EXPECT_NE(f.name, "transport.mode") << before.alert.evidence;

  // The week of 2025-11-03 (with the week before it): every declaration planted.
  const ScoreDriftAlert& after = alerts->back();
  ASSERT_EQ(after.top_features.size(), every_week.top_features);
  const FeatureDrift& first = after.top_features[0];
  EXPECT_EQ(first.name, "transport.mode") << after.alert.evidence;
  EXPECT_GT(first.psi, after.top_features[1].psi + 2) << after.alert.evidence;
  EXPECT_DOUBLE_EQ(first.baseline_mean, 1);
  EXPECT_DOUBLE_EQ(first.window_mean, 7);
  const std::string& evidence = after.alert.evidence;
  EXPECT_NE(evidence.find("inputs that moved most (PSI; mean in the weeks before training -> in these weeks): "
                          "transport.mode "),
            std::string::npos)
      << evidence;
  EXPECT_NE(evidence.find("transport.mode 18.4"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("(1 -> 7)"), std::string::npos) << evidence;
  EXPECT_EQ(evidence.substr(evidence.size() - 7), "retrain") << evidence;
}

}  // namespace
}  // namespace aduana::warn
