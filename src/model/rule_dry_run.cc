#include "model/rule_dry_run.h"

#include "core/status_macros.h"
#include "model/features.h"
#include "model/rule_binding.h"
#include "profile/timeline.h"

namespace aduana::model {

absl::StatusOr<DryRun> DryRunRules(Store& store, std::string_view text, std::string_view source_name, UnixMillis from,
                                   UnixMillis to) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<std::string> source_fields, store.SourceFieldNames());
  FeatureSchema schema = FeatureSchema::Standard(std::move(source_fields));
  ADUANA_ASSIGN_OR_RETURN(RuleBinding binding, RuleBinding::Create(schema));
  ADUANA_ASSIGN_OR_RETURN(rules::RuleSet set, binding.Compile(text, source_name));
  DryRun run;
  for (const rules::Rule& rule : set.rules()) run.rules.push_back({rule});
  profile::ProfileBook book;
  FeatureBuilder builder(schema, book);
  std::vector<float> features(schema.size());
  std::vector<char> selected(set.rules().size());
  absl::Status error;
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    if (record.declaration.lodged_at < from || !error.ok()) return;
    ++run.declarations;
    const InspectionOutcome* o = record.outcome ? &*record.outcome : nullptr;
    if (o != nullptr) {
      ++run.inspected;
      run.non_compliant += o->non_compliant ? 1 : 0;
    }
    builder.Build(record, keys, features.data());
    absl::StatusOr<RuleVerdict> verdict = binding.Assess(set, record, keys, features.data(), book);
    if (!verdict.ok()) {
      error = verdict.status();
      return;
    }
    std::fill(selected.begin(), selected.end(), 0);
    for (const rules::RuleSet::Hit& hit : verdict->hits) selected[static_cast<size_t>(hit.rule_index)] = 1;
    for (size_t i = 0; i < selected.size(); ++i) {
      if (!selected[i]) continue;
      RuleStatistics& s = run.rules[i];
      ++s.selected;
      if (o == nullptr) continue;
      ++s.inspected;
      s.non_compliant += o->non_compliant ? 1 : 0;
      s.revenue += o->additional_revenue;
    }
  };
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, to, &book, assess));
  ADUANA_RETURN_IF_ERROR(error);
  return run;
}

}  // namespace aduana::model
