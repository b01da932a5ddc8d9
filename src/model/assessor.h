// The live risk assessment of declarations as they arrive: the active model, the profiles of everything in the
// store (replayed at start, then kept current declaration by declaration and outcome by outcome), and the
// active analyst rules. It is what the selectivity service asks before choosing a channel. Its state is all
// rebuilt from the store by Open, so a node that restarts, or a second node, assesses alike.
// Not thread-safe: the service serialises calls.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/features.h"
#include "model/reasons.h"
#include "model/risk_model.h"
#include "model/rule_binding.h"
#include "profile/declaration_keys.h"
#include "profile/profile_book.h"
#include "rules/rule_set.h"
#include "store/store.h"

namespace aduana::model {

struct Assessment {
  float risk = 0;              // probability of a non-compliant finding
  float expected_revenue = 0;  // expected additional revenue if controlled
  RuleVerdict rules;
  std::vector<float> features;
  profile::DeclarationKeys keys;
  profile::RiskClass importer_class = profile::RiskClass::kLow;
  bool trusted_trader = false;  // the importer is an authorised economic operator
};

class Assessor {
 public:
  // Loads the active model (FailedPrecondition if none), replays the store's history into the profiles and
  // compiles the active rules.
  static absl::StatusOr<std::unique_ptr<Assessor>> Open(Store& store);

  // Assesses a declaration with what is known now; changes nothing.
  absl::StatusOr<Assessment> Assess(const DeclarationRecord& record);
  // Counts an assessed declaration in the profiles, as lodged.
  void Observe(const Assessment& assessment, UnixMillis lodged_at);
  // An inspection outcome of a declaration: profiles, rates and classes move at once.
  void Learn(const DeclarationRecord& record, const InspectionOutcome& outcome);
  // A post-clearance audit closed: the company's audit history counts it from the end of its closing day.
  void LearnAudit(const AuditOutcome& audit) { book_->AddAudit(audit); }
  // A serious transit incident: the importer's and carrier's classes count it from when it was raised.
  void LearnTransitIncident(const profile::TransitIncident& incident) { book_->AddTransitIncident(incident); }
  // The reasons in words for an assessment: the `top` model contributions, as path attributions (XGBoost's
  // approx_contribs; exact TreeSHAP costs milliseconds a row, `aduana score` uses it offline).
  absl::StatusOr<std::vector<Reason>> Explain(const Assessment& assessment, int top) const;
  // Class changes made since the last call (the first call: every change of the replayed history too), to
  // append to the store's history.
  std::vector<profile::ClassChange> TakeClassChanges();

  // Recompiles the store's active rules (after a rules activation).
  absl::Status ReloadRules(Store& store);

  const RiskModel& model() const { return model_; }
  const rules::RuleSet* rules() const { return rules_ ? &*rules_ : nullptr; }
  // "ID@version;..." of the active rules, as decisions record them.
  const std::string& rule_versions() const { return rule_versions_; }
  const profile::ProfileBook& book() const { return *book_; }

 private:
  Assessor(RiskModel model, std::unique_ptr<profile::ProfileBook> book, RuleBinding binding)
      : model_(std::move(model)), book_(std::move(book)), binding_(std::move(binding)) {}
  std::string SectorOf(const std::string& importer_id) const;

  RiskModel model_;
  std::unique_ptr<profile::ProfileBook> book_;
  RuleBinding binding_;
  std::optional<rules::RuleSet> rules_;
  std::string rule_versions_;
  size_t class_changes_taken_ = 0;
};

}  // namespace aduana::model
