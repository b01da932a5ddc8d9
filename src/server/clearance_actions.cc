// ClearanceService: what happens after the decision: inspection results, re-routes, queues, capacities, tokens.
#include <algorithm>

#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "server/clearance_service.h"
#include "xxhash.h"

namespace aduana::server {
namespace {

using nlohmann::json;
using select::ClearanceEvent;
using select::ClearanceState;

absl::StatusOr<ClearanceState> StateOf(const DecisionRecord& d) {
  std::optional<ClearanceState> state = select::ClearanceStateFromName(d.state);
  if (!state) return absl::DataLossError("decision of " + d.declaration_id + " has an unknown state '" + d.state + "'");
  return *state;
}

// What a control of a declaration adds to the live statistics of the rules its decision names.
std::vector<RuleLiveStatistics> ControlledBy(const DecisionRecord& d, const InspectionOutcome& outcome, UnixMillis at) {
  std::vector<RuleLiveStatistics> counts;
  json reasons = json::parse(d.reasons_json, nullptr, false);
  if (!reasons.is_object() || !reasons.contains("rules") || !reasons["rules"].is_array()) return counts;
  for (const json& rule : reasons["rules"]) {
    if (!rule.is_object() || !rule.contains("id") || !rule.contains("version")) continue;
    std::string id = rule["id"].get<std::string>();
    int version = rule["version"].get<int>();
    bool counted = std::any_of(counts.begin(), counts.end(),
                               [&](const RuleLiveStatistics& c) { return c.rule_id == id && c.version == version; });
    if (!counted) {
      counts.push_back({id, version, at, at, 0, 1, outcome.non_compliant ? 1 : 0, outcome.additional_revenue});
    }
  }
  return counts;
}

}  // namespace

absl::StatusOr<DecisionRecord> ClearanceService::RecordInspection(std::string_view declaration_id,
                                                                  const InspectionReport& report,
                                                                  const Principal& who) {
  const std::string id(declaration_id);
  DecisionRecord decision;
  std::vector<RiskClassChange> changes;
  ClearanceState final_state;
  bool detain = report.detain.value_or(report.outcome.seizure);
  {
    std::lock_guard engine(engine_mutex_);
    if (in_flight_.contains(id)) return absl::AbortedError("declaration " + id + " is being updated: retry");
    std::optional<DecisionRecord> stored;
    std::optional<DeclarationBundle> bundle;
    {
      std::lock_guard reader(reader_mutex_);
      ADUANA_ASSIGN_OR_RETURN(stored, reader_->LoadDecision(id));
      ADUANA_ASSIGN_OR_RETURN(bundle, reader_->LoadDeclarationBundle(id));
    }
    if (!stored || !bundle) return absl::NotFoundError("no decision for declaration " + id);
    decision = *std::move(stored);
    ADUANA_ASSIGN_OR_RETURN(ClearanceState state, StateOf(decision));
    ADUANA_ASSIGN_OR_RETURN(ClearanceState recorded, select::Transition(state, ClearanceEvent::kRecordResult));
    ADUANA_ASSIGN_OR_RETURN(final_state,
                            select::Transition(recorded, detain ? ClearanceEvent::kDetain : ClearanceEvent::kRelease));
    if (report.outcome.channel != decision.channel) {
      return absl::InvalidArgumentError("channel: the declaration is on the " + decision.channel +
                                        " channel, not " + report.outcome.channel);
    }
    DeclarationRecord record;
    record.declaration = bundle->declaration;
    record.items = bundle->items;
    assessor_->Learn(record, report.outcome);
    changes = TakeClassChanges();
    in_flight_.insert(id);
  }
  UnixMillis now = clock_();
  json result = ToJson(report.outcome);
  result["notes"] = report.notes;
  result["confirmed"] = report.confirmed;
  AuditEntry recorded{0, now, who.name, "result_recorded", id, result.dump(), "", ""};
  AuditEntry closed{0, now, who.name, detain ? "detained" : "released", id, "{}", "", ""};
  std::string outcome_text = ToJson(report.outcome).dump();
  std::vector<RuleLiveStatistics> rule_counts = ControlledBy(decision, report.outcome, now);
  absl::Status written = Persist([&](Store& store) -> absl::Status {
    ADUANA_ASSIGN_OR_RETURN(PutResult put,
                            store.Put(report.outcome, XXH3_64bits(outcome_text.data(), outcome_text.size())));
    if (put != PutResult::kInserted) return absl::AlreadyExistsError("declaration " + id + " already has a result");
    ADUANA_RETURN_IF_ERROR(
        store.UpdateDecisionState(id, decision.channel, select::ClearanceStateName(final_state), now));
    ADUANA_RETURN_IF_ERROR(store.AddRuleLiveStatistics(rule_counts));
    ADUANA_RETURN_IF_ERROR(store.AppendAudit(recorded).status());
    ADUANA_RETURN_IF_ERROR(store.AppendAudit(closed).status());
    return store.AppendClassChanges(changes).status();
  });
  {
    std::lock_guard engine(engine_mutex_);
    in_flight_.erase(id);
  }
  if (!written.ok()) return written;
  decision.state = select::ClearanceStateName(final_state);
  decision.state_at = now;
  return decision;
}

absl::StatusOr<DecisionRecord> ClearanceService::Reroute(std::string_view declaration_id, rules::Channel channel,
                                                         std::string_view justification, const Principal& who) {
  const std::string id(declaration_id);
  if (justification.size() < 10) {
    return absl::InvalidArgumentError("justification: a re-route needs a justification of at least 10 characters");
  }
  if (justification.size() > 2000) return absl::InvalidArgumentError("justification: at most 2000 characters");
  DecisionRecord decision;
  ClearanceState next;
  {
    std::lock_guard engine(engine_mutex_);
    if (in_flight_.contains(id)) return absl::AbortedError("declaration " + id + " is being updated: retry");
    std::optional<DecisionRecord> stored;
    {
      std::lock_guard reader(reader_mutex_);
      ADUANA_ASSIGN_OR_RETURN(stored, reader_->LoadDecision(id));
    }
    if (!stored) return absl::NotFoundError("no decision for declaration " + id);
    decision = *std::move(stored);
    ADUANA_ASSIGN_OR_RETURN(ClearanceState state, StateOf(decision));
    ADUANA_ASSIGN_OR_RETURN(next, select::Transition(state, ClearanceEvent::kReroute, channel));
    in_flight_.insert(id);
  }
  UnixMillis now = clock_();
  json detail = {{"from", decision.channel}, {"to", rules::ChannelName(channel)}, {"justification", justification}};
  AuditEntry entry{0, now, who.name, "rerouted", id, detail.dump(), "", ""};
  std::string to(rules::ChannelName(channel));
  absl::Status written = Persist([&](Store& store) -> absl::Status {
    ADUANA_RETURN_IF_ERROR(store.UpdateDecisionState(id, to, select::ClearanceStateName(next), now));
    return store.AppendAudit(entry).status();
  });
  {
    std::lock_guard engine(engine_mutex_);
    in_flight_.erase(id);
  }
  if (!written.ok()) return written;
  decision.channel = to;
  decision.state = select::ClearanceStateName(next);
  decision.state_at = now;
  return decision;
}

absl::StatusOr<std::vector<DecisionRecord>> ClearanceService::Queue(std::string_view office,
                                                                    select::ClearanceState state, int limit) {
  std::lock_guard lock(reader_mutex_);
  return reader_->DecisionsInState(office, select::ClearanceStateName(state), limit);
}

absl::Status ClearanceService::SetCapacity(std::string_view office, const select::OfficeCapacity& c,
                                           const Principal& who) {
  if (c.red < 0 || c.yellow < 0 || c.blue < 0 || !(c.expected_declarations > 0)) {
    return absl::InvalidArgumentError("capacity: red, yellow and blue must be >= 0 and expected_declarations > 0");
  }
  UnixMillis now = clock_();
  OfficeCapacityRecord record{std::string(office), c.red, c.yellow, c.blue, c.expected_declarations, now};
  json detail = {{"red", c.red}, {"yellow", c.yellow}, {"blue", c.blue},
                 {"expected_declarations", c.expected_declarations}};
  AuditEntry entry{0, now, who.name, "capacity_changed", std::string(office), detail.dump(), "", ""};
  absl::Status written = Persist([&](Store& store) -> absl::Status {
    ADUANA_RETURN_IF_ERROR(store.SaveCapacity(record));
    return store.AppendAudit(entry).status();
  });
  if (written.ok()) selector_.SetCapacity(office, c);  // the next decision uses it
  return written;
}

absl::StatusOr<std::string> ClearanceService::CreateToken(std::string_view name, Role role, const Principal& who) {
  if (name.empty() || name.size() > 64) return absl::InvalidArgumentError("name: 1 to 64 characters");
  NewToken token = MakeToken();
  UnixMillis now = clock_();
  ApiToken stored{token.hash, std::string(name), std::string(RoleName(role)), now, std::nullopt};
  json detail = {{"name", name}, {"role", RoleName(role)}};
  AuditEntry entry{0, now, who.name, "token_created", std::string(name), detail.dump(), "", ""};
  absl::Status written = Persist([&](Store& store) -> absl::Status {
    ADUANA_RETURN_IF_ERROR(store.SaveToken(stored));
    return store.AppendAudit(entry).status();
  });
  if (!written.ok()) return written;
  return token.token;
}

absl::StatusOr<AuditVerification> ClearanceService::VerifyAudit() {
  std::lock_guard lock(reader_mutex_);
  return VerifyAuditTrail(*reader_);
}

absl::StatusOr<std::vector<Store::StateCount>> ClearanceService::QueueSizes() {
  std::lock_guard lock(reader_mutex_);
  return reader_->CountDecisionsByState();
}

}  // namespace aduana::server
