// The selectivity service without its HTTP clothes: a declaration comes in, is assessed (model, rules,
// profiles), gets its channel within its office's capacity, and the decision is written, with the declaration
// and an audit-trail entry, in a group commit before the caller hears of it. Inspection results, re-routes and
// capacity changes go the same way, and move the profiles, classes and selector at once.
//
// Threads: any number of callers. Assessment and selection are serialised (they are a few tens of microseconds);
// writes are batched by the group-commit writer; reads use their own connection.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "ingest/json_records.h"
#include "model/assessor.h"
#include "model/rule_dry_run.h"
#include "select/channel_selector.h"
#include "select/workflow.h"
#include "server/auth.h"
#include "server/group_commit.h"
#include "store/audit_chain.h"
#include "store/store.h"
#include "store/wal_checkpointer.h"

namespace aduana::server {

struct ServiceOptions {
  select::SelectionConfig selection;
  select::OfficeCapacity default_capacity{.red = 40, .yellow = 80, .blue = 20, .expected_declarations = 500};
  int reasons = 5;               // model contributions kept with each decision
  int replay_days = 14;          // decisions replayed into the selector at start
  bool fsync_each_commit = true;  // a 2xx means on disk
  std::chrono::milliseconds checkpoint_interval{50};  // how often the log is copied into the database file
};

// Everything known about one declaration, for GET /v1/declarations/{id}.
struct DeclarationView {
  DeclarationBundle bundle;
  std::optional<DecisionRecord> decision;
  std::vector<AuditEntry> timeline;
};

// A stored rule version and its latest statistics, for GET /v1/rules.
struct RuleView {
  StoredRule rule;
  std::optional<RuleStatisticsRecord> statistics;  // of the latest dry run over history (aduana rules stats)
  std::optional<RuleLiveStatistics> live;          // of the service's own decisions and their results
};

struct RulesActivation {
  int active = 0;        // rules in the new active set
  int new_versions = 0;  // of them, versions the store did not have
};

// The grounds of one importer's risk rating, as the importer may be shown them: its own figures and class
// history, and the all-traders finding rate (an aggregate); never another trader's data.
struct TraderRating {
  std::string importer_id;
  std::string risk_class;  // low, medium, high
  std::string aeo_status;  // authorised economic operator status of the registry
  profile::EntityProfile profile;
  double finding_rate = 0;      // its controls that found something (smoothed towards all traders')
  double all_traders_rate = 0;  // the same over all traders
  std::vector<RiskClassChange> history;
};

struct SubmitResult {
  DecisionRecord decision;
  bool created = false;       // false: a resubmission, answered with the stored decision
  double engine_seconds = 0;  // assessment, selection and reasons (not the write)
};

// What an inspection result may say besides the outcome itself.
struct InspectionReport {
  InspectionOutcome outcome;
  std::string notes;                    // the examiner's free text
  std::vector<std::string> confirmed;   // the flagged indicators or rule ids the control confirmed
  std::optional<bool> detain;           // the disposition; default: detain when there was a seizure
};

class ClearanceService {
 public:
  using Clock = std::function<UnixMillis()>;

  static absl::StatusOr<std::unique_ptr<ClearanceService>> Open(const std::string& db_path,
                                                                const ServiceOptions& options, Clock clock);
  ~ClearanceService();

  absl::StatusOr<SubmitResult> Submit(const DeclarationSubmission& submission, const Principal& who);
  absl::StatusOr<DeclarationView> Get(std::string_view declaration_id);
  absl::StatusOr<DecisionRecord> RecordInspection(std::string_view declaration_id, const InspectionReport& report,
                                                  const Principal& who);
  absl::StatusOr<DecisionRecord> Reroute(std::string_view declaration_id, rules::Channel channel,
                                         std::string_view justification, const Principal& who);
  absl::StatusOr<std::vector<DecisionRecord>> Queue(std::string_view office, select::ClearanceState state, int limit);

  absl::Status SetCapacity(std::string_view office, const select::OfficeCapacity& capacity, const Principal& who);
  select::OfficeCapacity Capacity(std::string_view office) const { return selector_.Capacity(office); }
  select::OfficeDay Today(std::string_view office) const { return selector_.Today(office); }

  // Tokens (admin): the new token is returned once; only its hash is kept.
  absl::StatusOr<std::string> CreateToken(std::string_view name, Role role, const Principal& who);
  Authenticator& authenticator() { return *authenticator_; }

  // A rules activation (through the CLI or API) is picked up by the next decision.
  absl::Status ReloadRules();

  // Rules management (clearance_admin.cc). Sources are in the rule language (docs/rules.md); a syntax or
  // field error is InvalidArgument with the line and column.
  absl::StatusOr<std::vector<RuleView>> ListRules();
  absl::StatusOr<model::DryRun> DryRunRules(std::string_view source, UnixMillis from, UnixMillis to);
  absl::StatusOr<RulesActivation> ActivateRules(std::string_view source, const Principal& who);
  absl::StatusOr<std::vector<ApiToken>> ListTokens();
  // Revokes the one token whose hash starts with `hash_prefix` (at least 8 hex characters); cached
  // authentications of it end within the authenticator's cache time.
  absl::Status RevokeToken(std::string_view hash_prefix, const Principal& who);
  absl::StatusOr<TraderRating> RatingOf(std::string_view importer_id);

  // For the oversight service (oversight_service.h): the store's path, the service clock, a write in the
  // next group commit, and a closed audit case's outcome, which reaches the live profiles at once.
  const std::string& db_path() const { return db_path_; }
  UnixMillis Now() const { return clock_(); }
  absl::Status Write(GroupCommitWriter::Job job) { return Persist(std::move(job)); }
  void LearnAudit(const AuditOutcome& audit);
  void LearnTransitIncident(const profile::TransitIncident& incident);

  GroupCommitWriter::Stats writer_stats() const { return writer_->stats(); }
  WalCheckpointer::Stats checkpointer_stats() const { return checkpointer_->stats(); }
  absl::StatusOr<AuditVerification> VerifyAudit();
  absl::StatusOr<std::vector<Store::StateCount>> QueueSizes();

 private:
  ClearanceService(const ServiceOptions& options, Clock clock);
  absl::Status Start(const std::string& db_path);
  absl::Status ReplayDecisions();
  // Names the assessor's active rule set and stores it (engine_mutex_ held).
  absl::Status RecordRuleSet();
  // The declaration as the assessor sees it; `discrepancies` gets what its documents contradict.
  absl::StatusOr<DeclarationRecord> RecordOf(const DeclarationSubmission& submission,
                                             std::vector<Discrepancy>* discrepancies);
  absl::StatusOr<std::optional<SubmitResult>> Resubmission(const DeclarationSubmission& submission);
  // Submit's work once the declaration's id is claimed (in_flight_).
  absl::StatusOr<SubmitResult> Decide(const DeclarationSubmission& submission, const Principal& who);
  DecisionRecord MakeDecision(const DeclarationRecord& record, const model::Assessment& a,
                              const select::Decision& d, const std::vector<model::Reason>& reasons);
  std::vector<RuleLiveStatistics> SelectedBy(const std::vector<rules::RuleSet::Hit>& hits, UnixMillis at) const;
  absl::Status Persist(GroupCommitWriter::Job job);
  std::vector<RiskClassChange> TakeClassChanges();

  const ServiceOptions options_;
  Clock clock_;
  std::string db_path_;  // long jobs (dry runs, rule activation) open their own connections
  std::unique_ptr<Store> reader_;   // reads, on their own connection
  mutable std::mutex reader_mutex_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // copies most of the writer's log into the database file
  std::unique_ptr<Authenticator> authenticator_;
  std::mutex engine_mutex_;          // assessor_, selector decisions, in_flight_
  std::unique_ptr<model::Assessor> assessor_;
  select::ChannelSelector selector_;
  absl::flat_hash_set<std::string> in_flight_;
  std::optional<UnixMillis> last_class_change_;
  std::string rule_set_;  // the id of the active rule set, stored with its versions (engine_mutex_)
};

}  // namespace aduana::server
