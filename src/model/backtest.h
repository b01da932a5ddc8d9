// Back-testing on the store's history: replays it point-in-time and scores every inspected declaration lodged in
// a window with the active model and with simple baselines, so selection strategies can be compared on the same
// declarations: the model, a per-entity risk-profile baseline (smoothed past hit rates only) and random choice.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/risk_model.h"
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
};

absl::StatusOr<std::vector<BacktestRow>> Backtest(Store& store, const RiskModel& model, UnixMillis from, UnixMillis to,
                                                  const std::string& label);

}  // namespace aduana::model
