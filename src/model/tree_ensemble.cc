#include "model/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace aduana::model {
namespace {

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError("model JSON: " + std::string(what));
}

// XGBoost writes numeric parameters as strings ("5E-1").
bool ParseFloatString(const nlohmann::json& j, float* out) {
  if (!j.is_string()) return false;
  const std::string& s = j.get_ref<const std::string&>();
  char* end = nullptr;
  *out = std::strtof(s.c_str(), &end);
  return end != s.c_str() && *end == '\0';
}

}  // namespace

absl::StatusOr<TreeEnsemble> TreeEnsemble::FromXgboostJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Corrupt("not JSON");
  const nlohmann::json* learner = j.contains("learner") ? &j["learner"] : nullptr;
  if (learner == nullptr || !learner->is_object()) return Corrupt("no learner");
  TreeEnsemble e;
  std::string objective = learner->value("/objective/name"_json_pointer, std::string());
  float base_score = 0.5f;
  if (!ParseFloatString((*learner)["learner_model_param"]["base_score"], &base_score)) return Corrupt("base_score");
  float num_feature = 0;
  if (!ParseFloatString((*learner)["learner_model_param"]["num_feature"], &num_feature)) return Corrupt("num_feature");
  e.features_ = static_cast<int>(num_feature);
  if (objective == "binary:logistic") {
    e.transform_ = Transform::kSigmoid;
    e.base_margin_ = -std::log(1.0f / base_score - 1.0f);
  } else if (objective == "reg:tweedie") {
    e.transform_ = Transform::kExp;
    e.base_margin_ = std::log(base_score);
  } else if (objective == "reg:squarederror") {
    e.base_margin_ = base_score;
  } else {
    return Corrupt("objective '" + objective + "' is not supported");
  }
  const nlohmann::json& model = (*learner)["gradient_booster"]["model"];
  if (!model.is_object() || !model.contains("trees") || !model["trees"].is_array()) return Corrupt("no trees");
  for (const nlohmann::json& tree : model["trees"]) {
    if (absl::Status s = e.AddTree(tree); !s.ok()) return s;
  }
  return e;
}

absl::Status TreeEnsemble::AddTree(const nlohmann::json& tree) {
  if (!tree.is_object()) return Corrupt("a tree is not an object");
  const auto& left = tree["left_children"];
  const auto& right = tree["right_children"];
  const auto& index = tree["split_indices"];
  const auto& condition = tree["split_conditions"];
  const auto& default_left = tree["default_left"];
  const auto& hessian = tree["sum_hessian"];
  size_t n = left.is_array() ? left.size() : 0;
  if (n == 0 || right.size() != n || index.size() != n || condition.size() != n || default_left.size() != n ||
      hessian.size() != n) {
    return Corrupt("tree arrays of different lengths");
  }
  const int32_t offset = static_cast<int32_t>(nodes_.size());
  for (size_t i = 0; i < n; ++i) {
    if (!left[i].is_number_integer() || !right[i].is_number_integer() || !index[i].is_number_integer() ||
        !condition[i].is_number() || !default_left[i].is_number_integer()) {
      return Corrupt("tree node fields must be numbers");
    }
    Node node;
    int32_t l = left[i].get<int32_t>(), r = right[i].get<int32_t>();
    node.value = condition[i].get<float>();
    if (l == -1) {
      node.feature = 0;
      node.left = node.right = offset + static_cast<int32_t>(i);
    } else {
      int64_t feature = index[i].get<int64_t>();
      if (l < 0 || r < 0 || static_cast<size_t>(l) >= n || static_cast<size_t>(r) >= n || feature < 0 ||
          feature >= features_) {
        return Corrupt("node out of range");
      }
      node.feature = static_cast<uint32_t>(feature) | (default_left[i].get<int>() != 0 ? kDefaultLeft : 0u);
      node.left = offset + l;
      node.right = offset + r;
    }
    nodes_.push_back(node);
  }
  // Depth by a walk from the root; a node reached twice means the arrays do not describe a tree.
  std::vector<std::pair<int32_t, int32_t>> stack = {{offset, 0}};
  std::vector<bool> seen(n, false);
  int32_t depth = 0;
  while (!stack.empty()) {
    auto [at, d] = stack.back();
    stack.pop_back();
    if (seen[static_cast<size_t>(at - offset)]) return Corrupt("tree nodes form a cycle or share a child");
    seen[static_cast<size_t>(at - offset)] = true;
    const Node& node = nodes_[static_cast<size_t>(at)];
    if (node.left == at) {
      depth = std::max(depth, d);
    } else {
      stack.push_back({node.left, d + 1});
      stack.push_back({node.right, d + 1});
    }
  }
  // Node means, children before parents (a node's children come after it in a pre-order).
  std::vector<int32_t> order;
  std::vector<int32_t> pending = {offset};
  while (!pending.empty()) {
    int32_t at = pending.back();
    pending.pop_back();
    order.push_back(at);
    const Node& node = nodes_[static_cast<size_t>(at)];
    if (node.left != at) {
      pending.push_back(node.left);
      pending.push_back(node.right);
    }
  }
  means_.resize(nodes_.size());
  std::vector<double> weight(n, 0);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    size_t local = static_cast<size_t>(*it - offset);
    const Node& node = nodes_[static_cast<size_t>(*it)];
    if (!hessian[local].is_number()) return Corrupt("sum_hessian must be numbers");
    if (node.left == *it) {
      means_[static_cast<size_t>(*it)] = node.value;
      weight[local] = hessian[local].get<double>();
      continue;
    }
    size_t l = static_cast<size_t>(node.left - offset), r = static_cast<size_t>(node.right - offset);
    double total = weight[l] + weight[r];
    weight[local] = total;
    means_[static_cast<size_t>(*it)] =
        total > 0 ? static_cast<float>((weight[l] * means_[static_cast<size_t>(node.left)] +
                                        weight[r] * means_[static_cast<size_t>(node.right)]) / total)
                  : 0.5f * (means_[static_cast<size_t>(node.left)] + means_[static_cast<size_t>(node.right)]);
  }
  trees_.push_back({offset, depth});
  return absl::OkStatus();
}

void TreeEnsemble::Contributions(const float* row, float* out) const {
  std::fill(out, out + features_ + 1, 0.0f);
  out[features_] = base_margin_;
  const Node* nodes = nodes_.data();
  for (const Tree& tree : trees_) {
    int32_t at = tree.root;
    out[features_] += means_[static_cast<size_t>(at)];
    for (int32_t step = 0; step < tree.depth; ++step) {
      const Node& node = nodes[at];
      if (node.left == at) break;
      uint32_t feature = node.feature & ~kDefaultLeft;
      float v = row[feature];
      bool go_left = std::isnan(v) ? (node.feature & kDefaultLeft) != 0 : v < node.value;
      int32_t next = go_left ? node.left : node.right;
      out[feature] += means_[static_cast<size_t>(next)] - means_[static_cast<size_t>(at)];
      at = next;
    }
  }
}

inline int32_t TreeEnsemble::Walk(const Tree& tree, const float* row) const {
  const Node* nodes = nodes_.data();
  int32_t at = tree.root;
  for (int32_t step = 0; step < tree.depth; ++step) {
    const Node& node = nodes[at];
    float v = row[node.feature & ~kDefaultLeft];
    bool go_left = std::isnan(v) ? (node.feature & kDefaultLeft) != 0 : v < node.value;
    at = go_left ? node.left : node.right;
  }
  return at;
}

float TreeEnsemble::Margin(const float* row) const {
  float sum = base_margin_;
  for (const Tree& tree : trees_) sum += nodes_[static_cast<size_t>(Walk(tree, row))].value;
  return sum;
}

float TreeEnsemble::Apply(float margin) const {
  switch (transform_) {
    case Transform::kSigmoid: return 1.0f / (1.0f + std::exp(-margin));
    case Transform::kExp: return std::exp(margin);
    case Transform::kIdentity: return margin;
  }
  return margin;
}

float TreeEnsemble::Predict(const float* row) const { return Apply(Margin(row)); }

namespace {
// Rows walked together through one tree, so their independent walks overlap in the CPU. Four keeps the walk
// state in registers: measured on the shipped model, blocks of 2, 4 and 8 rows gave 139k, 153k and 107k rows/s.
constexpr size_t kBlockRows = 4;
}  // namespace

void TreeEnsemble::PredictBlock(const float* rows, size_t n, size_t columns, float* out) const {
  float sums[kBlockRows];
  int32_t at[kBlockRows];
  for (size_t r = 0; r < n; ++r) sums[r] = base_margin_;
  const Node* nodes = nodes_.data();
  for (const Tree& tree : trees_) {
    for (size_t r = 0; r < n; ++r) at[r] = tree.root;
    for (int32_t step = 0; step < tree.depth; ++step) {
      for (size_t r = 0; r < n; ++r) {
        const Node& node = nodes[at[r]];
        float v = rows[r * columns + (node.feature & ~kDefaultLeft)];
        bool go_left = std::isnan(v) ? (node.feature & kDefaultLeft) != 0 : v < node.value;
        at[r] = go_left ? node.left : node.right;
      }
    }
    for (size_t r = 0; r < n; ++r) sums[r] += nodes[at[r]].value;
  }
  for (size_t r = 0; r < n; ++r) out[r] = Apply(sums[r]);
}

void TreeEnsemble::PredictBatch(const float* rows, size_t n, size_t columns, float* out) const {
  for (size_t start = 0; start < n; start += kBlockRows) {
    PredictBlock(rows + start * columns, std::min(kBlockRows, n - start), columns, out + start);
  }
}

}  // namespace aduana::model
