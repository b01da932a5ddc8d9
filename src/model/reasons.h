// Reason codes: the features that moved a declaration's score most (SHAP contributions from XGBoost), said in
// words an officer understands, e.g. "importer IMP0042: past findings rate 38.0% against 4.1% overall".
#pragma once

#include <string>
#include <vector>

#include "model/features.h"
#include "profile/declaration_keys.h"
#include "store/store.h"

namespace aduana::model {

struct Reason {
  std::string feature;
  float value = 0;
  float effect = 0;  // signed contribution to the score's margin (log-odds); > 0 raises the risk
  std::string text;
};

// The `top` features with the largest |contribution| (contributions: one per feature, then the bias).
std::vector<Reason> TopReasons(const FeatureSchema& schema, const float* features, const float* contributions,
                               const profile::DeclarationKeys& keys,
                               double overall_rate, int top);

}  // namespace aduana::model
