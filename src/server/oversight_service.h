// Oversight after release, as the API offers it: early-warning alerts (scanned from the store's history,
// then acknowledged, resolved or dismissed), post-clearance audit plans, and audit cases from opening to
// closing. Writes go through the clearance service's group-commit writer (the audit trail stays one chain);
// reads and the long computations (a scan, a plan) use this service's own store connection, so they never
// hold up decisions. A closed case's outcome reaches the live profiles at once.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_case.h"
#include "audit/pca_plan.h"
#include "server/auth.h"
#include "server/clearance_service.h"
#include "warn/alert_workflow.h"

namespace aduana::server {

struct CaseView {
  AuditCaseRecord audit_case;
  std::vector<AuditEntry> timeline;
};

class OversightService {
 public:
  explicit OversightService(ClearanceService& clearance) : clearance_(clearance) {}

  absl::StatusOr<std::vector<AlertRecord>> ListAlerts(const AlertFilter& filter);
  absl::StatusOr<AlertRecord> GetAlert(int64_t alert_id);
  absl::StatusOr<AlertRecord> MoveAlert(int64_t alert_id, std::string_view to, std::string_view note,
                                        const Principal& who);
  // Runs the detectors over [from, to] (days) and stores what they raise.
  absl::StatusOr<warn::StoredAlerts> ScanAlerts(EpochDay from, EpochDay to, const Principal& who);

  // Builds a plan with the active model and stores it.
  absl::StatusOr<PcaPlanRecord> CreatePlan(const audit::PcaOptions& options, const Principal& who);
  absl::StatusOr<std::vector<PcaPlanRecord>> ListPlans();
  absl::StatusOr<PcaPlanRecord> GetPlan(int64_t plan_id);

  // A case from a plan's candidate (plan_id != 0) or on its own (period from..to).
  absl::StatusOr<AuditCaseRecord> OpenCase(int64_t plan_id, std::string_view company_id, EpochDay from, EpochDay to,
                                           const Principal& who);
  absl::StatusOr<AuditCaseRecord> AssignCase(int64_t case_id, std::string_view auditor, const Principal& who);
  absl::StatusOr<AuditCaseRecord> RecordFindings(int64_t case_id, const audit::CaseFindings& findings,
                                                 const Principal& who);
  absl::StatusOr<AuditCaseRecord> CloseCase(int64_t case_id, const Principal& who);
  absl::StatusOr<std::vector<AuditCaseRecord>> ListCases(std::string_view state, std::string_view company_id,
                                                         int limit);
  absl::StatusOr<CaseView> GetCase(int64_t case_id);

 private:
  // This service's connection, opened on first use; callers hold mutex_.
  absl::StatusOr<Store*> Reader();
  // Runs `step` in a group commit and returns what it produced.
  template <typename T>
  absl::StatusOr<T> Write(const std::function<absl::StatusOr<T>(Store&)>& step);

  ClearanceService& clearance_;
  std::mutex mutex_;
  std::unique_ptr<Store> reader_;
};

}  // namespace aduana::server
