#include "model/rule_binding.h"

#include <cmath>
#include <limits>

#include "core/status_macros.h"

namespace aduana::model {
namespace {

using rules::FieldInfo;
using rules::Scope;
using rules::ValueType;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Declaration values and codes, after the model features, in this order.
constexpr const char* kDeclarationNumbers[] = {"declaration.customs_value", "declaration.gross_mass_kg",
                                               "declaration.packages", "declaration.freight"};
constexpr const char* kDeclarationTexts[] = {"declaration.office",         "declaration.importer",
                                             "declaration.declarant",      "declaration.supplier",
                                             "declaration.export_country", "declaration.procedure",
                                             "declaration.incoterm",       "declaration.transport_document"};
constexpr const char* kItemNumbers[] = {"item.customs_value", "item.net_mass_kg", "item.quantity", "item.duty_rate",
                                        "item.unit_value_ratio"};
constexpr const char* kItemTexts[] = {"item.hs_code", "item.origin", "item.preference_code", "item.quantity_unit"};

// Unit value over the reference median for HS6 x origin, or for HS6 when the pair is too thin; NaN if neither.
double UnitValueRatio(const profile::ItemKeys& item, const profile::ProfileBook& book) {
  double log_uv = profile::LogUnitValue(item.customs_value, item.net_mass_kg);
  if (std::isnan(log_uv)) return kNaN;
  profile::ReferencePrice ref;
  constexpr int kMinObservations = 5;
  if (book.prices().Find(item.hs6_origin, kMinObservations, &ref) || book.prices().Find(item.hs6, kMinObservations, &ref)) {
    return std::exp(log_uv - ref.median_log);
  }
  return kNaN;
}

int Strictness(rules::Channel c) {
  switch (c) {
    case rules::Channel::kRed: return 3;
    case rules::Channel::kYellow: return 2;
    case rules::Channel::kBlue: return 1;
    case rules::Channel::kGreen: return 0;
  }
  return 0;
}

}  // namespace

absl::StatusOr<RuleBinding> RuleBinding::Create(const FeatureSchema& schema) {
  RuleBinding b;
  b.feature_count_ = schema.size();
  auto add = [&](const std::string& name, ValueType type, Scope scope) {
    return b.catalog_.Add(FieldInfo{name, type, scope, -1, ""});
  };
  for (const std::string& name : schema.names()) ADUANA_RETURN_IF_ERROR(add(name, ValueType::kNumber, Scope::kDeclaration));
  for (const char* name : kDeclarationNumbers) ADUANA_RETURN_IF_ERROR(add(name, ValueType::kNumber, Scope::kDeclaration));
  for (const char* name : kDeclarationTexts) ADUANA_RETURN_IF_ERROR(add(name, ValueType::kText, Scope::kDeclaration));
  for (const char* name : kItemNumbers) ADUANA_RETURN_IF_ERROR(add(name, ValueType::kNumber, Scope::kItem));
  for (const char* name : kItemTexts) ADUANA_RETURN_IF_ERROR(add(name, ValueType::kText, Scope::kItem));
  b.numbers_.resize(static_cast<size_t>(b.catalog_.NumberSlots(Scope::kDeclaration)));
  b.texts_.resize(static_cast<size_t>(b.catalog_.TextSlots(Scope::kDeclaration)));
  return b;
}

absl::StatusOr<rules::RuleSet> RuleBinding::Compile(std::string_view text, std::string_view source_name) const {
  return rules::RuleSet::Compile(text, source_name, catalog_);
}

void RuleBinding::Fill(const DeclarationRecord& record, const profile::DeclarationKeys& keys, const float* features,
                       const profile::ProfileBook& book) {
  const Declaration& d = record.declaration;
  size_t n = 0;
  for (size_t i = 0; i < feature_count_; ++i) numbers_[n++] = features[i];
  for (double v : {d.customs_value, d.gross_mass_kg, static_cast<double>(d.packages), d.freight}) numbers_[n++] = v;
  size_t t = 0;
  for (std::string_view v : {std::string_view(d.customs_office), std::string_view(d.importer_id),
                             std::string_view(d.declarant_id), std::string_view(d.supplier_id),
                             std::string_view(d.country_of_export), std::string_view(d.procedure_code),
                             std::string_view(d.incoterm), std::string_view(d.transport_document_id)}) {
    texts_[t++] = v;
  }
  item_numbers_.clear();
  item_texts_.clear();
  for (size_t i = 0; i < record.items.size(); ++i) {
    const GoodsItem& g = record.items[i];
    item_numbers_.insert(item_numbers_.end(), {g.customs_value, g.net_mass_kg, g.quantity, g.duty_rate,
                                               UnitValueRatio(keys.items[i], book)});
    item_texts_.insert(item_texts_.end(), {std::string_view(g.hs_code), std::string_view(g.country_of_origin),
                                           std::string_view(g.preference_code), std::string_view(g.quantity_unit)});
  }
  discrepancies_.assign(record.discrepancy_kinds.begin(), record.discrepancy_kinds.end());
}

absl::StatusOr<RuleVerdict> RuleBinding::Assess(const rules::RuleSet& set, const DeclarationRecord& record,
                                                const profile::DeclarationKeys& keys, const float* features,
                                                const profile::ProfileBook& book) {
  Fill(record, keys, features, book);
  rules::RuleRecord r;
  r.numbers = numbers_;
  r.texts = texts_;
  r.item_count = record.items.size();
  r.item_numbers = item_numbers_;
  r.item_texts = item_texts_;
  r.discrepancy_kinds = discrepancies_;
  r.lodged_at = record.declaration.lodged_at;
  r.customs_office = record.declaration.customs_office;
  RuleVerdict verdict;
  ADUANA_RETURN_IF_ERROR(set.Evaluate(r, &verdict.hits, &scratch_));
  for (const rules::RuleSet::Hit& hit : verdict.hits) {
    const rules::RuleAction& action = set.rules()[static_cast<size_t>(hit.rule_index)].action;
    if (action.kind == rules::RuleAction::Kind::kAddScore) {
      verdict.score_delta += action.score_delta;
    } else if (!verdict.forced || Strictness(action.channel) > Strictness(verdict.channel)) {
      verdict.forced = true;
      verdict.channel = action.channel;
    }
  }
  return verdict;
}

absl::StatusOr<RuleBinding> RuleBindingForStore(Store& store) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<std::string> source_fields, store.SourceFieldNames());
  return RuleBinding::Create(FeatureSchema::Standard(std::move(source_fields)));
}

double RuleRankingScore(const RuleVerdict& verdict, double base) {
  double score = base + verdict.score_delta;
  if (!verdict.forced) return score;
  switch (verdict.channel) {
    case rules::Channel::kRed: return score + 20;     // physical inspection outranks any score
    case rules::Channel::kYellow: return score + 10;  // then documentary control
    case rules::Channel::kGreen:                      // released, or left to post-clearance audit:
    case rules::Channel::kBlue: return score - 10;    // not for the border's inspection capacity
  }
  return score;
}

}  // namespace aduana::model
