// Binds the analyst rules language to the engine: the fields a rule may name (every model feature, the
// declaration's own values and codes, and per goods item its values, codes and unit value against the
// reference price), and the assessment of a declaration by a compiled rule set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "model/features.h"
#include "profile/profile_book.h"
#include "rules/rule_set.h"
#include "store/store.h"

namespace aduana::model {

// What the rules said of one declaration.
struct RuleVerdict {
  bool forced = false;                         // a rule forced a channel
  rules::Channel channel = rules::Channel::kGreen;  // the strictest forced channel (red > yellow > blue > green)
  double score_delta = 0;                      // sum of the score rules' deltas
  std::vector<rules::RuleSet::Hit> hits;
};

class RuleBinding {
 public:
  // The catalog of fields for rules over declarations described by `schema`.
  static absl::StatusOr<RuleBinding> Create(const FeatureSchema& schema);
  const rules::FieldCatalog& catalog() const { return catalog_; }

  // Compiles a rule file against this catalog.
  absl::StatusOr<rules::RuleSet> Compile(std::string_view text, std::string_view source_name) const;

  // Evaluates `set` on a declaration whose features (schema order) are `features`. Reuses internal buffers:
  // one binding per thread.
  absl::StatusOr<RuleVerdict> Assess(const rules::RuleSet& set, const DeclarationRecord& record,
                                     const profile::DeclarationKeys& keys, const float* features,
                                     const profile::ProfileBook& book);

 private:
  RuleBinding() = default;
  void Fill(const DeclarationRecord& record, const profile::DeclarationKeys& keys, const float* features,
            const profile::ProfileBook& book);

  rules::FieldCatalog catalog_;
  size_t feature_count_ = 0;
  std::vector<double> numbers_;
  std::vector<std::string_view> texts_;
  std::vector<double> item_numbers_;
  std::vector<std::string_view> item_texts_;
  std::vector<std::string_view> discrepancies_;
  rules::RuleIndex::Scratch scratch_;
};

// The binding for the standard features of `store` (its source columns included), as training builds them.
absl::StatusOr<RuleBinding> RuleBindingForStore(Store& store);

// Ranking key for selection at the border: forced red first, then forced yellow, then by `base` (the model's
// probability for model+rules, 0 for rules alone) plus the score rules' deltas; forced green or blue last.
double RuleRankingScore(const RuleVerdict& verdict, double base);

}  // namespace aduana::model
