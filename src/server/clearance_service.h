// The selectivity service without its HTTP clothes: a declaration comes in, is assessed (model, rules,
// profiles), gets its channel within its office's capacity, and the decision is written, with the declaration
// and an audit-trail entry, in a group commit before the caller hears of it. Inspection results, re-routes and
// capacity changes go the same way, and move the profiles, classes and selector at once.
//
// Threads: any number of callers. Assessment and selection are serialised (they are a few tens of microseconds);
// writes are batched by the group-commit writer; reads use their own connection.
#pragma once

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
#include "select/channel_selector.h"
#include "select/workflow.h"
#include "server/auth.h"
#include "server/group_commit.h"
#include "store/audit_chain.h"
#include "store/store.h"

namespace aduana::server {

struct ServiceOptions {
  select::SelectionConfig selection;
  select::OfficeCapacity default_capacity{.red = 40, .yellow = 80, .blue = 20, .expected_declarations = 500};
  int reasons = 5;               // model contributions kept with each decision
  int replay_days = 14;          // decisions replayed into the selector at start
  bool fsync_each_commit = true;  // a 2xx means on disk
};

// Everything known about one declaration, for GET /v1/declarations/{id}.
struct DeclarationView {
  DeclarationBundle bundle;
  std::optional<DecisionRecord> decision;
  std::vector<AuditEntry> timeline;
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

  GroupCommitWriter::Stats writer_stats() const { return writer_->stats(); }
  absl::StatusOr<AuditVerification> VerifyAudit();
  absl::StatusOr<std::vector<Store::StateCount>> QueueSizes();

 private:
  ClearanceService(const ServiceOptions& options, Clock clock);
  absl::Status Start(const std::string& db_path);
  absl::Status ReplayDecisions();
  // The declaration as the assessor sees it; `discrepancies` gets what its documents contradict.
  absl::StatusOr<DeclarationRecord> RecordOf(const DeclarationSubmission& submission,
                                             std::vector<Discrepancy>* discrepancies);
  absl::StatusOr<std::optional<SubmitResult>> Resubmission(const DeclarationSubmission& submission);
  DecisionRecord MakeDecision(const DeclarationRecord& record, const model::Assessment& a,
                              const select::Decision& d, const std::vector<model::Reason>& reasons);
  absl::Status Persist(GroupCommitWriter::Job job);
  std::vector<RiskClassChange> TakeClassChanges();

  const ServiceOptions options_;
  Clock clock_;
  std::unique_ptr<Store> reader_;   // reads, on their own connection
  mutable std::mutex reader_mutex_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<Authenticator> authenticator_;
  std::mutex engine_mutex_;          // assessor_, selector decisions, in_flight_
  std::unique_ptr<model::Assessor> assessor_;
  select::ChannelSelector selector_;
  absl::flat_hash_set<std::string> in_flight_;
  std::optional<UnixMillis> last_class_change_;
};

}  // namespace aduana::server
