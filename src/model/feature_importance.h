// Which inputs a trained model leans on: the total gain (loss reduction) of every split on each input, summed
// over the trees of XGBoost's JSON model, as XGBoost's own "total_gain" importance counts it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace aduana::model {

struct FeatureGain {
  int feature = 0;  // column index
  double total_gain = 0;
  int64_t splits = 0;
};

// Inputs with at least one split, by total gain (highest first; ties by column), at most `top` of them.
absl::StatusOr<std::vector<FeatureGain>> TotalGainByFeature(std::string_view booster_json, size_t top);

}  // namespace aduana::model
