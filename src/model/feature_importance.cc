#include "model/feature_importance.h"

#include <algorithm>
#include <map>

#include "nlohmann/json.hpp"

namespace aduana::model {
namespace {

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(std::string("model JSON: ").append(what));
}

// Adds one tree's split gains to `gains` (leaves have no left child).
absl::Status AddTreeGains(const nlohmann::json& tree, std::map<int, FeatureGain>* gains) {
  if (!tree.is_object()) return Corrupt("a tree is not an object");
  const auto left = tree.find("left_children");
  const auto index = tree.find("split_indices");
  const auto loss = tree.find("loss_changes");
  if (left == tree.end() || index == tree.end() || loss == tree.end() || !left->is_array() ||
      left->size() != index->size() || left->size() != loss->size()) {
    return Corrupt("tree arrays missing or of different lengths");
  }
  for (size_t i = 0; i < left->size(); ++i) {
    const nlohmann::json& l = (*left)[i];
    const nlohmann::json& f = (*index)[i];
    const nlohmann::json& g = (*loss)[i];
    if (!l.is_number_integer() || !f.is_number_integer() || !g.is_number()) return Corrupt("tree node fields");
    if (l.get<int64_t>() < 0) continue;  // a leaf
    FeatureGain& fg = (*gains)[f.get<int>()];
    fg.feature = f.get<int>();
    fg.total_gain += g.get<double>();
    ++fg.splits;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<FeatureGain>> TotalGainByFeature(std::string_view booster_json, size_t top) {
  nlohmann::json j = nlohmann::json::parse(booster_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Corrupt("not JSON");
  const nlohmann::json* trees = nullptr;
  if (const nlohmann::json::json_pointer path("/learner/gradient_booster/model/trees"); j.contains(path)) {
    trees = &j[path];
  }
  if (trees == nullptr || !trees->is_array()) return Corrupt("no trees");
  std::map<int, FeatureGain> gains;
  for (const nlohmann::json& tree : *trees) {
    if (absl::Status s = AddTreeGains(tree, &gains); !s.ok()) return s;
  }
  std::vector<FeatureGain> out;
  for (const auto& [feature, gain] : gains) out.push_back(gain);
  std::stable_sort(out.begin(), out.end(),
                   [](const FeatureGain& a, const FeatureGain& b) { return a.total_gain > b.total_gain; });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace aduana::model
