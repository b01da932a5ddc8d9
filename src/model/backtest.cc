#include "model/backtest.h"

#include <algorithm>

#include "core/status_macros.h"
#include "model/trainer.h"
#include "profile/timeline.h"

namespace aduana::model {
namespace {

// SplitMix64 of the id's bytes: a reproducible pseudo-random score.
double RandomScore(const std::string& id) {
  uint64_t h = 0x9e3779b97f4a7c15ull;
  for (unsigned char c : id) {
    h ^= c;
    h += 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
  }
  return static_cast<double>(h >> 11) / 9007199254740992.0;
}

}  // namespace

absl::StatusOr<std::vector<BacktestRow>> Backtest(Store& store, const RiskModel& model, UnixMillis from, UnixMillis to,
                                                  const std::string& label, const BacktestHook& hook) {
  profile::ProfileBook book(model.profile_config());
  ADUANA_RETURN_IF_ERROR(profile::LoadRegistry(store, &book));
  const FeatureSchema& schema = model.schema();
  FeatureBuilder builder(schema, book);
  std::vector<int> profile_columns;
  for (const char* slot : {"importer", "declarant", "supplier", "hs6_origin", "lane"}) {
    int column = schema.IndexOf(std::string(slot) + ".hit_rate");
    if (column >= 0) profile_columns.push_back(column);
  }
  std::vector<float> features(schema.size());
  std::vector<BacktestRow> rows;
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    if (!record.outcome || record.declaration.lodged_at < from) return;
    float y = 0, w = 1;
    LabelOf(*record.outcome, label, &y, &w);
    builder.Build(record, keys, features.data());
    BacktestRow row;
    row.declaration_id = record.declaration.declaration_id;
    row.lodged_at = record.declaration.lodged_at;
    row.positive = y > 0.5f;
    row.revenue = record.outcome->additional_revenue;
    row.model_score = model.Risk(features.data());
    for (int c : profile_columns) row.profile_score = std::max(row.profile_score, static_cast<double>(features[static_cast<size_t>(c)]));
    row.random_score = RandomScore(row.declaration_id);
    if (hook) row.extra_score = hook(record, keys, features.data());
    rows.push_back(std::move(row));
  };
  profile::Timeline timeline(&book);
  ADUANA_RETURN_IF_ERROR(store.ScanDeclarations(std::numeric_limits<UnixMillis>::min(), to, [&](DeclarationRecord& r) {
    return timeline.Add(r, true, assess);
  }));
  return rows;
}

}  // namespace aduana::model
