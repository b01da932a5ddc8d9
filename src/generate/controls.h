// Controls, as a real administration would have recorded them: inspections chosen by a crude legacy
// rule-based selector plus a random sample (labels exist only where someone looked), and post-clearance
// audits of companies.
#pragma once

#include <optional>
#include <vector>

#include "core/outcome.h"
#include "generate/draft.h"

namespace aduana::gen {

// What the administration knows about each importer as declarations go by; also feeds the audits.
struct ImporterLedger {
  int64_t declarations = 0;
  double duty_paid = 0;
  std::vector<double> monthly_loss;  // revenue lost to planted fraud per 30-day bucket of the period
};

class InspectionSelector {
 public:
  InspectionSelector(const World& world, uint64_t seed);
  // Decides whether the declaration is inspected and, if so, what the examiners found.
  std::optional<InspectionOutcome> Inspect(const DeclarationDraft& d, const ImporterLedger& ledger);

 private:
  int LegacyRiskScore(const DeclarationDraft& d, const ImporterLedger& ledger) const;
  void RecordFindings(const DeclarationDraft& d, InspectionOutcome& outcome);

  const World& world_;
  Rng rng_;
};

// Post-clearance audits over the period, from what was planted and paid.
std::vector<AuditOutcome> PlanAudits(const World& world, const std::vector<ImporterLedger>& ledgers, uint64_t seed);

}  // namespace aduana::gen
