// The post-clearance audit (PCA) plan: which companies to audit for a period, ranked by the revenue their
// released declarations probably kept from the treasury, with a share of the plan drawn at random as a control
// (so the ranking's yield can be measured against a baseline, and companies the model never suspects still
// face some chance of an audit).
//
// A company's ranking score is its revenue at risk: over its declarations of the period released without a
// control, the active model's probability of non-compliance (scored point-in-time, with what was known when
// each was lodged) x the duty and VAT declared x what controls before the period recovered per peso of taxes
// declared on the declarations they found non-compliant. It is raised by bounded uplifts for evidence the model
// does not see at the declaration level:
//   + 50% x the share of its released declarations whose documents contradict them (discrepancies);
//   + 25% per open early-warning alert on it in the period (at most two);
//   + 50% when an earlier audit of it found non-compliance;
//   + 25% when it shares a director or address with a closed or poorly rated company (related parties).
// Each candidate carries the evidence an auditor needs: the amounts, the indicators in words, the riskiest
// declarations, the alerts, past audits and related parties.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/risk_model.h"
#include "store/store.h"

namespace aduana::audit {

struct PcaOptions {
  EpochDay from = 0;  // declarations lodged on days [from, to]
  EpochDay to = 0;
  int capacity = 100;         // audits the plan proposes
  double random_share = 0.1;  // of the capacity, drawn at random among the other active companies
  uint64_t seed = 1;          // of the random draw
  int evidence_declarations = 5;  // riskiest declarations listed per candidate
  bool compare_revenue_model = false;  // also sum the revenue model's estimate (evaluation only: a second
                                       // ensemble per declaration a plan does not need)
  double vat_rate = 0.16;     // value added tax on imports (Mexico's IVA), levied on the value plus duty
};

// One company's figures over the period, before ranking.
struct CompanyExposure {
  std::string company_id;
  int64_t declarations = 0;
  int64_t released = 0;  // without a control
  int64_t controlled = 0;
  int64_t findings = 0;  // controls that found non-compliance
  double revenue_recovered = 0;
  double declared_value = 0;
  double revenue_at_risk = 0;
  double model_expected_revenue = 0;  // the revenue model's own estimate, summed (compare_revenue_model)
  int64_t released_with_discrepancies = 0;
  double score = 0;
  std::vector<std::string> indicators;  // in words
  std::string evidence_json;
};

// Scores every company that declared in the period and returns the plan (not stored): `capacity` candidates,
// the risk-ranked first, then the random ones. `created_by` and `created_at` are recorded as given.
absl::StatusOr<PcaPlanRecord> BuildPcaPlan(Store& store, const model::RiskModel& model, const PcaOptions& options,
                                           std::string created_by, UnixMillis created_at);

// The exposures alone, highest score first (what BuildPcaPlan ranks); for evaluation and tests.
absl::StatusOr<std::vector<CompanyExposure>> ScoreCompanies(Store& store, const model::RiskModel& model,
                                                            const PcaOptions& options);

// The plan as CSV: one row per candidate with its figures and indicators.
std::string PlanCsv(const PcaPlanRecord& plan);
// The plan as JSON: its parameters and every candidate with its evidence.
std::string PlanJson(const PcaPlanRecord& plan);

}  // namespace aduana::audit
