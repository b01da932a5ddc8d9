#include "model/assessor.h"

#include <limits>

#include "core/status_macros.h"
#include "profile/timeline.h"

namespace aduana::model {

absl::StatusOr<std::unique_ptr<Assessor>> Assessor::Open(Store& store) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<ModelVersion> active, store.LoadActiveModel());
  if (!active) return absl::FailedPreconditionError("no active model in the store: run `aduana train` first");
  ADUANA_ASSIGN_OR_RETURN(RiskModel model, RiskModel::Load(*active));
  auto book = std::make_unique<profile::ProfileBook>(model.profile_config());
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, std::numeric_limits<UnixMillis>::max(), book.get(),
                                                [](const DeclarationRecord&, const profile::DeclarationKeys&) {}));
  ADUANA_ASSIGN_OR_RETURN(RuleBinding binding, RuleBinding::Create(model.schema()));
  std::unique_ptr<Assessor> a(new Assessor(std::move(model), std::move(book), std::move(binding)));
  ADUANA_RETURN_IF_ERROR(a->ReloadRules(store));
  return a;
}

absl::Status Assessor::ReloadRules(Store& store) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<StoredRule> stored, store.ListRules());
  std::string text, versions;
  for (const StoredRule& r : stored) {
    if (!r.active) continue;
    text += r.source;
    text += '\n';
    if (!versions.empty()) versions += ';';
    versions += r.rule_id;
    versions += '@';
    versions += std::to_string(r.version);
  }
  if (text.empty()) {
    rules_.reset();
  } else {
    ADUANA_ASSIGN_OR_RETURN(rules::RuleSet set, binding_.Compile(text, "active rules"));
    rules_.emplace(std::move(set));
  }
  rule_versions_ = std::move(versions);
  return absl::OkStatus();
}

std::string Assessor::SectorOf(const std::string& importer_id) const {
  const Company* importer = book_->FindCompany(importer_id);
  return importer != nullptr ? importer->sector : std::string();
}

absl::StatusOr<Assessment> Assessor::Assess(const DeclarationRecord& record) {
  Assessment a;
  profile::ExtractKeys(record, SectorOf(record.declaration.importer_id), &a.keys);
  a.features.resize(model_.schema().size());
  FeatureBuilder(model_.schema(), *book_).Build(record, a.keys, a.features.data());
  a.risk = model_.Risk(a.features.data());
  a.expected_revenue = model_.ExpectedRevenue(a.features.data());
  if (rules_) {
    ADUANA_ASSIGN_OR_RETURN(a.rules, binding_.Assess(*rules_, record, a.keys, a.features.data(), *book_));
  }
  a.importer_class = book_->ClassOf(profile::EntityType::kImporter, record.declaration.importer_id);
  const Company* importer = book_->FindCompany(record.declaration.importer_id);
  a.trusted_trader = importer != nullptr && importer->aeo_status != "none" && !importer->aeo_status.empty();
  return a;
}

void Assessor::Observe(const Assessment& assessment, UnixMillis lodged_at) {
  book_->ObserveDeclaration(assessment.keys, lodged_at);
}

void Assessor::Learn(const DeclarationRecord& record, const InspectionOutcome& outcome) {
  profile::DeclarationKeys keys;
  profile::ExtractKeys(record, SectorOf(record.declaration.importer_id), &keys);
  book_->ApplyOutcome(keys, outcome, outcome.inspected_at);
}

absl::StatusOr<std::vector<Reason>> Assessor::Explain(const Assessment& a, int top) const {
  std::vector<float> contributions(a.features.size() + 1);
  model_.FastContributions(a.features.data(), contributions.data());
  return TopReasons(model_.schema(), a.features.data(), contributions.data(), a.keys, book_->OverallRate(), top);
}

std::vector<profile::ClassChange> Assessor::TakeClassChanges() {
  const auto& all = book_->class_changes();
  std::vector<profile::ClassChange> fresh(all.begin() + static_cast<ptrdiff_t>(class_changes_taken_), all.end());
  class_changes_taken_ = all.size();
  return fresh;
}

}  // namespace aduana::model
