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
    if (run.declarations++ == 0) run.first_lodged_at = record.declaration.lodged_at;
    run.last_lodged_at = record.declaration.lodged_at;
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

std::string_view JudgeRule(const RuleStatistics& rule, const DryRun& run) {
  if (rule.selected == 0) return "no selections";
  if (rule.inspected < kMinInspectionsToJudge) return "few inspections";
  if (rule.hit_rate() < run.hit_rate()) return "weak";
  return "";
}

absl::StatusOr<DryRun> UpdateActiveRuleStatistics(Store& store, UnixMillis from, UnixMillis to, UnixMillis now) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<StoredRule> stored, store.ListRules());
  std::string text;
  for (const StoredRule& r : stored) {
    if (r.active) text += r.source + "\n";
  }
  if (text.empty()) return absl::FailedPreconditionError("no rule is active: load a rule file first (aduana rules load)");
  ADUANA_ASSIGN_OR_RETURN(DryRun run, DryRunRules(store, text, "active rules", from, to));
  std::vector<RuleStatisticsRecord> records;
  for (const RuleStatistics& s : run.rules) {
    records.push_back({s.rule.id, s.rule.version, run.first_lodged_at, run.last_lodged_at + 1, now, s.selected,
                       s.inspected, s.non_compliant, s.revenue});
  }
  ADUANA_RETURN_IF_ERROR(store.SaveRuleStatistics(records));
  return run;
}

}  // namespace aduana::model
