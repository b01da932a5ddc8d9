// SqliteStore's class, shared by its write (sqlite_store.cc) and read (sqlite_store_read.cc) halves.
#pragma once

#include <string>

#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace aduana::sqlite {

class SqliteStore final : public Store {
 public:
  absl::Status Open(const std::string& path, const SqliteOptions& options);

  void SetProvenance(int64_t run_id, std::string_view source_file) override;
  absl::Status Begin() override;
  absl::Status Commit() override;
  absl::Status Rollback() override;
  absl::Status Savepoint() override;
  absl::Status ReleaseSavepoint() override;
  absl::Status RollbackToSavepoint() override;

  absl::StatusOr<PutResult> Put(const Company& company, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const TransportDocument& document, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const Declaration& declaration, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const GoodsItem& item, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const InspectionOutcome& outcome, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const AuditOutcome& audit, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const Route& route, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const StopZone& zone, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const Transit& transit, Fingerprint fp) override;
  absl::StatusOr<PutResult> Put(const TrackingEvent& event, Fingerprint fp) override;

  absl::StatusOr<bool> HasCompany(std::string_view company_id) override;
  absl::StatusOr<bool> HasDeclaration(std::string_view declaration_id) override;
  absl::StatusOr<bool> HasRoute(std::string_view route_id) override;
  absl::StatusOr<bool> HasDevice(std::string_view device_id) override;

  absl::StatusOr<std::optional<DeclarationBundle>> LoadDeclarationBundle(std::string_view id) override;
  absl::StatusOr<std::optional<TransportDocument>> LoadTransportDocument(std::string_view id) override;
  absl::StatusOr<std::vector<std::string>> DeclarationsUsingTransportDocument(std::string_view id) override;
  absl::StatusOr<DiscrepancyPass> RecordDiscrepancies(const std::vector<std::string>& sorted_ids,
                                                      const DiscrepancyFinder& find) override;
  absl::Status PutDiscrepancies(const std::vector<Discrepancy>& discrepancies) override;
  absl::Status Quarantine(const QuarantinedRow& row) override;
  absl::StatusOr<std::vector<QuarantinedRow>> ListQuarantine(int64_t run_id) override;
  absl::StatusOr<int64_t> BeginIngestRun(std::string_view description) override;
  absl::Status FinishIngestRun(int64_t run_id, const IngestRunSummary& summary) override;
  absl::StatusOr<StoreStats> Stats() override;
  absl::Status ScanDeclarations(UnixMillis from, UnixMillis until, const DeclarationVisitor& visit) override;
  absl::StatusOr<std::vector<std::string>> SourceFieldNames() override;
  absl::StatusOr<std::vector<Company>> LoadCompanies() override;
  absl::StatusOr<std::vector<AuditOutcome>> LoadAuditOutcomes() override;
  absl::StatusOr<int64_t> SaveModel(const ModelVersion& model) override;
  absl::Status ActivateModel(int64_t model_id) override;
  absl::StatusOr<std::optional<ModelVersion>> LoadActiveModel() override;
  absl::StatusOr<std::vector<ModelVersion>> ListModels() override;
  absl::StatusOr<std::optional<ModelVersion>> LoadModel(int64_t model_id) override;
  absl::StatusOr<int> ActivateRules(const std::vector<StoredRule>& rules) override;
  absl::StatusOr<std::vector<StoredRule>> ListRules() override;
  absl::Status SaveRuleStatistics(const std::vector<RuleStatisticsRecord>& stats) override;
  absl::StatusOr<std::vector<RuleStatisticsRecord>> LoadRuleStatistics() override;
  absl::Status AddRuleLiveStatistics(const std::vector<RuleLiveStatistics>& counts) override;
  absl::StatusOr<std::vector<RuleLiveStatistics>> LoadRuleLiveStatistics() override;
  absl::Status SaveRuleSet(std::string_view rule_set, std::string_view versions, UnixMillis at) override;
  absl::StatusOr<std::optional<std::string>> LoadRuleSet(std::string_view rule_set) override;
  absl::StatusOr<int64_t> AppendClassChanges(const std::vector<RiskClassChange>& changes) override;
  absl::StatusOr<std::optional<UnixMillis>> LatestClassChange() override;
  absl::StatusOr<std::vector<RiskClassChange>> ClassChanges(std::string_view entity_type,
                                                             std::string_view entity_key) override;
  absl::StatusOr<std::vector<RiskClassChange>> CurrentClasses(std::string_view entity_type) override;
  absl::Status SaveDecision(const DecisionRecord& decision) override;
  absl::Status UpdateDecisionState(std::string_view declaration_id, std::string_view channel, std::string_view state,
                                   UnixMillis at) override;
  absl::StatusOr<std::optional<DecisionRecord>> LoadDecision(std::string_view declaration_id) override;
  absl::StatusOr<std::vector<DecisionRecord>> DecisionsInState(std::string_view office, std::string_view state,
                                                               int limit) override;
  absl::StatusOr<std::vector<StateCount>> CountDecisionsByState() override;
  absl::Status ScanDecisions(UnixMillis from, UnixMillis until,
                             const std::function<absl::Status(const DecisionRecord&)>& visit) override;
  absl::StatusOr<AuditEntry> AppendAudit(const AuditEntry& entry) override;
  absl::Status ScanAudit(const std::function<absl::Status(const AuditEntry&)>& visit) override;
  absl::StatusOr<std::vector<AuditEntry>> AuditOf(std::string_view subject) override;
  absl::Status SaveToken(const ApiToken& token) override;
  absl::StatusOr<std::optional<ApiToken>> FindToken(std::string_view token_hash) override;
  absl::StatusOr<std::vector<ApiToken>> ListTokens() override;
  absl::Status RevokeToken(std::string_view token_hash, UnixMillis at) override;
  absl::Status SaveCapacity(const OfficeCapacityRecord& capacity) override;
  absl::StatusOr<std::vector<OfficeCapacityRecord>> LoadCapacities() override;
  absl::StatusOr<std::vector<BasisOutcomes>> OutcomesByBasis(UnixMillis from, UnixMillis until) override;
  absl::StatusOr<std::vector<ChannelOutcomes>> OutcomesByChannel(UnixMillis from, UnixMillis until) override;
  absl::StatusOr<std::vector<DailyChannelCount>> DecisionsPerDay(UnixMillis from, UnixMillis until) override;
  absl::StatusOr<ReleaseTimes> ReleaseTimesOf(UnixMillis from, UnixMillis until) override;
  absl::StatusOr<std::optional<UnixMillis>> LatestDecisionTime() override;
  absl::StatusOr<std::vector<DecisionRecord>> ListDecisions(const DecisionFilter& filter) override;
  absl::StatusOr<std::vector<RouteRecord>> LoadRoutes() override;
  absl::StatusOr<std::vector<Transit>> LoadTransits(UnixMillis from, UnixMillis until) override;
  absl::StatusOr<std::optional<Transit>> LoadTransit(std::string_view transit_id) override;
  absl::StatusOr<std::vector<Transit>> TransitsOfDeclaration(std::string_view declaration_id) override;
  absl::Status ScanTrackingEvents(UnixMillis from, UnixMillis until, const TrackingEventVisitor& visit) override;
  absl::StatusOr<std::vector<TrackingEvent>> DeviceEvents(std::string_view device_id, UnixMillis from,
                                                          UnixMillis until) override;
  absl::StatusOr<std::vector<StoredTransitIncident>> LoadTransitIncidents() override;
  absl::StatusOr<bool> PutAlert(AlertRecord* alert) override;
  absl::StatusOr<std::optional<AlertRecord>> LoadAlert(int64_t alert_id) override;
  absl::StatusOr<std::vector<AlertRecord>> ListAlerts(const AlertFilter& filter) override;
  absl::Status UpdateAlertStatus(int64_t alert_id, std::string_view status, UnixMillis at, std::string_view by,
                                 std::string_view note) override;
  absl::Status SavePcaPlan(PcaPlanRecord* plan) override;
  absl::StatusOr<std::optional<PcaPlanRecord>> LoadPcaPlan(int64_t plan_id) override;
  absl::StatusOr<std::vector<PcaPlanRecord>> ListPcaPlans() override;
  absl::Status SaveAuditCase(AuditCaseRecord* audit_case) override;
  absl::StatusOr<std::optional<AuditCaseRecord>> LoadAuditCase(int64_t case_id) override;
  absl::StatusOr<std::vector<AuditCaseRecord>> ListAuditCases(std::string_view state, std::string_view company_id,
                                                              int limit) override;

 private:
  // Runs a prepared INSERT ... ON CONFLICT DO NOTHING; on a conflict compares the stored fingerprint, which
  // `lookup` (already bound to the key) selects.
  absl::StatusOr<PutResult> Finish(Statement& insert, Statement& lookup, Fingerprint fp);
  absl::StatusOr<bool> Exists(Statement& query, std::string_view key);
  absl::Status Prepare(Statement* stmt, std::string_view sql);
  absl::Status PrepareAll();

  Database db_;
  int64_t run_id_ = 0;
  std::string source_file_;

  struct Statements {
    Statement insert_company, company_fp, insert_director;
    Statement insert_document, document_fp;
    Statement insert_declaration, declaration_fp;
    Statement insert_item, item_fp;
    Statement insert_outcome, outcome_fp;
    Statement insert_audit, audit_fp;
    Statement insert_route, route_fp;
    Statement insert_zone, zone_fp;
    Statement insert_transit, transit_fp;
    Statement insert_event, event_fp;
    Statement has_company, has_declaration, has_route, has_device;
    Statement load_declaration, load_items, load_document, declarations_by_document;
    Statement insert_discrepancy, insert_quarantine;
  } s_;
};

// Column lists and readers shared by the single and the set-based loads; `first` is the first column's index.
extern const char* const kDeclarationColumns;
extern const char* const kItemColumns;
extern const char* const kDocumentColumns;
Declaration ReadDeclaration(const Statement& q, int first = 0);

// Every row of `q`, each made by `read`.
template <typename T, typename Read>
absl::StatusOr<std::vector<T>> ReadAll(Statement& q, Read read) {
  std::vector<T> rows;
  while (true) {
    absl::StatusOr<bool> row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.push_back(read(q));
  }
  return rows;
}
GoodsItem ReadItem(const Statement& q, int first = 0);
TransportDocument ReadDocument(const Statement& q, int first = 0);

}  // namespace aduana::sqlite
