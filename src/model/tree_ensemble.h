// Aduana's own evaluator of a trained XGBoost model: the trees flattened into one array of 16-byte nodes, walked
// without allocation. It reproduces XGBoost's CPU prediction bit for bit (float accumulation in tree order,
// `value < threshold` goes left, missing follows the default branch); tests check that against XGBoost itself.
// XGBoost stays in charge of training; this is the online scoring path.
//
// Leaves point to themselves, so every tree can be walked a fixed number of steps (its depth) without a branch
// on the node kind; a batch walks a block of rows through one tree at a time, in lockstep, so the tree stays in
// cache and the independent walks overlap in the CPU.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json_fwd.hpp"

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

  // Path attributions of one row (Saabas; XGBoost's approx_contribs): along each tree's path, the change of
  // the mean value from a node to the child taken goes to the node's feature. Writes features() + 1 values (the
  // bias, the trees' root means and the base margin, last); they add up to Margin(row). As cheap as a
  // prediction, which is why the online service explains with it (exact TreeSHAP costs milliseconds a row).
  void Contributions(const float* row, float* out) const;

  size_t trees() const { return trees_.size(); }
  int features() const { return features_; }

 private:
  struct Node {
    uint32_t feature;  // high bit: missing goes left; a leaf reads feature 0 and goes nowhere
    float value;       // split threshold, or the leaf value
    int32_t left;      // a leaf's children are itself
    int32_t right;
  };
  struct Tree {
    int32_t root;
    int32_t depth;  // steps from the root to the deepest leaf
  };
  static constexpr uint32_t kDefaultLeft = 0x80000000u;
  enum class Transform { kIdentity, kSigmoid, kExp };

  absl::Status AddTree(const nlohmann::json& tree);
  int32_t Walk(const Tree& tree, const float* row) const;
  void PredictBlock(const float* rows, size_t n, size_t columns, float* out) const;
  float Apply(float margin) const;

  std::vector<Node> nodes_;
  std::vector<float> means_;  // per node: mean of its leaves' values weighted by their hessian sums
  std::vector<Tree> trees_;
  float base_margin_ = 0;
  Transform transform_ = Transform::kIdentity;
  int features_ = 0;
};

}  // namespace aduana::model
