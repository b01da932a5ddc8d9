// The SQLite store's records of the selectivity service: channel decisions and their clearance state, the
// hash-chained audit trail, API tokens and office capacities.
#include "core/status_macros.h"
#include "store/audit_chain.h"
#include "store/sqlite_store_internal.h"

namespace aduana::sqlite {
namespace {

constexpr const char* kDecisionColumns =
    "declaration_id, decided_at, office, channel, basis, random, priority, risk, expected_revenue, threshold, "
    "model_id, rule_versions, reasons, explanation, state, state_at";

DecisionRecord ReadDecision(const Statement& q) {
  DecisionRecord d;
  d.declaration_id = q.Text(0);
  d.decided_at = q.Int(1);
  d.office = q.Text(2);
  d.channel = q.Text(3);
  d.basis = q.Text(4);
  d.random = q.Int(5) != 0;
  d.priority = q.Double(6);
  d.risk = q.Double(7);
  d.expected_revenue = q.Double(8);
  d.threshold = q.Double(9);
  d.model_id = q.Int(10);
  d.rule_versions = q.Text(11);
  d.reasons_json = q.Text(12);
  d.explanation = q.Text(13);
  d.state = q.Text(14);
  d.state_at = q.Int(15);
  return d;
}

constexpr const char* kAuditColumns = "seq, at, actor, action, subject, detail, prev_hash, hash";

AuditEntry ReadAudit(const Statement& q) {
  return {q.Int(0), q.Int(1), std::string(q.Text(2)), std::string(q.Text(3)), std::string(q.Text(4)),
          std::string(q.Text(5)), std::string(q.Text(6)), std::string(q.Text(7))};
}

ApiToken ReadToken(const Statement& q) {
  ApiToken t{std::string(q.Text(0)), std::string(q.Text(1)), std::string(q.Text(2)), q.Int(3), std::nullopt};
  if (!q.IsNull(4)) t.revoked_at = q.Int(4);
  return t;
}

}  // namespace

absl::Status SqliteStore::SaveDecision(const DecisionRecord& d) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease insert,
                          db_.Cached(std::string("INSERT INTO decisions (") + kDecisionColumns +
                                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                      "ON CONFLICT DO NOTHING"));
  ADUANA_RETURN_IF_ERROR(insert->Bind(1, d.declaration_id).Bind(2, int64_t{d.decided_at}).Bind(3, d.office)
                             .Bind(4, d.channel).Bind(5, d.basis).Bind(6, int64_t{d.random ? 1 : 0})
                             .Bind(7, d.priority).Bind(8, d.risk).Bind(9, d.expected_revenue).Bind(10, d.threshold)
                             .Bind(11, int64_t{d.model_id}).Bind(12, d.rule_versions).Bind(13, d.reasons_json)
                             .Bind(14, d.explanation).Bind(15, d.state).Bind(16, int64_t{d.state_at}).Run());
  if (db_.Changes() == 0) {
    return absl::AlreadyExistsError("declaration " + d.declaration_id + " already has a decision");
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::UpdateDecisionState(std::string_view declaration_id, std::string_view channel,
                                              std::string_view state, UnixMillis at) {
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease update,
      db_.Cached("UPDATE decisions SET channel = ?, state = ?, state_at = ? WHERE declaration_id = ?"));
  ADUANA_RETURN_IF_ERROR(
      update->Bind(1, channel).Bind(2, state).Bind(3, int64_t{at}).Bind(4, declaration_id).Run());
  if (db_.Changes() == 0) {
    return absl::NotFoundError("no decision for declaration " + std::string(declaration_id));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<DecisionRecord>> SqliteStore::LoadDecision(std::string_view declaration_id) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kDecisionColumns +
                                                   " FROM decisions WHERE declaration_id = ?"));
  q->Bind(1, declaration_id);
  ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<DecisionRecord>();
  return std::optional<DecisionRecord>(ReadDecision(*q));
}

absl::StatusOr<std::vector<DecisionRecord>> SqliteStore::DecisionsInState(std::string_view office,
                                                                          std::string_view state, int limit) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kDecisionColumns +
                                                   " FROM decisions WHERE office = ? AND state = ? "
                                                   "ORDER BY decided_at LIMIT ?"));
  q->Bind(1, office).Bind(2, state).Bind(3, int64_t{limit});
  return ReadAll<DecisionRecord>(*q, ReadDecision);
}

absl::StatusOr<std::vector<DecisionRecord>> SqliteStore::ListDecisions(const DecisionFilter& f) {
  // Each filter is "? = ''" or a match, so one cached statement serves every combination. Its plan is made once,
  // for any filter: SQLite walks decisions_by_time_covering backwards from `before` and filters as it goes
  // (EXPLAIN QUERY PLAN), which stops early on the recent pages the UI lists.
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kDecisionColumns +
                                     " FROM decisions WHERE (?1 = '' OR office = ?1) AND (?2 = '' OR channel = ?2) "
                                     "AND (?3 = '' OR state = ?3) AND decided_at < ?4 "
                                     "ORDER BY decided_at DESC, declaration_id DESC LIMIT ?5"));
  const int64_t before = f.before > 0 ? f.before : INT64_MAX;
  q->Bind(1, f.office).Bind(2, f.channel).Bind(3, f.state).Bind(4, before).Bind(5, int64_t{f.limit});
  return ReadAll<DecisionRecord>(*q, ReadDecision);
}

absl::StatusOr<std::vector<Store::StateCount>> SqliteStore::CountDecisionsByState() {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached("SELECT office, state, count(*) FROM decisions "
                                                   "GROUP BY office, state ORDER BY office, state"));
  return ReadAll<StateCount>(*q, [](const Statement& s) {
    return StateCount{std::string(s.Text(0)), std::string(s.Text(1)), s.Int(2)};
  });
}

absl::Status SqliteStore::ScanDecisions(UnixMillis from, UnixMillis until,
                                        const std::function<absl::Status(const DecisionRecord&)>& visit) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kDecisionColumns +
                                                   " FROM decisions WHERE decided_at >= ? AND decided_at < ? "
                                                   "ORDER BY decided_at, declaration_id"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return absl::OkStatus();
    ADUANA_RETURN_IF_ERROR(visit(ReadDecision(*q)));
  }
}

absl::StatusOr<AuditEntry> SqliteStore::AppendAudit(const AuditEntry& entry) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease last, db_.Cached("SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1"));
  ADUANA_ASSIGN_OR_RETURN(bool has_last, last->Step());
  AuditEntry e = entry;
  e.seq = has_last ? last->Int(0) + 1 : 1;
  e.prev_hash = has_last ? std::string(last->Text(1)) : std::string();
  last->Reset();
  e.hash = AuditHash(e);
  ADUANA_ASSIGN_OR_RETURN(StatementLease insert, db_.Cached(std::string("INSERT INTO audit_trail (") + kAuditColumns +
                                                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  ADUANA_RETURN_IF_ERROR(insert->Bind(1, int64_t{e.seq}).Bind(2, int64_t{e.at}).Bind(3, e.actor).Bind(4, e.action)
                             .Bind(5, e.subject).Bind(6, e.detail).Bind(7, e.prev_hash).Bind(8, e.hash).Run());
  return e;
}

absl::Status SqliteStore::ScanAudit(const std::function<absl::Status(const AuditEntry&)>& visit) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kAuditColumns + " FROM audit_trail ORDER BY seq"));
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return absl::OkStatus();
    ADUANA_RETURN_IF_ERROR(visit(ReadAudit(*q)));
  }
}

absl::StatusOr<std::vector<AuditEntry>> SqliteStore::AuditOf(std::string_view subject) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kAuditColumns +
                                                   " FROM audit_trail WHERE subject = ? ORDER BY seq"));
  q->Bind(1, subject);
  return ReadAll<AuditEntry>(*q, ReadAudit);
}

absl::Status SqliteStore::SaveToken(const ApiToken& t) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease insert,
                          db_.Cached("INSERT INTO api_tokens (token_hash, name, role, created_at, revoked_at) "
                                      "VALUES (?, ?, ?, ?, ?)"));
  std::optional<int64_t> revoked;
  if (t.revoked_at) revoked = *t.revoked_at;
  return insert->Bind(1, t.token_hash).Bind(2, t.name).Bind(3, t.role).Bind(4, int64_t{t.created_at})
      .Bind(5, revoked).Run();
}

absl::StatusOr<std::optional<ApiToken>> SqliteStore::FindToken(std::string_view token_hash) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached("SELECT token_hash, name, role, created_at, revoked_at "
                                                   "FROM api_tokens WHERE token_hash = ?"));
  q->Bind(1, token_hash);
  ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<ApiToken>();
  return std::optional<ApiToken>(ReadToken(*q));
}

absl::StatusOr<std::vector<ApiToken>> SqliteStore::ListTokens() {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached("SELECT token_hash, name, role, created_at, revoked_at "
                                                   "FROM api_tokens ORDER BY created_at, name"));
  return ReadAll<ApiToken>(*q, ReadToken);
}

absl::Status SqliteStore::RevokeToken(std::string_view token_hash, UnixMillis at) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease update,
                          db_.Cached("UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL"));
  ADUANA_RETURN_IF_ERROR(update->Bind(1, int64_t{at}).Bind(2, token_hash).Run());
  if (db_.Changes() == 0) return absl::NotFoundError("no active token with that hash");
  return absl::OkStatus();
}

absl::Status SqliteStore::SaveCapacity(const OfficeCapacityRecord& c) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease upsert,
                          db_.Cached("INSERT OR REPLACE INTO office_capacities (office, red, yellow, blue, "
                                      "expected_declarations, updated_at) VALUES (?, ?, ?, ?, ?, ?)"));
  return upsert->Bind(1, c.office).Bind(2, int64_t{c.red}).Bind(3, int64_t{c.yellow}).Bind(4, int64_t{c.blue})
      .Bind(5, c.expected_declarations).Bind(6, int64_t{c.updated_at}).Run();
}

absl::StatusOr<std::vector<OfficeCapacityRecord>> SqliteStore::LoadCapacities() {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached("SELECT office, red, yellow, blue, expected_declarations, "
                                                   "updated_at FROM office_capacities ORDER BY office"));
  return ReadAll<OfficeCapacityRecord>(*q, [](const Statement& s) {
    return OfficeCapacityRecord{std::string(s.Text(0)), s.Int(1), s.Int(2), s.Int(3), s.Double(4), s.Int(5)};
  });
}

}  // namespace aduana::sqlite
