#include "audit/audit_case.h"

#include <xxhash.h>

#include <cmath>
#include <cstdio>

#include "core/field_error.h"
#include "core/outcome.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"

namespace aduana::audit {
namespace {

using nlohmann::json;

constexpr size_t kMaxText = 20000;
constexpr size_t kMaxName = 200;
constexpr double kMaxAmount = 1e12;  // MXN; anything larger is a typing error

absl::Status Trail(Store& store, const AuditCaseRecord& c, std::string_view action, std::string_view actor,
                   UnixMillis at, json detail) {
  AuditEntry entry;
  entry.at = at;
  entry.actor = std::string(actor);
  entry.action = std::string(action);
  entry.subject = "case:" + std::to_string(c.case_id);
  detail["company_id"] = c.company_id;
  detail["state"] = c.state;
  entry.detail = detail.dump();
  return store.AppendAudit(entry).status();
}

absl::StatusOr<AuditCaseRecord> Load(Store& store, int64_t case_id) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<AuditCaseRecord> c, store.LoadAuditCase(case_id));
  if (!c) return absl::NotFoundError("no audit case " + std::to_string(case_id));
  return *std::move(c);
}

absl::Status Refuse(const AuditCaseRecord& c, std::string_view step) {
  return absl::FailedPreconditionError("case " + std::to_string(c.case_id) + " is " + c.state + ": cannot " +
                                       std::string(step));
}

absl::Status NoOpenCase(Store& store, std::string_view company_id) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<AuditCaseRecord> cases, store.ListAuditCases("", company_id, 1000));
  for (const AuditCaseRecord& c : cases) {
    if (c.state != "closed") {
      return absl::AlreadyExistsError("company " + std::string(company_id) + " already has case " +
                                      std::to_string(c.case_id) + " (" + c.state + ")");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AuditCaseRecord> Open(Store& store, AuditCaseRecord c, std::string_view actor, UnixMillis at) {
  ADUANA_RETURN_IF_ERROR(NoOpenCase(store, c.company_id));
  c.state = "opened";
  c.opened_at = at;
  c.opened_by = std::string(actor);
  c.updated_at = at;
  ADUANA_RETURN_IF_ERROR(store.SaveAuditCase(&c));
  ADUANA_RETURN_IF_ERROR(Trail(store, c, "case_opened", actor, at,
                               {{"plan_id", c.plan_id}, {"selection", c.selection},
                                {"period_from", FormatDate(c.period_from)}, {"period_to", FormatDate(c.period_to)}}));
  return c;
}

absl::Status CheckFindings(const CaseFindings& f) {
  if (!std::isfinite(f.amount_assessed) || f.amount_assessed < 0 || f.amount_assessed > kMaxAmount) {
    return FieldError("amount_assessed", "out_of_range", "amount_assessed: from 0 to 1e12 MXN");
  }
  if (!f.non_compliant && (f.amount_assessed > 0 || !f.fraud_types.empty())) {
    return FieldError("non_compliant", "inconsistent",
                      "non_compliant: a compliant result assesses nothing and names no fraud type");
  }
  if (f.findings.empty()) return FieldError("findings", "missing_field", "findings: say what the audit found");
  if (f.findings.size() > kMaxText) return FieldError("findings", "too_long", "findings: at most 20000 characters");
  for (const std::string& t : f.fraud_types) {
    if (!IsFraudType(t)) return FieldError("fraud_types", "invalid_code", "fraud_types: unknown type " + t);
  }
  return absl::OkStatus();
}

Fingerprint FingerprintOf(const AuditOutcome& a) {
  std::string text = a.audit_id + '|' + a.company_id + '|' + std::to_string(a.period_from) + '|' +
                     std::to_string(a.period_to) + '|' + std::to_string(a.closed_on) + '|' +
                     (a.non_compliant ? "1" : "0") + '|' + std::to_string(a.amount_assessed) + '|' + a.findings;
  return XXH3_64bits(text.data(), text.size());
}

}  // namespace

absl::StatusOr<AuditCaseRecord> OpenCaseFromPlan(Store& store, int64_t plan_id, std::string_view company_id,
                                                 std::string_view actor, UnixMillis at) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<PcaPlanRecord> plan, store.LoadPcaPlan(plan_id));
  if (!plan) return absl::NotFoundError("no audit plan " + std::to_string(plan_id));
  for (const PcaCandidate& candidate : plan->candidates) {
    if (candidate.company_id != company_id) continue;
    AuditCaseRecord c;
    c.plan_id = plan_id;
    c.company_id = candidate.company_id;
    c.period_from = plan->period_from;
    c.period_to = plan->period_to;
    c.selection = candidate.selection;
    return Open(store, std::move(c), actor, at);
  }
  return FieldError("company_id", "not_in_plan",
                    "company_id: " + std::string(company_id) + " is not a candidate of plan " + std::to_string(plan_id));
}

absl::StatusOr<AuditCaseRecord> OpenManualCase(Store& store, std::string_view company_id, EpochDay from, EpochDay to,
                                               std::string_view actor, UnixMillis at) {
  if (to < from) return FieldError("period_to", "out_of_range", "period_to: the period ends before it starts");
  ADUANA_ASSIGN_OR_RETURN(bool known, store.HasCompany(company_id));
  if (!known) return FieldError("company_id", "unknown_reference", "company_id: no such company in the registry");
  AuditCaseRecord c;
  c.company_id = std::string(company_id);
  c.period_from = from;
  c.period_to = to;
  c.selection = "manual";
  return Open(store, std::move(c), actor, at);
}

absl::StatusOr<AuditCaseRecord> AssignCase(Store& store, int64_t case_id, std::string_view auditor,
                                           std::string_view actor, UnixMillis at) {
  if (auditor.empty() || auditor.size() > kMaxName) {
    return FieldError("auditor", "invalid_value", "auditor: a name of 1 to 200 characters");
  }
  ADUANA_ASSIGN_OR_RETURN(AuditCaseRecord c, Load(store, case_id));
  if (c.state == "closed") return Refuse(c, "be assigned");
  std::string previous = c.auditor;
  c.auditor = std::string(auditor);
  if (c.state == "opened") c.state = "assigned";
  c.updated_at = at;
  ADUANA_RETURN_IF_ERROR(store.SaveAuditCase(&c));
  ADUANA_RETURN_IF_ERROR(Trail(store, c, "case_assigned", actor, at, {{"auditor", auditor}, {"previous", previous}}));
  return c;
}

absl::StatusOr<AuditCaseRecord> RecordFindings(Store& store, int64_t case_id, const CaseFindings& f,
                                               std::string_view actor, UnixMillis at) {
  ADUANA_RETURN_IF_ERROR(CheckFindings(f));
  ADUANA_ASSIGN_OR_RETURN(AuditCaseRecord c, Load(store, case_id));
  if (c.state != "assigned" && c.state != "findings_recorded") return Refuse(c, "record findings");
  c.non_compliant = f.non_compliant;
  c.amount_assessed = f.amount_assessed;
  c.findings = f.findings;
  c.fraud_types = f.fraud_types;
  c.state = "findings_recorded";
  c.updated_at = at;
  ADUANA_RETURN_IF_ERROR(store.SaveAuditCase(&c));
  ADUANA_RETURN_IF_ERROR(Trail(store, c, "case_findings_recorded", actor, at,
                               {{"non_compliant", f.non_compliant}, {"amount_assessed", f.amount_assessed},
                                {"fraud_types", f.fraud_types}}));
  return c;
}

absl::StatusOr<std::pair<AuditCaseRecord, AuditOutcome>> CloseCase(Store& store, int64_t case_id,
                                                                   std::string_view actor, UnixMillis at) {
  ADUANA_ASSIGN_OR_RETURN(AuditCaseRecord c, Load(store, case_id));
  if (c.state != "findings_recorded") return Refuse(c, "close before its findings are recorded");
  char id[32];
  std::snprintf(id, sizeof id, "CASE-%06lld", static_cast<long long>(c.case_id));
  AuditOutcome outcome;
  outcome.audit_id = id;
  outcome.company_id = c.company_id;
  outcome.period_from = c.period_from;
  outcome.period_to = c.period_to;
  outcome.closed_on = static_cast<EpochDay>(at / kMillisPerDay);
  outcome.non_compliant = c.non_compliant;
  outcome.amount_assessed = c.amount_assessed;
  outcome.findings = c.findings;
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store.Put(outcome, FingerprintOf(outcome)));
  if (put == PutResult::kUnknownReference) {
    return FieldError("company_id", "unknown_reference", "company_id: no such company in the registry");
  }
  if (put == PutResult::kConflict) return absl::AlreadyExistsError("audit outcome " + outcome.audit_id + " exists");
  c.state = "closed";
  c.closed_at = at;
  c.updated_at = at;
  c.audit_id = outcome.audit_id;
  ADUANA_RETURN_IF_ERROR(store.SaveAuditCase(&c));
  ADUANA_RETURN_IF_ERROR(Trail(store, c, "case_closed", actor, at,
                               {{"audit_id", outcome.audit_id}, {"non_compliant", c.non_compliant},
                                {"amount_assessed", c.amount_assessed}}));
  return std::make_pair(std::move(c), std::move(outcome));
}

}  // namespace aduana::audit
