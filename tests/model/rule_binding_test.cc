// Rules over the engine's fields: model features, declaration values and codes, and per item the unit value
// against the reference price; and how the verdicts of several rules combine into a ranking.
#include "model/rule_binding.h"

#include <gtest/gtest.h>

namespace aduana::model {
namespace {

constexpr UnixMillis kDay = kMillisPerDay;

DeclarationRecord Record(const std::string& id, double value_per_kg, UnixMillis at) {
  DeclarationRecord r;
  r.declaration.declaration_id = id;
  r.declaration.lodged_at = at;
  r.declaration.customs_office = "MXVER";
  r.declaration.importer_id = "IMP";
  r.declaration.declarant_id = "BRK";
  r.declaration.country_of_export = "CN";
  r.declaration.customs_value = value_per_kg * 100;
  for (const char* hs : {"850440", "610910"}) {  // the priced goods are the second item
    GoodsItem& item = r.items.emplace_back();
    item.hs_code = hs;
    item.country_of_origin = "CN";
    item.net_mass_kg = 100;
    item.customs_value = value_per_kg * 100;
  }
  return r;
}

const char* kRules = R"(
rule UV version 1
  author "a"
  justification "j"
  when item.hs_code hs "6109" and item.unit_value_ratio < 0.5
  then score + 0.3
  instructions "i"
end
rule FEATURE version 2
  author "a"
  justification "j"
  when items.count >= 2 and declaration.office == "MXVER"
  then channel yellow
  instructions "i"
end
rule MISMATCH version 1
  author "a"
  justification "j"
  when has_discrepancy("gross_mass_mismatch")
  then channel red
  instructions "i"
end
)";

class RuleBindingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Reference: ten earlier declarations of the goods at 10 per kg.
    for (int i = 0; i < 10; ++i) {
      DeclarationRecord r = Record(std::to_string(i), 10, i * kDay);
      profile::DeclarationKeys k;
      profile::ExtractKeys(r, "", &k);
      book_.ObserveDeclaration(k, r.declaration.lodged_at);
    }
  }

  absl::StatusOr<RuleVerdict> Assess(const DeclarationRecord& r) {
    profile::DeclarationKeys k;
    profile::ExtractKeys(r, "", &k);
    std::vector<float> features(schema_.size());
    FeatureBuilder(schema_, book_).Build(r, k, features.data());
    return binding_->Assess(*set_, r, k, features.data(), book_);
  }

  profile::ProfileBook book_;
  FeatureSchema schema_ = FeatureSchema::Standard({});
  absl::StatusOr<RuleBinding> binding_ = RuleBinding::Create(schema_);
  absl::StatusOr<rules::RuleSet> set_ = binding_->Compile(kRules, "t.rules");
};

TEST_F(RuleBindingTest, CatalogHoldsEveryFeatureAndTheDeclarationAndItemFields) {
  ASSERT_TRUE(binding_.ok()) << binding_.status();
  for (const std::string& name : schema_.names()) EXPECT_NE(binding_->catalog().Find(name), nullptr) << name;
  for (const char* name : {"declaration.customs_value", "declaration.office", "item.hs_code", "item.unit_value_ratio"}) {
    EXPECT_NE(binding_->catalog().Find(name), nullptr) << name;
  }
  ASSERT_TRUE(set_.ok()) << set_.status();
}

TEST_F(RuleBindingTest, UnitValueAgainstTheReferenceSelectsTheUndervaluedItem) {
  ASSERT_TRUE(set_.ok()) << set_.status();
  auto cheap = Assess(Record("X", 2, 20 * kDay));  // 2 per kg against a reference of 10: ratio 0.2
  ASSERT_TRUE(cheap.ok()) << cheap.status();
  ASSERT_EQ(cheap->hits.size(), 2u);  // UV and FEATURE
  EXPECT_EQ(cheap->hits[0].rule_index, 0);
  EXPECT_EQ(cheap->hits[0].item_index, 1);
  EXPECT_DOUBLE_EQ(cheap->score_delta, 0.3);
  EXPECT_TRUE(cheap->forced);
  EXPECT_EQ(cheap->channel, rules::Channel::kYellow);

  auto fair = Assess(Record("Y", 9, 20 * kDay));
  ASSERT_TRUE(fair.ok());
  EXPECT_DOUBLE_EQ(fair->score_delta, 0.0);
}

TEST_F(RuleBindingTest, TheStrictestForcedChannelWinsAndRanksFirst) {
  ASSERT_TRUE(set_.ok()) << set_.status();
  DeclarationRecord r = Record("Z", 9, 20 * kDay);
  r.discrepancy_kinds = {"gross_mass_mismatch"};
  auto verdict = Assess(r);
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->channel, rules::Channel::kRed);  // red beats the yellow of FEATURE

  RuleVerdict none, scored, yellow, green;
  scored.score_delta = 0.5;
  yellow.forced = true;
  yellow.channel = rules::Channel::kYellow;
  green.forced = true;
  green.channel = rules::Channel::kGreen;
  EXPECT_GT(RuleRankingScore(*verdict, 0.0), RuleRankingScore(yellow, 0.99));
  EXPECT_GT(RuleRankingScore(yellow, 0.0), RuleRankingScore(scored, 0.99));
  EXPECT_GT(RuleRankingScore(scored, 0.2), RuleRankingScore(none, 0.6));
  EXPECT_LT(RuleRankingScore(green, 0.99), RuleRankingScore(none, 0.0));
}

}  // namespace
}  // namespace aduana::model
