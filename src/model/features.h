// The feature pipeline: turns a declaration and the profiles known at its lodgement into one row of numbers
// for the models (NaN = missing). The layout is fixed by a FeatureSchema, saved with each model version.
//
// Features (docs/model-evaluation.md lists them all, from the model registry):
//   - per profile slot (importer, declarant, supplier, sector, lane, HS levels, origin, pairs, source columns):
//     declarations, inspections, smoothed hit rate, recent hit rate, critical rate, revenue per inspection and
//     days known; item-level slots report the riskiest item's profile;
//   - valuation: unit value against the reference for HS6 x origin and HS6, tariff rates, freight share;
//   - documents: each discrepancy kind, their count;
//   - company: age, AEO, credit, tax debt, compliance rating, past audits, related parties;
//   - activity: current declaration rate against the importer's usual one, value against its usual;
//   - declaration: value, mass, items, transport mode, calendar.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "profile/declaration_keys.h"
#include "profile/profile_book.h"
#include "store/store.h"

namespace aduana::model {

// Statistics reported for every profile slot, in this order.
inline constexpr int kSlotStatCount = 7;
extern const char* const kSlotStats[kSlotStatCount];

// A profile slot: which entity type it reads, and its name in feature names ("importer", "src.courier_id").
struct ProfileSlot {
  ProfileSlot(profile::EntityType t, std::string n, bool item = false, std::string field = {})
      : type(t), name(std::move(n)), item_level(item), source_field(std::move(field)) {}
  profile::EntityType type;
  std::string name;
  bool item_level = false;
  std::string source_field;  // for kSourceField slots: the column name
};

class FeatureSchema {
 public:
  // The standard pipeline, with one slot per categorical source column (e.g. KCS's courier_id).
  static FeatureSchema Standard(std::vector<std::string> source_fields);
  // From the JSON saved with a model ({"source_fields": [...], "names": [...]}); fails if this build computes
  // different features.
  static absl::StatusOr<FeatureSchema> FromJson(std::string_view json);
  std::string ToJson() const;

  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }
  const std::vector<ProfileSlot>& slots() const { return slots_; }
  const std::vector<std::string>& source_fields() const { return source_fields_; }
  int IndexOf(std::string_view name) const;  // -1 if absent

 private:
  std::vector<std::string> source_fields_;
  std::vector<ProfileSlot> slots_;
  std::vector<std::string> names_;
};

class FeatureBuilder {
 public:
  FeatureBuilder(const FeatureSchema& schema, const profile::ProfileBook& book);

  // Writes schema.size() values to `out`, using what `book` knows now, as seen at `record`'s lodgement.
  void Build(const DeclarationRecord& record, const profile::DeclarationKeys& keys, float* out) const;

 private:
  const FeatureSchema& schema_;
  const profile::ProfileBook& book_;
};

}  // namespace aduana::model
