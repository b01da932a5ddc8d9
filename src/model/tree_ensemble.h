// Aduana's own evaluator of a trained XGBoost model: the trees flattened into one array of 16-byte nodes, walked
// without allocation. It reproduces XGBoost's CPU prediction bit for bit (float accumulation in tree order,
// `value < threshold` goes left, missing follows the default branch); tests check that against XGBoost itself.
// XGBoost stays in charge of training; this is the online scoring path.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace aduana::model {

class TreeEnsemble {
 public:
  // Reads XGBoost's JSON model (gbtree; objectives binary:logistic, reg:squarederror, reg:tweedie).
  static absl::StatusOr<TreeEnsemble> FromXgboostJson(std::string_view json);

  // The raw margin, then the objective's transform (sigmoid, identity or exp).
  float Margin(const float* row) const;
  float Predict(const float* row) const;
  // Rows are row-major with `columns` values each.
  void PredictBatch(const float* rows, size_t n, size_t columns, float* out) const;

  size_t trees() const { return roots_.size(); }
  int features() const { return features_; }

 private:
  struct Node {
    uint32_t feature;  // high bit: missing goes left; kLeaf for leaves
    float value;       // split threshold, or the leaf value
    int32_t left;
    int32_t right;
  };
  static constexpr uint32_t kLeaf = 0x7fffffffu;
  static constexpr uint32_t kDefaultLeft = 0x80000000u;
  enum class Transform { kIdentity, kSigmoid, kExp };

  float Apply(float margin) const;

  std::vector<Node> nodes_;
  std::vector<int32_t> roots_;
  float base_margin_ = 0;
  Transform transform_ = Transform::kIdentity;
  int features_ = 0;
};

}  // namespace aduana::model
