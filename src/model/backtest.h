// Back-testing on the store's history: replays it point-in-time and scores every inspected declaration lodged in
// a window with the active model and with simple baselines, so selection strategies can be compared on the same
// declarations: the model, a per-entity risk-profile baseline (smoothed past hit rates only), random choice and,
// given analyst rules, the rules alone and the model with the rules.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/risk_model.h"
#include "model/rule_binding.h"
#include "store/store.h"

namespace aduana::model {

struct BacktestRow {
  std::string declaration_id;
  UnixMillis lodged_at = 0;
  bool positive = false;
  double revenue = 0;
  double model_score = 0;
  double profile_score = 0;  // the highest smoothed hit rate among importer, declarant, supplier, HS6 x origin, lane
  double random_score = 0;   // a fixed hash of the declaration id
  double rules_score = 0;        // RuleRankingScore(verdict, 0)
  double model_rules_score = 0;  // RuleRankingScore(verdict, model_score)
};

// `rules` may be null; it must be compiled against RuleBinding::Create(model.schema()).
absl::StatusOr<std::vector<BacktestRow>> Backtest(Store& store, const RiskModel& model, UnixMillis from, UnixMillis to,
                                                  const std::string& label, const rules::RuleSet* rules);

}  // namespace aduana::model
