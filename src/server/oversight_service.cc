#include "server/oversight_service.h"

#include "core/status_macros.h"
#include "store/sqlite_store.h"
#include "warn/history_scan.h"
#include "warn/model_health.h"

namespace aduana::server {

absl::StatusOr<Store*> OversightService::Reader() {
  if (!reader_) {
    ADUANA_ASSIGN_OR_RETURN(reader_, OpenSqliteStore(clearance_.db_path()));
  }
  return reader_.get();
}

template <typename T>
absl::StatusOr<T> OversightService::Write(const std::function<absl::StatusOr<T>(Store&)>& step) {
  std::optional<T> result;
  ADUANA_RETURN_IF_ERROR(clearance_.Write([&](Store& store) -> absl::Status {
    absl::StatusOr<T> r = step(store);
    if (!r.ok()) return r.status();
    result = *std::move(r);
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::StatusOr<std::vector<AlertRecord>> OversightService::ListAlerts(const AlertFilter& filter) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return store->ListAlerts(filter);
}

absl::StatusOr<AlertRecord> OversightService::GetAlert(int64_t alert_id) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  ADUANA_ASSIGN_OR_RETURN(std::optional<AlertRecord> alert, store->LoadAlert(alert_id));
  if (!alert) return absl::NotFoundError("no alert " + std::to_string(alert_id));
  return *std::move(alert);
}

absl::StatusOr<AlertRecord> OversightService::MoveAlert(int64_t alert_id, std::string_view to, std::string_view note,
                                                        const Principal& who) {
  const UnixMillis now = clearance_.Now();
  return Write<AlertRecord>(
      [&](Store& store) { return warn::MoveAlert(store, alert_id, to, who.name, note, now); });
}

absl::StatusOr<warn::StoredAlerts> OversightService::ScanAlerts(EpochDay from, EpochDay to, const Principal& who) {
  if (to < from) return absl::InvalidArgumentError("to: the period ends before it starts");
  warn::ScanResult result;
  {
    std::lock_guard lock(mutex_);
    ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
    const UnixMillis begin = static_cast<UnixMillis>(from) * kMillisPerDay;
    const UnixMillis end = (static_cast<UnixMillis>(to) + 1) * kMillisPerDay;
    ADUANA_ASSIGN_OR_RETURN(result, warn::ScanHistory(*store, begin, end, {}));
    ADUANA_ASSIGN_OR_RETURN(std::vector<warn::Alert> health, warn::CheckModelHealth(*store, begin, end, {}));
    result.alerts.insert(result.alerts.end(), health.begin(), health.end());
  }
  const UnixMillis now = clearance_.Now();
  return Write<warn::StoredAlerts>([&](Store& store) -> absl::StatusOr<warn::StoredAlerts> {
    ADUANA_ASSIGN_OR_RETURN(warn::StoredAlerts stored, warn::StoreAlerts(store, result.alerts, now));
    AuditEntry entry{0, now, who.name, "alerts_scanned", "alerts",
                     "{\"from\":\"" + FormatDate(from) + "\",\"to\":\"" + FormatDate(to) +
                         "\",\"new\":" + std::to_string(stored.new_alerts) + "}",
                     "", ""};
    ADUANA_RETURN_IF_ERROR(store.AppendAudit(entry).status());
    return stored;
  });
}

absl::StatusOr<PcaPlanRecord> OversightService::CreatePlan(const audit::PcaOptions& options, const Principal& who) {
  PcaPlanRecord plan;
  {
    std::lock_guard lock(mutex_);
    ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
    ADUANA_ASSIGN_OR_RETURN(std::optional<ModelVersion> active, store->LoadActiveModel());
    if (!active) return absl::FailedPreconditionError("no active model: train one first");
    ADUANA_ASSIGN_OR_RETURN(model::RiskModel model, model::RiskModel::Load(*active));
    ADUANA_ASSIGN_OR_RETURN(plan, audit::BuildPcaPlan(*store, model, options, who.name, clearance_.Now()));
  }
  return Write<PcaPlanRecord>([&](Store& store) -> absl::StatusOr<PcaPlanRecord> {
    PcaPlanRecord stored = plan;
    ADUANA_RETURN_IF_ERROR(store.SavePcaPlan(&stored));
    AuditEntry entry{0, stored.created_at, who.name, "pca_plan_created", "plan:" + std::to_string(stored.plan_id),
                     "{\"capacity\":" + std::to_string(stored.capacity) + "}", "", ""};
    ADUANA_RETURN_IF_ERROR(store.AppendAudit(entry).status());
    return stored;
  });
}

absl::StatusOr<std::vector<PcaPlanRecord>> OversightService::ListPlans() {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return store->ListPcaPlans();
}

absl::StatusOr<PcaPlanRecord> OversightService::GetPlan(int64_t plan_id) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  ADUANA_ASSIGN_OR_RETURN(std::optional<PcaPlanRecord> plan, store->LoadPcaPlan(plan_id));
  if (!plan) return absl::NotFoundError("no plan " + std::to_string(plan_id));
  return *std::move(plan);
}

absl::StatusOr<AuditCaseRecord> OversightService::OpenCase(int64_t plan_id, std::string_view company_id, EpochDay from,
                                                           EpochDay to, const Principal& who) {
  const UnixMillis now = clearance_.Now();
  return Write<AuditCaseRecord>([&](Store& store) {
    return plan_id != 0 ? audit::OpenCaseFromPlan(store, plan_id, company_id, who.name, now)
                        : audit::OpenManualCase(store, company_id, from, to, who.name, now);
  });
}

absl::StatusOr<AuditCaseRecord> OversightService::AssignCase(int64_t case_id, std::string_view auditor,
                                                             const Principal& who) {
  const UnixMillis now = clearance_.Now();
  return Write<AuditCaseRecord>([&](Store& store) { return audit::AssignCase(store, case_id, auditor, who.name, now); });
}

absl::StatusOr<AuditCaseRecord> OversightService::RecordFindings(int64_t case_id, const audit::CaseFindings& findings,
                                                                 const Principal& who) {
  const UnixMillis now = clearance_.Now();
  return Write<AuditCaseRecord>(
      [&](Store& store) { return audit::RecordFindings(store, case_id, findings, who.name, now); });
}

absl::StatusOr<AuditCaseRecord> OversightService::CloseCase(int64_t case_id, const Principal& who) {
  const UnixMillis now = clearance_.Now();
  using Closed = std::pair<AuditCaseRecord, AuditOutcome>;
  ADUANA_ASSIGN_OR_RETURN(Closed closed,
                          Write<Closed>([&](Store& store) { return audit::CloseCase(store, case_id, who.name, now); }));
  clearance_.LearnAudit(closed.second);
  return closed.first;
}

absl::StatusOr<std::vector<AuditCaseRecord>> OversightService::ListCases(std::string_view state,
                                                                         std::string_view company_id, int limit) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  return store->ListAuditCases(state, company_id, limit);
}

absl::StatusOr<CaseView> OversightService::GetCase(int64_t case_id) {
  std::lock_guard lock(mutex_);
  ADUANA_ASSIGN_OR_RETURN(Store * store, Reader());
  ADUANA_ASSIGN_OR_RETURN(std::optional<AuditCaseRecord> c, store->LoadAuditCase(case_id));
  if (!c) return absl::NotFoundError("no audit case " + std::to_string(case_id));
  ADUANA_ASSIGN_OR_RETURN(std::vector<AuditEntry> timeline, store->AuditOf("case:" + std::to_string(case_id)));
  return CaseView{*std::move(c), std::move(timeline)};
}

}  // namespace aduana::server
