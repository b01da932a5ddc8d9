// Audit case management: a post-clearance audit of one company over a period, as an explicit workflow
//   opened -> assigned -> findings_recorded -> closed
// (an assigned case may be handed to another auditor, findings may be recorded again until the case closes).
// Each step is stored with an audit-trail entry (subject "case:ID") in the caller's transaction; a step the
// workflow does not allow is FailedPrecondition, bad input InvalidArgument naming the field. Closing writes
// the audit outcome (store: audit_outcomes), which the profiles, entity classes and the next model training
// read like any imported audit result.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace aduana::audit {

struct CaseFindings {
  bool non_compliant = false;
  double amount_assessed = 0;  // MXN; 0 when compliant
  std::string findings;        // the auditor's text
  std::vector<std::string> fraud_types;
};

// Opens a case on a candidate of a stored plan (its period and selection come from the plan). Refused when the
// company is not in the plan or already has a case that is not closed.
absl::StatusOr<AuditCaseRecord> OpenCaseFromPlan(Store& store, int64_t plan_id, std::string_view company_id,
                                                 std::string_view actor, UnixMillis at);
// Opens a case outside any plan (a tip-off, an alert): selection "manual".
absl::StatusOr<AuditCaseRecord> OpenManualCase(Store& store, std::string_view company_id, EpochDay from, EpochDay to,
                                               std::string_view actor, UnixMillis at);
absl::StatusOr<AuditCaseRecord> AssignCase(Store& store, int64_t case_id, std::string_view auditor,
                                           std::string_view actor, UnixMillis at);
absl::StatusOr<AuditCaseRecord> RecordFindings(Store& store, int64_t case_id, const CaseFindings& findings,
                                               std::string_view actor, UnixMillis at);
// Closes a case whose findings are recorded and returns it with the audit outcome it stored.
absl::StatusOr<std::pair<AuditCaseRecord, AuditOutcome>> CloseCase(Store& store, int64_t case_id,
                                                                   std::string_view actor, UnixMillis at);

}  // namespace aduana::audit
