// The storage interface. Ingest, profiles, models and the server talk to the store only through this class;
// the embedded SQLite implementation is sqlite_store.h, and a PostgreSQL one can implement the same interface.
// Writes happen inside an explicit transaction (Begin/Commit) so a batch is applied whole or not at all.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/outcome.h"
#include "core/party.h"
#include "core/trade.h"
#include "core/transit.h"

namespace aduana {

// 64-bit digest of a record's content, used to tell a re-sent identical record from a conflicting one.
using Fingerprint = uint64_t;

enum class PutResult {
  kInserted,          // new record stored
  kUnchanged,         // the same key is stored with the same content: nothing to do
  kConflict,          // the same key is stored with different content: not applied
  kUnknownReference,  // a referenced record (declaration, company, route) does not exist: not applied
};

// A row that ingest rejected, kept with where it came from and why.
struct QuarantinedRow {
  int64_t run_id = 0;
  std::string file;
  int64_t line = 0;
  std::string entity;  // "declarations", "goods_items", ... or "" when the file kind is unknown
  std::string field;   // "" when the row as a whole is wrong
  std::string reason;
  std::string raw;
  int64_t raw_size = 0;  // bytes of the whole row (raw may be cut)
};

// A declaration with what ingest needs to check it against: its items and its transport document.
struct DeclarationBundle {
  Declaration declaration;
  std::vector<GoodsItem> items;
  std::optional<TransportDocument> transport_document;
};

// A declaration as risk assessment sees it: its items, the discrepancies found on it, the carrier of its
// transport document and, when it was inspected, the outcome.
struct DeclarationRecord {
  Declaration declaration;
  std::vector<GoodsItem> items;
  std::vector<std::string> discrepancy_kinds;
  std::string carrier_id;  // "" when the declaration names no stored transport document
  std::optional<InspectionOutcome> outcome;
};

// One trained model version in the registry. The boosters are XGBoost's own serialisation (JSON).
struct ModelVersion {
  int64_t model_id = 0;
  UnixMillis created_at = 0;
  std::string label;             // "fraud" or "critical"
  UnixMillis trained_until = 0;  // declarations lodged before this instant were used
  int64_t training_rows = 0;
  std::string parameters_json;
  std::string features_json;     // feature names, in column order
  std::string metrics_json;
  std::string risk_booster;      // P(non-compliant finding)
  std::string revenue_booster;   // expected additional revenue; "" when the history has no revenue to learn
  bool active = false;
};

// One version of an analyst rule, as its canonical source text (rules/rule.h FormatRule).
struct StoredRule {
  std::string rule_id;
  int version = 0;
  std::string source;
  std::string author;
  UnixMillis loaded_at = 0;
  bool active = false;
};

// What one rule version selected over a period of history, and what the inspections of those declarations
// found: the figures that show which rules earn their inspections and which should be retired.
struct RuleStatisticsRecord {
  std::string rule_id;
  int version = 0;
  UnixMillis period_from = 0;  // declarations lodged in [period_from, period_to)
  UnixMillis period_to = 0;
  UnixMillis computed_at = 0;
  int64_t selected = 0;
  int64_t inspected = 0;  // of the selected
  int64_t non_compliant = 0;
  double revenue = 0;
};

// What one rule version selected in the service, and what the controls of those declarations found, counted
// live as decisions and inspection results are written (since the version's first decision).
struct RuleLiveStatistics {
  std::string rule_id;
  int version = 0;
  UnixMillis since = 0;
  UnixMillis updated_at = 0;
  int64_t selected = 0;
  int64_t controlled = 0;  // of the selected, with a result recorded
  int64_t non_compliant = 0;
  double revenue = 0;
};

// A change of an entity's risk class (low / medium / high) with the reason in words: the history a trader may
// be shown to explain its rating.
struct RiskClassChange {
  std::string entity_type;  // "importer", "hs6", ... (profile::EntityTypeName)
  std::string entity_key;
  UnixMillis changed_at = 0;
  std::string from_class;
  std::string to_class;
  std::string reason;
};

// The channel decision of one declaration and where its clearance stands (select/workflow.h names the states).
struct DecisionRecord {
  std::string declaration_id;
  UnixMillis decided_at = 0;
  std::string office;
  std::string channel;  // red, yellow, green, blue
  std::string basis;    // rule, random, risk, revenue, release
  bool random = false;  // in the random control sample
  double priority = 0;
  double risk = 0;
  double expected_revenue = 0;
  double threshold = 0;
  int64_t model_id = 0;       // 0: no model was active
  std::string rule_versions;  // the id of the rule set in force ("rs-" + 16 hex; Store::LoadRuleSet lists it)
  std::string reasons_json;   // rules hit, model contributions in words, profile flags
  std::string explanation;    // the basis in words
  std::string state;          // clearance state
  UnixMillis state_at = 0;
};

// One entry of the append-only audit trail. Each entry's hash covers its fields and the previous entry's hash,
// so changing, inserting or deleting an entry breaks the chain from there on (store/audit_chain.h verifies it).
struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3, ... assigned on append
  UnixMillis at = 0;
  std::string actor;    // the user, or "engine"
  std::string action;   // "decided", "rerouted", "result_recorded", "capacity_changed", ...
  std::string subject;  // what it is about: a declaration id, an office, a user
  std::string detail;   // JSON
  std::string prev_hash;  // hex; "" for the first entry
  std::string hash;       // hex
};

// An API token: only its hash is stored; the token itself is shown once, when it is made.
struct ApiToken {
  std::string token_hash;  // hex
  std::string name;        // who it belongs to
  std::string role;        // admin, analyst, officer, auditor, integration
  UnixMillis created_at = 0;
  std::optional<UnixMillis> revoked_at;
};

// One office's daily capacity as set by an administrator (select/capacity.h).
struct OfficeCapacityRecord {
  std::string office;
  int64_t red = 0;
  int64_t yellow = 0;
  int64_t blue = 0;
  double expected_declarations = 0;
  UnixMillis updated_at = 0;
};

// A high-severity cargo alert not dismissed, with the importer of the declaration in transit and the carrier
// of its transport document: what the profiles count as a transit incident (profile/profile_book.h).
struct StoredTransitIncident {
  UnixMillis raised_at = 0;
  std::string detector;
  std::string transit_id;
  std::string importer_id;
  std::string carrier_id;  // "" without a transport document
};

// An approved transit route with its stop zones (cargo/).
struct RouteRecord {
  Route route;
  std::vector<StopZone> zones;
};

// An early-warning alert (warn/detectors.h) as stored, with where its workflow stands (warn/alert_workflow.h).
struct AlertRecord {
  int64_t alert_id = 0;  // assigned when first stored
  std::string detector;
  std::string subject_kind;
  std::string subject;
  EpochDay week = 0;  // the Monday of the week it is about
  std::string severity;
  double observed = 0;
  double baseline = 0;
  double spread = 0;
  int baseline_weeks = 0;
  std::string evidence;
  std::vector<std::string> declarations;
  std::string suggested_rule;
  UnixMillis raised_at = 0;
  std::string status = "new";  // new, acknowledged, resolved, dismissed
  UnixMillis status_at = 0;
  std::string status_by;    // who moved it last; "" while new
  std::string status_note;  // why
};

struct AlertFilter {
  std::string status;        // "" any
  std::string detector;      // "" any
  std::string subject;       // "" any
  int64_t before_id = 0;     // paging: only ids below this; 0 from the newest
  int limit = 100;
};

// A company proposed for post-clearance audit, with the evidence an auditor needs (audit/pca_plan.h).
struct PcaCandidate {
  int rank = 0;  // 1-based
  std::string company_id;
  std::string selection;       // "risk" or "random" (the control sample)
  double score = 0;            // what the ranking used
  double revenue_at_risk = 0;  // expected revenue missed on its declarations released without control (MXN)
  int64_t declarations = 0;    // in the period
  int64_t released = 0;        // of them, released without a control
  double declared_value = 0;   // customs value declared in the period (MXN)
  std::string evidence_json;   // indicators, amounts and declarations
};

struct PcaPlanRecord {
  int64_t plan_id = 0;  // assigned when stored
  UnixMillis created_at = 0;
  std::string created_by;
  EpochDay period_from = 0;  // declarations lodged in [period_from, period_to]
  EpochDay period_to = 0;
  int capacity = 0;
  double random_share = 0;
  uint64_t seed = 0;
  int64_t model_id = 0;
  int64_t companies_ranked = 0;
  std::vector<PcaCandidate> candidates;  // by rank
};

// A post-clearance audit of one company over a period, from opening to closing (audit/audit_case.h).
struct AuditCaseRecord {
  int64_t case_id = 0;  // assigned when first stored
  int64_t plan_id = 0;  // 0: opened outside a plan
  std::string company_id;
  EpochDay period_from = 0;
  EpochDay period_to = 0;
  std::string selection;  // risk, random or manual
  std::string state;      // opened, assigned, findings_recorded, closed
  UnixMillis opened_at = 0;
  std::string opened_by;
  std::string auditor;
  bool non_compliant = false;
  double amount_assessed = 0;
  std::string findings;
  std::vector<std::string> fraud_types;
  UnixMillis updated_at = 0;
  std::optional<UnixMillis> closed_at;
  std::string audit_id;  // of the audit outcome written on closing
};

// What the controls of the decisions made on one basis found (store: decisions joined with their results).
struct BasisOutcomes {
  std::string basis;  // rule, random, risk, revenue, release
  int64_t decisions = 0;
  int64_t controlled = 0;  // with a control result recorded
  int64_t non_compliant = 0;
  double revenue = 0;
};

// What the controls of the decisions sent to one channel found (decisions joined with their results).
struct ChannelOutcomes {
  std::string channel;  // red, yellow, green, blue (the channel now, after any re-route)
  int64_t decisions = 0;
  int64_t controlled = 0;  // with a control result recorded
  int64_t non_compliant = 0;
  double revenue = 0;
};

// How many decisions of one day (UTC) went to one channel.
struct DailyChannelCount {
  EpochDay day = 0;
  std::string channel;
  int64_t decisions = 0;
};

// How long the declarations sent to a control (red or yellow) and released after it waited, from the decision
// to the release (the decision's state time once it is "released").
struct ReleaseTimes {
  int64_t released = 0;
  double p50_minutes = 0;
  double p90_minutes = 0;
};

// A page of decisions, newest first; empty strings match anything.
struct DecisionFilter {
  std::string office;
  std::string channel;
  std::string state;
  UnixMillis before = 0;  // paging: only decisions made before this instant; 0 from the newest
  int limit = 50;
};

struct IngestRunSummary {
  int64_t accepted = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
};

struct StoreStats {
  std::map<std::string, int64_t> rows_per_table;
  std::map<std::string, int64_t> inspections_per_channel;
  int64_t inspections = 0;
  int64_t non_compliant = 0;
  double additional_revenue = 0;
  std::map<std::string, int64_t> fraud_types;                 // fraud type -> findings
  std::map<std::string, int64_t> discrepancies_per_kind;
  std::map<std::string, int64_t> quarantine_per_reason;       // "entity: reason" -> rows
  struct SourceOutcomes {
    int64_t declarations = 0;
    int64_t inspected = 0;
    int64_t non_compliant = 0;
  };
  std::map<std::string, SourceOutcomes> outcomes_per_source;  // source file of the declarations -> counts
};

class Store {
 public:
  virtual ~Store() = default;

  // Rows written from now on are recorded as coming from this ingest run and file.
  virtual void SetProvenance(int64_t run_id, std::string_view source_file) = 0;

  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
  // A savepoint inside the current transaction: work after it can be undone alone (RollbackToSavepoint) or
  // kept (ReleaseSavepoint), so one failing job does not undo the others of a group commit.
  virtual absl::Status Savepoint() = 0;
  virtual absl::Status ReleaseSavepoint() = 0;
  virtual absl::Status RollbackToSavepoint() = 0;

  virtual absl::StatusOr<PutResult> Put(const Company& company, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const TransportDocument& document, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const Declaration& declaration, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const GoodsItem& item, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const InspectionOutcome& outcome, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const AuditOutcome& audit, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const Route& route, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const StopZone& zone, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const Transit& transit, Fingerprint fp) = 0;
  virtual absl::StatusOr<PutResult> Put(const TrackingEvent& event, Fingerprint fp) = 0;

  virtual absl::StatusOr<bool> HasCompany(std::string_view company_id) = 0;
  virtual absl::StatusOr<bool> HasDeclaration(std::string_view declaration_id) = 0;
  virtual absl::StatusOr<bool> HasRoute(std::string_view route_id) = 0;
  virtual absl::StatusOr<bool> HasDevice(std::string_view device_id) = 0;

  virtual absl::StatusOr<std::optional<DeclarationBundle>> LoadDeclarationBundle(std::string_view id) = 0;
  virtual absl::StatusOr<std::optional<TransportDocument>> LoadTransportDocument(std::string_view id) = 0;
  virtual absl::StatusOr<std::vector<std::string>> DeclarationsUsingTransportDocument(std::string_view id) = 0;
  // For each declaration of `sorted_ids` (ascending, no repeats) in the store: loads it with its items and
  // transport document, asks `find` for its discrepancies, and stores them in place of those recorded before.
  // Runs in the caller's transaction. Returns how many declarations were checked and discrepancies stored.
  struct DiscrepancyPass {
    int64_t declarations_checked = 0;
    int64_t discrepancies = 0;
  };
  using DiscrepancyFinder = std::function<std::vector<Discrepancy>(const DeclarationBundle&)>;
  virtual absl::StatusOr<DiscrepancyPass> RecordDiscrepancies(const std::vector<std::string>& sorted_ids,
                                                              const DiscrepancyFinder& find) = 0;
  // The discrepancies of a declaration just put, found by the caller (the service, which has the bundle at hand).
  virtual absl::Status PutDiscrepancies(const std::vector<Discrepancy>& discrepancies) = 0;

  // Keeps a rejected row; the same row at the same (file, line) is kept once however often it is rejected.
  virtual absl::Status Quarantine(const QuarantinedRow& row) = 0;

  // The rows quarantined by one ingest run, in file and line order.
  virtual absl::StatusOr<std::vector<QuarantinedRow>> ListQuarantine(int64_t run_id) = 0;

  virtual absl::StatusOr<int64_t> BeginIngestRun(std::string_view description) = 0;
  virtual absl::Status FinishIngestRun(int64_t run_id, const IngestRunSummary& summary) = 0;

  virtual absl::StatusOr<StoreStats> Stats() = 0;

  // Calls `visit` for every declaration lodged in [from, until), in lodgement order (ties in ingest order).
  // Stops at, and returns, the first error `visit` returns.
  using DeclarationVisitor = std::function<absl::Status(DeclarationRecord&)>;
  virtual absl::Status ScanDeclarations(UnixMillis from, UnixMillis until, const DeclarationVisitor& visit) = 0;
  // Names of the source-format columns kept in declarations' source_fields ("name=value;..."), sorted.
  virtual absl::StatusOr<std::vector<std::string>> SourceFieldNames() = 0;
  virtual absl::StatusOr<std::vector<Company>> LoadCompanies() = 0;
  virtual absl::StatusOr<std::vector<AuditOutcome>> LoadAuditOutcomes() = 0;

  // Model registry. SaveModel stores a new inactive version and returns its id; ActivateModel makes it the
  // only active one. ListModels leaves the boosters empty.
  virtual absl::StatusOr<int64_t> SaveModel(const ModelVersion& model) = 0;
  virtual absl::Status ActivateModel(int64_t model_id) = 0;
  virtual absl::StatusOr<std::optional<ModelVersion>> LoadActiveModel() = 0;
  virtual absl::StatusOr<std::vector<ModelVersion>> ListModels() = 0;
  // One version with its boosters; nullopt when there is no such id.
  virtual absl::StatusOr<std::optional<ModelVersion>> LoadModel(int64_t model_id) = 0;

  // Makes `rules` the active rule set, in one transaction: a new (id, version) is stored, one stored with the
  // same text is kept, one stored with another text is refused (FailedPrecondition: raise the version);
  // every other rule version becomes inactive. Returns how many versions were new.
  virtual absl::StatusOr<int> ActivateRules(const std::vector<StoredRule>& rules) = 0;
  // Every stored version (active or not), by id then version.
  virtual absl::StatusOr<std::vector<StoredRule>> ListRules() = 0;

  // Stores the latest statistics of each rule version in `stats` (replacing earlier ones of that version), in
  // one transaction. A version that is not stored is refused (NotFound).
  virtual absl::Status SaveRuleStatistics(const std::vector<RuleStatisticsRecord>& stats) = 0;
  // The latest statistics of every rule version that has some, by id then version.
  virtual absl::StatusOr<std::vector<RuleStatisticsRecord>> LoadRuleStatistics() = 0;
  // Adds counts to the live statistics (each entry's since/updated_at is the time of the counts); in the
  // caller's transaction.
  virtual absl::Status AddRuleLiveStatistics(const std::vector<RuleLiveStatistics>& counts) = 0;
  virtual absl::StatusOr<std::vector<RuleLiveStatistics>> LoadRuleLiveStatistics() = 0;
  // A rule set decisions are made under: its id and its "ID@version;..." list (kept once; the first use wins).
  virtual absl::Status SaveRuleSet(std::string_view rule_set, std::string_view versions, UnixMillis at) = 0;
  virtual absl::StatusOr<std::optional<std::string>> LoadRuleSet(std::string_view rule_set) = 0;

  // Appends class changes in the caller's transaction; a change already stored (same entity and instant) is
  // skipped. Returns how many were new. The history is append-only: nothing here rewrites or deletes a change.
  virtual absl::StatusOr<int64_t> AppendClassChanges(const std::vector<RiskClassChange>& changes) = 0;
  // The instant of the latest stored change, or nullopt if none is stored.
  virtual absl::StatusOr<std::optional<UnixMillis>> LatestClassChange() = 0;
  // The changes of one entity, oldest first.
  virtual absl::StatusOr<std::vector<RiskClassChange>> ClassChanges(std::string_view entity_type,
                                                                     std::string_view entity_key) = 0;
  // The latest change of every entity of a type (its class now), by key.
  virtual absl::StatusOr<std::vector<RiskClassChange>> CurrentClasses(std::string_view entity_type) = 0;

  // Decisions, in the caller's transaction. SaveDecision refuses a second decision for a declaration
  // (AlreadyExists); UpdateDecisionState refuses an unknown declaration (NotFound).
  virtual absl::Status SaveDecision(const DecisionRecord& decision) = 0;
  virtual absl::Status UpdateDecisionState(std::string_view declaration_id, std::string_view channel,
                                           std::string_view state, UnixMillis at) = 0;
  virtual absl::StatusOr<std::optional<DecisionRecord>> LoadDecision(std::string_view declaration_id) = 0;
  // Decisions of an office in a clearance state, oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<DecisionRecord>> DecisionsInState(std::string_view office, std::string_view state,
                                                                       int limit) = 0;
  // How many decisions are in each clearance state, per office (queue sizes for the metrics).
  struct StateCount {
    std::string office;
    std::string state;
    int64_t decisions = 0;
  };
  virtual absl::StatusOr<std::vector<StateCount>> CountDecisionsByState() = 0;
  // Every decision made in [from, until), in decision order (to rebuild a selector's state).
  virtual absl::Status ScanDecisions(UnixMillis from, UnixMillis until,
                                     const std::function<absl::Status(const DecisionRecord&)>& visit) = 0;

  // Per basis, the decisions made in [from, until) and what their controls found.
  virtual absl::StatusOr<std::vector<BasisOutcomes>> OutcomesByBasis(UnixMillis from, UnixMillis until) = 0;
  // Per channel, the same (for the dashboard).
  virtual absl::StatusOr<std::vector<ChannelOutcomes>> OutcomesByChannel(UnixMillis from, UnixMillis until) = 0;
  // Per day and channel, the decisions made in [from, until), by day then channel.
  virtual absl::StatusOr<std::vector<DailyChannelCount>> DecisionsPerDay(UnixMillis from, UnixMillis until) = 0;
  // Decision to release of the controlled declarations decided in [from, until) and released since.
  virtual absl::StatusOr<ReleaseTimes> ReleaseTimesOf(UnixMillis from, UnixMillis until) = 0;
  // The instant of the latest decision, or nullopt if none is stored.
  virtual absl::StatusOr<std::optional<UnixMillis>> LatestDecisionTime() = 0;
  // Decisions newest first (then by declaration id), filtered.
  virtual absl::StatusOr<std::vector<DecisionRecord>> ListDecisions(const DecisionFilter& filter) = 0;

  // Appends to the audit trail in the caller's transaction, chaining the entry to the last one. Returns it as
  // stored (seq and hashes filled in).
  virtual absl::StatusOr<AuditEntry> AppendAudit(const AuditEntry& entry) = 0;
  // Entries in sequence order; stops at, and returns, the first error of `visit`.
  virtual absl::Status ScanAudit(const std::function<absl::Status(const AuditEntry&)>& visit) = 0;
  // Entries about one subject, in sequence order.
  virtual absl::StatusOr<std::vector<AuditEntry>> AuditOf(std::string_view subject) = 0;

  virtual absl::Status SaveToken(const ApiToken& token) = 0;
  virtual absl::StatusOr<std::optional<ApiToken>> FindToken(std::string_view token_hash) = 0;
  virtual absl::StatusOr<std::vector<ApiToken>> ListTokens() = 0;
  virtual absl::Status RevokeToken(std::string_view token_hash, UnixMillis at) = 0;

  virtual absl::Status SaveCapacity(const OfficeCapacityRecord& capacity) = 0;
  virtual absl::StatusOr<std::vector<OfficeCapacityRecord>> LoadCapacities() = 0;

  // Cargo monitoring (cargo/): routes with their zones, transits and tracking events as ingested.
  virtual absl::StatusOr<std::vector<RouteRecord>> LoadRoutes() = 0;
  // Transits departed in [from, until), by departure.
  virtual absl::StatusOr<std::vector<Transit>> LoadTransits(UnixMillis from, UnixMillis until) = 0;
  virtual absl::StatusOr<std::optional<Transit>> LoadTransit(std::string_view transit_id) = 0;
  virtual absl::StatusOr<std::vector<Transit>> TransitsOfDeclaration(std::string_view declaration_id) = 0;
  // Tracking events of [from, until) in event-time order (then device and type).
  using TrackingEventVisitor = std::function<absl::Status(const TrackingEvent&)>;
  virtual absl::Status ScanTrackingEvents(UnixMillis from, UnixMillis until, const TrackingEventVisitor& visit) = 0;
  // The transit incidents, by the time they were raised.
  virtual absl::StatusOr<std::vector<StoredTransitIncident>> LoadTransitIncidents() = 0;
  // One device's events of [from, until), in event-time order.
  virtual absl::StatusOr<std::vector<TrackingEvent>> DeviceEvents(std::string_view device_id, UnixMillis from,
                                                                  UnixMillis until) = 0;

  // Alerts, in the caller's transaction. PutAlert stores an alert unless one of the same detector, subject and
  // week is stored (its workflow is kept), sets alert->alert_id either way and says whether it was new.
  virtual absl::StatusOr<bool> PutAlert(AlertRecord* alert) = 0;
  virtual absl::StatusOr<std::optional<AlertRecord>> LoadAlert(int64_t alert_id) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<AlertRecord>> ListAlerts(const AlertFilter& filter) = 0;
  virtual absl::Status UpdateAlertStatus(int64_t alert_id, std::string_view status, UnixMillis at,
                                         std::string_view by, std::string_view note) = 0;

  // Audit plans: SavePcaPlan stores a plan with its candidates and sets plan->plan_id. ListPcaPlans leaves
  // the candidates out.
  virtual absl::Status SavePcaPlan(PcaPlanRecord* plan) = 0;
  virtual absl::StatusOr<std::optional<PcaPlanRecord>> LoadPcaPlan(int64_t plan_id) = 0;
  virtual absl::StatusOr<std::vector<PcaPlanRecord>> ListPcaPlans() = 0;

  // Audit cases: SaveAuditCase inserts a case whose case_id is 0 (and sets it) or replaces the stored one.
  virtual absl::Status SaveAuditCase(AuditCaseRecord* audit_case) = 0;
  virtual absl::StatusOr<std::optional<AuditCaseRecord>> LoadAuditCase(int64_t case_id) = 0;
  // Newest first; `state` and `company_id` filter when not empty.
  virtual absl::StatusOr<std::vector<AuditCaseRecord>> ListAuditCases(std::string_view state,
                                                                      std::string_view company_id, int limit) = 0;
};

}  // namespace aduana
