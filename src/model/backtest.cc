#include "model/backtest.h"

#include <xxhash.h>

#include <algorithm>

#include "core/status_macros.h"
#include "model/trainer.h"
#include "profile/timeline.h"

namespace aduana::model {
namespace {

// A reproducible pseudo-random score in [0, 1): the top 53 bits of the id's XXH3 hash.
double RandomScore(const std::string& id) {
  return static_cast<double>(XXH3_64bits(id.data(), id.size()) >> 11) / 9007199254740992.0;
}

}  // namespace

absl::StatusOr<std::vector<BacktestRow>> Backtest(Store& store, const RiskModel& model, UnixMillis from, UnixMillis to,
                                                  const std::string& label, const rules::RuleSet* rules) {
  profile::ProfileBook book(model.profile_config());
  const FeatureSchema& schema = model.schema();
  FeatureBuilder builder(schema, book);
  std::vector<int> profile_columns;
  for (const char* slot : {"importer", "declarant", "supplier", "hs6_origin", "lane"}) {
    int column = schema.IndexOf(std::string(slot) + ".hit_rate");
    if (column >= 0) profile_columns.push_back(column);
  }
  ADUANA_ASSIGN_OR_RETURN(RuleBinding binding, RuleBinding::Create(schema));
  std::vector<float> features(schema.size());
  std::vector<BacktestRow> rows;
  absl::Status rule_error;
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    if (!record.outcome || record.declaration.lodged_at < from) return;
    float y = 0, w = 1;
    LabelOf(*record.outcome, label, &y, &w);
    builder.Build(record, keys, features.data());
    BacktestRow row;
    row.declaration_id = record.declaration.declaration_id;
    row.lodged_at = record.declaration.lodged_at;
    row.positive = y > 0.5f;
    row.revenue = record.outcome->additional_revenue;
    row.model_score = model.Risk(features.data());
    for (int c : profile_columns) row.profile_score = std::max(row.profile_score, static_cast<double>(features[static_cast<size_t>(c)]));
    row.random_score = RandomScore(row.declaration_id);
    if (rules != nullptr) {
      absl::StatusOr<RuleVerdict> verdict = binding.Assess(*rules, record, keys, features.data(), book);
      if (!verdict.ok()) {
        rule_error.Update(verdict.status());
        return;
      }
      row.rules_score = RuleRankingScore(*verdict, 0);
      row.model_rules_score = RuleRankingScore(*verdict, row.model_score);
    }
    rows.push_back(std::move(row));
  };
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, to, &book, assess));
  ADUANA_RETURN_IF_ERROR(rule_error);
  return rows;
}

}  // namespace aduana::model
