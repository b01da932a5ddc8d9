// ClearanceService: start-up (store connections, assessor, selector state) and declaration submission.
#include "server/clearance_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>

#include "core/field_error.h"
#include "core/status_macros.h"
#include "ingest/discrepancies.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"
#include "xxhash.h"

namespace aduana::server {
namespace {

using nlohmann::json;

Fingerprint FingerprintOf(const json& record) {
  std::string text = record.dump();
  return XXH3_64bits(text.data(), text.size());
}

json SubmissionJson(const Declaration& d, const std::vector<GoodsItem>& items) {
  json j = ToJson(d);
  j["items"] = json::array();
  for (const GoodsItem& item : items) j["items"].push_back(ToJson(item));
  return j;
}

std::string ActionText(const rules::RuleAction& action) {
  if (action.kind == rules::RuleAction::Kind::kForceChannel) {
    return "channel " + std::string(rules::ChannelName(action.channel));
  }
  return "score " + rules::FormatNumber(action.score_delta);
}

}  // namespace

ClearanceService::ClearanceService(const ServiceOptions& options, Clock clock)
    : options_(options), clock_(std::move(clock)), selector_(options.selection, select::CapacityPlan(options.default_capacity)) {}

ClearanceService::~ClearanceService() = default;

absl::StatusOr<std::unique_ptr<ClearanceService>> ClearanceService::Open(const std::string& db_path,
                                                                         const ServiceOptions& options, Clock clock) {
  std::unique_ptr<ClearanceService> service(new ClearanceService(options, std::move(clock)));
  ADUANA_RETURN_IF_ERROR(service->Start(db_path));
  return service;
}

absl::Status ClearanceService::Start(const std::string& db_path) {
  db_path_ = db_path;
  ADUANA_ASSIGN_OR_RETURN(reader_, OpenSqliteStore(db_path));
  SqliteOptions durable;
  durable.fsync_each_commit = options_.fsync_each_commit;
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> write_connection, OpenSqliteStore(db_path, durable));
  writer_ = std::make_unique<GroupCommitWriter>(std::move(write_connection));
  ADUANA_ASSIGN_OR_RETURN(checkpointer_, WalCheckpointer::Start(db_path, options_.checkpoint_interval));
  authenticator_ = std::make_unique<Authenticator>(*reader_, reader_mutex_, std::chrono::seconds(10));
  ADUANA_ASSIGN_OR_RETURN(assessor_, model::Assessor::Open(*reader_));
  ADUANA_ASSIGN_OR_RETURN(std::vector<OfficeCapacityRecord> capacities, reader_->LoadCapacities());
  for (const OfficeCapacityRecord& c : capacities) {
    selector_.SetCapacity(c.office, {static_cast<int>(c.red), static_cast<int>(c.yellow), static_cast<int>(c.blue),
                                     c.expected_declarations});
  }
  ADUANA_ASSIGN_OR_RETURN(last_class_change_, reader_->LatestClassChange());
  {
    std::lock_guard engine(engine_mutex_);
    ADUANA_RETURN_IF_ERROR(RecordRuleSet());
  }
  // The class changes the replayed history makes and the store has not recorded yet.
  std::vector<RiskClassChange> changes = TakeClassChanges();
  if (!changes.empty()) {
    ADUANA_RETURN_IF_ERROR(Persist([changes](Store& s) { return s.AppendClassChanges(changes).status(); }));
  }
  return ReplayDecisions();
}

absl::Status ClearanceService::ReplayDecisions() {
  UnixMillis from = clock_() - static_cast<UnixMillis>(options_.replay_days) * kMillisPerDay;
  return reader_->ScanDecisions(from, std::numeric_limits<UnixMillis>::max(), [&](const DecisionRecord& d) {
    std::optional<rules::Channel> channel = rules::ChannelFromName(d.channel);
    selector_.Record(d.office, d.decided_at, d.priority, d.expected_revenue, channel.value_or(rules::Channel::kGreen),
                     d.basis == "random");
    return absl::OkStatus();
  });
}

std::vector<RiskClassChange> ClearanceService::TakeClassChanges() {
  std::vector<RiskClassChange> out;
  for (const profile::ClassChange& c : assessor_->TakeClassChanges()) {
    if (last_class_change_ && c.at <= *last_class_change_) continue;
    out.push_back({std::string(profile::EntityTypeName(c.type)), c.key, c.at,
                   std::string(profile::RiskClassName(c.from)), std::string(profile::RiskClassName(c.to)), c.reason});
  }
  return out;
}

absl::Status ClearanceService::Persist(GroupCommitWriter::Job job) { return writer_->Write(std::move(job)); }

absl::Status ClearanceService::ReloadRules() {
  std::lock_guard engine(engine_mutex_);
  {
    std::lock_guard reader(reader_mutex_);
    ADUANA_RETURN_IF_ERROR(assessor_->ReloadRules(*reader_));
  }
  return RecordRuleSet();
}

absl::Status ClearanceService::RecordRuleSet() {
  const std::string& versions = assessor_->rule_versions();
  char id[24];
  std::snprintf(id, sizeof id, "rs-%016llx",
                static_cast<unsigned long long>(XXH3_64bits(versions.data(), versions.size())));
  std::string rule_set = versions.empty() ? std::string("none") : std::string(id);
  if (rule_set == rule_set_) return absl::OkStatus();
  UnixMillis now = clock_();
  ADUANA_RETURN_IF_ERROR(Persist([&](Store& s) { return s.SaveRuleSet(rule_set, versions, now); }));
  rule_set_ = std::move(rule_set);
  return absl::OkStatus();
}

// A declaration decided before: the stored decision if the content is the same, a conflict if not.
absl::StatusOr<std::optional<SubmitResult>> ClearanceService::Resubmission(const DeclarationSubmission& s) {
  std::lock_guard lock(reader_mutex_);
  const std::string& id = s.declaration.declaration_id;
  ADUANA_ASSIGN_OR_RETURN(std::optional<DecisionRecord> decision, reader_->LoadDecision(id));
  if (!decision) {
    // The usual case, a new declaration: one key lookup, no loading.
    ADUANA_ASSIGN_OR_RETURN(bool stored, reader_->HasDeclaration(id));
    if (!stored) return std::optional<SubmitResult>();
    return absl::AlreadyExistsError("declaration " + id + " is already in the store (ingested), without a decision");
  }
  ADUANA_ASSIGN_OR_RETURN(std::optional<DeclarationBundle> stored, reader_->LoadDeclarationBundle(id));
  if (!stored) return absl::DataLossError("declaration " + id + " has a decision but is not in the store");
  if (SubmissionJson(stored->declaration, stored->items) != SubmissionJson(s.declaration, s.items)) {
    return absl::AlreadyExistsError("declaration " + id + " was submitted before with other content");
  }
  return std::optional<SubmitResult>(SubmitResult{*std::move(decision), false});
}

absl::StatusOr<DeclarationRecord> ClearanceService::RecordOf(const DeclarationSubmission& s,
                                                             std::vector<Discrepancy>* discrepancies) {
  DeclarationBundle bundle{s.declaration, s.items, std::nullopt};
  {
    std::lock_guard lock(reader_mutex_);
    for (auto [field, id] : {std::pair<const char*, const std::string*>{"importer_id", &s.declaration.importer_id},
                             {"declarant_id", &s.declaration.declarant_id}}) {
      ADUANA_ASSIGN_OR_RETURN(bool known, reader_->HasCompany(*id));
      if (!known) return FieldError(field, "unknown_reference", "'" + *id + "' is not a company of the registry");
    }
    if (!s.declaration.transport_document_id.empty()) {
      ADUANA_ASSIGN_OR_RETURN(bundle.transport_document,
                              reader_->LoadTransportDocument(s.declaration.transport_document_id));
    }
  }
  DeclarationRecord r;
  r.declaration = s.declaration;
  r.items = s.items;
  *discrepancies = FindDiscrepancies(bundle);
  for (const Discrepancy& d : *discrepancies) r.discrepancy_kinds.push_back(d.kind);
  if (bundle.transport_document) r.carrier_id = bundle.transport_document->carrier_id;
  return r;
}

// One count of "selected" for each rule version that hit (several items hitting count once).
std::vector<RuleLiveStatistics> ClearanceService::SelectedBy(const std::vector<rules::RuleSet::Hit>& hits,
                                                             UnixMillis at) const {
  std::vector<RuleLiveStatistics> counts;
  for (const rules::RuleSet::Hit& hit : hits) {
    const rules::Rule& rule = assessor_->rules()->rules()[static_cast<size_t>(hit.rule_index)];
    bool counted = std::any_of(counts.begin(), counts.end(), [&](const RuleLiveStatistics& c) {
      return c.rule_id == rule.id && c.version == rule.version;
    });
    if (!counted) counts.push_back({rule.id, rule.version, at, at, 1, 0, 0, 0});
  }
  return counts;
}

DecisionRecord ClearanceService::MakeDecision(const DeclarationRecord& record, const model::Assessment& a,
                                              const select::Decision& d, const std::vector<model::Reason>& reasons) {
  DecisionRecord r;
  r.declaration_id = record.declaration.declaration_id;
  r.decided_at = clock_();
  r.office = record.declaration.customs_office;
  r.channel = rules::ChannelName(d.channel);
  r.basis = select::BasisName(d.basis);
  r.random = d.random;
  r.priority = d.priority;
  r.risk = a.risk;
  r.expected_revenue = a.expected_revenue;
  r.threshold = std::isfinite(d.threshold) ? d.threshold : -1;
  r.model_id = assessor_->model().version().model_id;
  r.rule_versions = rule_set_;
  r.explanation = d.explanation;
  json j;
  // One entry per rule (a rule hitting several items names them all), with what the examiner must do; the
  // justification stays with the rule (GET /v1/rules), not copied into every decision.
  j["rules"] = json::array();
  std::vector<int> listed;  // rule index of each entry
  for (const rules::RuleSet::Hit& hit : a.rules.hits) {
    auto at = std::find(listed.begin(), listed.end(), hit.rule_index);
    if (at == listed.end()) {
      const rules::Rule& rule = assessor_->rules()->rules()[static_cast<size_t>(hit.rule_index)];
      json h = {{"id", rule.id}, {"version", rule.version}, {"action", ActionText(rule.action)}};
      if (!rule.instructions.empty()) h["instructions"] = rule.instructions;
      j["rules"].push_back(std::move(h));
      listed.push_back(hit.rule_index);
      at = listed.end() - 1;
    }
    if (hit.item_index >= 0) {
      j["rules"][static_cast<size_t>(at - listed.begin())]["item_numbers"].push_back(
          record.items[static_cast<size_t>(hit.item_index)].item_number);
    }
  }
  j["model"] = json::array();
  for (const model::Reason& reason : reasons) {
    j["model"].push_back({{"feature", reason.feature}, {"effect", reason.effect}, {"text", reason.text}});
  }
  j["importer_class"] = profile::RiskClassName(a.importer_class);
  j["trusted_trader"] = a.trusted_trader;
  j["discrepancies"] = record.discrepancy_kinds;
  r.reasons_json = j.dump();
  r.state = select::ClearanceStateName(select::StateForChannel(d.channel));
  r.state_at = r.decided_at;
  return r;
}

// The id is claimed before the store is asked whether it was decided: a submission of the same id racing this one
// is refused while the claim holds, and one finished before it has committed its decision, which the check sees.
absl::StatusOr<SubmitResult> ClearanceService::Submit(const DeclarationSubmission& s, const Principal& who) {
  const std::string& id = s.declaration.declaration_id;
  {
    std::lock_guard engine(engine_mutex_);
    if (!in_flight_.insert(id).second) return absl::AbortedError("declaration " + id + " is being decided: retry");
  }
  absl::StatusOr<SubmitResult> result = Decide(s, who);
  std::lock_guard engine(engine_mutex_);
  in_flight_.erase(id);
  return result;
}

absl::StatusOr<SubmitResult> ClearanceService::Decide(const DeclarationSubmission& s, const Principal& who) {
  const std::string& id = s.declaration.declaration_id;
  ADUANA_ASSIGN_OR_RETURN(std::optional<SubmitResult> earlier, Resubmission(s));
  if (earlier) return *std::move(earlier);
  std::vector<Discrepancy> discrepancies;
  ADUANA_ASSIGN_OR_RETURN(DeclarationRecord record, RecordOf(s, &discrepancies));
  DecisionRecord decision;
  std::vector<RiskClassChange> changes;
  std::vector<RuleLiveStatistics> rule_counts;
  double engine_seconds = 0;
  {
    std::lock_guard engine(engine_mutex_);
    auto started = std::chrono::steady_clock::now();
    ADUANA_ASSIGN_OR_RETURN(model::Assessment a, assessor_->Assess(record));
    select::DecisionInput in;
    in.declaration_id = id;
    in.office = s.declaration.customs_office;
    in.at = clock_();
    in.risk = a.risk;
    in.expected_revenue = a.expected_revenue;
    in.rule_score_delta = a.rules.score_delta;
    in.forced = a.rules.forced;
    in.forced_channel = a.rules.channel;
    for (const rules::RuleSet::Hit& hit : a.rules.hits) {
      const rules::Rule& rule = assessor_->rules()->rules()[static_cast<size_t>(hit.rule_index)];
      if (rule.action.kind == rules::RuleAction::Kind::kForceChannel && rule.action.channel == a.rules.channel) {
        in.forcing_rule = rule.id;
        break;
      }
    }
    in.trusted_trader = a.trusted_trader;
    in.importer_class = a.importer_class;
    select::Decision d = selector_.Decide(in);
    std::vector<model::Reason> reasons;
    if (options_.reasons > 0) {
      ADUANA_ASSIGN_OR_RETURN(reasons, assessor_->Explain(a, options_.reasons));
    }
    decision = MakeDecision(record, a, d, reasons);
    rule_counts = SelectedBy(a.rules.hits, decision.decided_at);
    assessor_->Observe(a, s.declaration.lodged_at);
    engine_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    changes = TakeClassChanges();
  }
  json detail = {{"channel", decision.channel}, {"basis", decision.basis}, {"random", decision.random},
                 {"priority", decision.priority}, {"risk", decision.risk},
                 {"expected_revenue", decision.expected_revenue}, {"model_id", decision.model_id},
                 {"rules", decision.rule_versions}, {"explanation", decision.explanation}};
  AuditEntry entry{0, decision.decided_at, who.name, "decided", id, detail.dump(), "", ""};
  // Everything but the SQL is done here, on the request's thread: the writer thread is the one serial stage.
  const Fingerprint declaration_fp = FingerprintOf(ToJson(s.declaration));
  std::vector<Fingerprint> item_fps;
  item_fps.reserve(s.items.size());
  for (const GoodsItem& item : s.items) item_fps.push_back(FingerprintOf(ToJson(item)));
  absl::Status written = Persist([&](Store& store) -> absl::Status {
    ADUANA_ASSIGN_OR_RETURN(PutResult put, store.Put(s.declaration, declaration_fp));
    if (put != PutResult::kInserted) {
      return absl::AlreadyExistsError("declaration " + id + " is already in the store");
    }
    for (size_t i = 0; i < s.items.size(); ++i) {
      ADUANA_ASSIGN_OR_RETURN(PutResult item_put, store.Put(s.items[i], item_fps[i]));
      if (item_put != PutResult::kInserted) return absl::AlreadyExistsError("goods item of " + id + " already stored");
    }
    ADUANA_RETURN_IF_ERROR(store.PutDiscrepancies(discrepancies));
    ADUANA_RETURN_IF_ERROR(store.SaveDecision(decision));
    ADUANA_RETURN_IF_ERROR(store.AddRuleLiveStatistics(rule_counts));
    ADUANA_RETURN_IF_ERROR(store.AppendAudit(entry).status());
    return store.AppendClassChanges(changes).status();
  });
  // A failed write leaves the declaration counted in the in-memory profiles (one declaration's activity; the
  // store, which a restart replays, does not have it).
  if (!written.ok()) return written;
  return SubmitResult{std::move(decision), true, engine_seconds};
}

absl::StatusOr<DeclarationView> ClearanceService::Get(std::string_view declaration_id) {
  std::lock_guard lock(reader_mutex_);
  ADUANA_ASSIGN_OR_RETURN(std::optional<DeclarationBundle> bundle, reader_->LoadDeclarationBundle(declaration_id));
  if (!bundle) return absl::NotFoundError("no declaration " + std::string(declaration_id));
  DeclarationView v;
  v.bundle = *std::move(bundle);
  ADUANA_ASSIGN_OR_RETURN(v.decision, reader_->LoadDecision(declaration_id));
  ADUANA_ASSIGN_OR_RETURN(v.timeline, reader_->AuditOf(declaration_id));
  return v;
}

}  // namespace aduana::server
