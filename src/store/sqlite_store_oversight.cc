// The SQLite store's records of oversight after release: what controls of each selection basis found,
// early-warning alerts and their workflow, audit plans with their candidates, and audit cases. Lists of ids
// are kept comma-separated (no id holds a comma).
#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"
#include "store/sqlite_store_internal.h"

namespace aduana::sqlite {
namespace {

std::vector<std::string> SplitList(std::string_view text) {
  if (text.empty()) return {};
  return absl::StrSplit(absl::string_view(text.data(), text.size()), ',');
}

constexpr const char* kAlertColumns =
    "alert_id, detector, subject_kind, subject, week, severity, observed, baseline, spread, baseline_weeks, "
    "evidence, declarations, suggested_rule, raised_at, status, status_at, status_by, status_note";

AlertRecord ReadAlert(const Statement& q) {
  AlertRecord a;
  a.alert_id = q.Int(0);
  a.detector = q.Text(1);
  a.subject_kind = q.Text(2);
  a.subject = q.Text(3);
  a.week = static_cast<EpochDay>(q.Int(4));
  a.severity = q.Text(5);
  a.observed = q.Double(6);
  a.baseline = q.Double(7);
  a.spread = q.Double(8);
  a.baseline_weeks = static_cast<int>(q.Int(9));
  a.evidence = q.Text(10);
  a.declarations = SplitList(q.Text(11));
  a.suggested_rule = q.Text(12);
  a.raised_at = q.Int(13);
  a.status = q.Text(14);
  a.status_at = q.Int(15);
  a.status_by = q.Text(16);
  a.status_note = q.Text(17);
  return a;
}

constexpr const char* kPlanColumns =
    "plan_id, created_at, created_by, period_from, period_to, capacity, random_share, seed, model_id, "
    "companies_ranked";

PcaPlanRecord ReadPlan(const Statement& q) {
  PcaPlanRecord p;
  p.plan_id = q.Int(0);
  p.created_at = q.Int(1);
  p.created_by = q.Text(2);
  p.period_from = static_cast<EpochDay>(q.Int(3));
  p.period_to = static_cast<EpochDay>(q.Int(4));
  p.capacity = static_cast<int>(q.Int(5));
  p.random_share = q.Double(6);
  p.seed = static_cast<uint64_t>(q.Int(7));
  p.model_id = q.Int(8);
  p.companies_ranked = q.Int(9);
  return p;
}

constexpr const char* kCandidateColumns =
    "rank, company_id, selection, score, revenue_at_risk, declarations, released, declared_value, evidence";

PcaCandidate ReadCandidate(const Statement& q) {
  return {static_cast<int>(q.Int(0)), std::string(q.Text(1)), std::string(q.Text(2)), q.Double(3), q.Double(4),
          q.Int(5), q.Int(6), q.Double(7), std::string(q.Text(8))};
}

constexpr const char* kCaseColumns =
    "case_id, plan_id, company_id, period_from, period_to, selection, state, opened_at, opened_by, auditor, "
    "non_compliant, amount_assessed, findings, fraud_types, updated_at, closed_at, audit_id";

AuditCaseRecord ReadCase(const Statement& q) {
  AuditCaseRecord c;
  c.case_id = q.Int(0);
  c.plan_id = q.IsNull(1) ? 0 : q.Int(1);
  c.company_id = q.Text(2);
  c.period_from = static_cast<EpochDay>(q.Int(3));
  c.period_to = static_cast<EpochDay>(q.Int(4));
  c.selection = q.Text(5);
  c.state = q.Text(6);
  c.opened_at = q.Int(7);
  c.opened_by = q.Text(8);
  c.auditor = q.Text(9);
  c.non_compliant = q.Int(10) != 0;
  c.amount_assessed = q.Double(11);
  c.findings = q.Text(12);
  c.fraud_types = SplitList(q.Text(13));
  c.updated_at = q.Int(14);
  if (!q.IsNull(15)) c.closed_at = q.Int(15);
  c.audit_id = q.Text(16);
  return c;
}

template <typename T, typename Read>
absl::StatusOr<std::optional<T>> ReadOne(Statement& q, Read read) {
  ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  T value = read(q);
  q.Reset();
  return value;
}

}  // namespace

absl::StatusOr<std::vector<BasisOutcomes>> SqliteStore::OutcomesByBasis(UnixMillis from, UnixMillis until) {
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease q,
      db_.Cached("SELECT d.basis, count(*), count(o.declaration_id), coalesce(sum(o.non_compliant), 0), "
                 "coalesce(sum(o.additional_revenue), 0) FROM decisions d LEFT JOIN inspection_outcomes o "
                 "ON o.declaration_id = d.declaration_id WHERE d.decided_at >= ? AND d.decided_at < ? "
                 "GROUP BY d.basis ORDER BY d.basis"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  return ReadAll<BasisOutcomes>(*q, [](const Statement& r) {
    return BasisOutcomes{std::string(r.Text(0)), r.Int(1), r.Int(2), r.Int(3), r.Double(4)};
  });
}

absl::StatusOr<std::vector<ChannelOutcomes>> SqliteStore::OutcomesByChannel(UnixMillis from, UnixMillis until) {
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease q,
      db_.Cached("SELECT d.channel, count(*), count(o.declaration_id), coalesce(sum(o.non_compliant), 0), "
                 "coalesce(sum(o.additional_revenue), 0) FROM decisions d LEFT JOIN inspection_outcomes o "
                 "ON o.declaration_id = d.declaration_id WHERE d.decided_at >= ? AND d.decided_at < ? "
                 "GROUP BY d.channel ORDER BY d.channel"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  return ReadAll<ChannelOutcomes>(*q, [](const Statement& r) {
    return ChannelOutcomes{std::string(r.Text(0)), r.Int(1), r.Int(2), r.Int(3), r.Double(4)};
  });
}

absl::StatusOr<std::vector<DailyChannelCount>> SqliteStore::DecisionsPerDay(UnixMillis from, UnixMillis until) {
  // Whole days: decided_at / 86400000 is the UTC day of a (positive) instant.
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached("SELECT decided_at / 86400000 AS day, channel, count(*) FROM decisions "
                                     "WHERE decided_at >= ? AND decided_at < ? GROUP BY day, channel "
                                     "ORDER BY day, channel"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  return ReadAll<DailyChannelCount>(*q, [](const Statement& r) {
    return DailyChannelCount{static_cast<EpochDay>(r.Int(0)), std::string(r.Text(1)), r.Int(2)};
  });
}

absl::StatusOr<ReleaseTimes> SqliteStore::ReleaseTimesOf(UnixMillis from, UnixMillis until) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached("SELECT state_at - decided_at AS waited FROM decisions "
                                     "WHERE decided_at >= ? AND decided_at < ? AND state = 'released' "
                                     "AND channel IN ('red', 'yellow') ORDER BY waited"));
  q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  ADUANA_ASSIGN_OR_RETURN(std::vector<int64_t> waited,
                          ReadAll<int64_t>(*q, [](const Statement& r) { return r.Int(0); }));
  ReleaseTimes t;
  t.released = static_cast<int64_t>(waited.size());
  if (waited.empty()) return t;
  // Nearest rank: the smallest wait at least the share of the others is not above.
  auto at = [&waited](double share) {
    size_t rank = static_cast<size_t>(std::ceil(share * static_cast<double>(waited.size())));
    return static_cast<double>(waited[std::max<size_t>(rank, 1) - 1]) / 60'000.0;
  };
  t.p50_minutes = at(0.5);
  t.p90_minutes = at(0.9);
  return t;
}

absl::StatusOr<std::optional<UnixMillis>> SqliteStore::LatestDecisionTime() {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached("SELECT max(decided_at) FROM decisions"));
  ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<UnixMillis> latest;
  if (row && !q->IsNull(0)) latest = q->Int(0);
  q->Reset();
  return latest;
}

absl::StatusOr<bool> SqliteStore::PutAlert(AlertRecord* a) {
  const std::string declarations = absl::StrJoin(a->declarations, ",");
  {
    ADUANA_ASSIGN_OR_RETURN(
        StatementLease insert,
        db_.Cached(std::string("INSERT INTO alerts (") + kAlertColumns +
                   ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (detector, subject_kind, subject, week) DO NOTHING RETURNING alert_id"));
    insert->Bind(1, a->detector).Bind(2, a->subject_kind).Bind(3, a->subject).Bind(4, int64_t{a->week});
    insert->Bind(5, a->severity).Bind(6, a->observed).Bind(7, a->baseline).Bind(8, a->spread);
    insert->Bind(9, int64_t{a->baseline_weeks}).Bind(10, a->evidence).Bind(11, declarations);
    insert->Bind(12, a->suggested_rule).Bind(13, int64_t{a->raised_at}).Bind(14, a->status);
    insert->Bind(15, int64_t{a->status_at}).Bind(16, a->status_by).Bind(17, a->status_note);
    ADUANA_ASSIGN_OR_RETURN(bool inserted, insert->Step());
    if (inserted) {
      a->alert_id = insert->Int(0);
      insert->Reset();
      return true;
    }
  }
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached("SELECT alert_id FROM alerts WHERE detector = ? AND subject_kind = ? AND "
                                     "subject = ? AND week = ?"));
  q->Bind(1, a->detector).Bind(2, a->subject_kind).Bind(3, a->subject).Bind(4, int64_t{a->week});
  ADUANA_ASSIGN_OR_RETURN(bool found, q->Step());
  if (!found) return absl::InternalError("alert neither inserted nor found");
  a->alert_id = q->Int(0);
  q->Reset();
  return false;
}

absl::StatusOr<std::optional<AlertRecord>> SqliteStore::LoadAlert(int64_t alert_id) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE alert_id = ?"));
  q->Bind(1, alert_id);
  return ReadOne<AlertRecord>(*q, ReadAlert);
}

absl::StatusOr<std::vector<AlertRecord>> SqliteStore::ListAlerts(const AlertFilter& f) {
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease q,
      db_.Cached(std::string("SELECT ") + kAlertColumns +
                 " FROM alerts WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR detector = ?2) AND "
                 "(?3 = '' OR subject = ?3) AND (?4 = 0 OR alert_id < ?4) ORDER BY week DESC, alert_id DESC LIMIT ?5"));
  q->Bind(1, f.status).Bind(2, f.detector).Bind(3, f.subject).Bind(4, f.before_id).Bind(5, int64_t{f.limit});
  return ReadAll<AlertRecord>(*q, ReadAlert);
}

absl::Status SqliteStore::UpdateAlertStatus(int64_t alert_id, std::string_view status, UnixMillis at,
                                            std::string_view by, std::string_view note) {
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease q,
      db_.Cached("UPDATE alerts SET status = ?, status_at = ?, status_by = ?, status_note = ? WHERE alert_id = ?"));
  ADUANA_RETURN_IF_ERROR(q->Bind(1, status).Bind(2, int64_t{at}).Bind(3, by).Bind(4, note).Bind(5, alert_id).Run());
  if (db_.Changes() == 0) return absl::NotFoundError("no alert " + std::to_string(alert_id));
  return absl::OkStatus();
}

absl::Status SqliteStore::SavePcaPlan(PcaPlanRecord* p) {
  {
    ADUANA_ASSIGN_OR_RETURN(StatementLease insert,
                            db_.Cached(std::string("INSERT INTO pca_plans (") + kPlanColumns +
                                       ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING plan_id"));
    insert->Bind(1, int64_t{p->created_at}).Bind(2, p->created_by).Bind(3, int64_t{p->period_from});
    insert->Bind(4, int64_t{p->period_to}).Bind(5, int64_t{p->capacity}).Bind(6, p->random_share);
    insert->Bind(7, static_cast<int64_t>(p->seed)).Bind(8, p->model_id).Bind(9, p->companies_ranked);
    ADUANA_ASSIGN_OR_RETURN(bool row, insert->Step());
    if (!row) return absl::InternalError("the plan was not stored");
    p->plan_id = insert->Int(0);
    insert->Reset();
  }
  ADUANA_ASSIGN_OR_RETURN(StatementLease insert,
                          db_.Cached(std::string("INSERT INTO pca_candidates (plan_id, ") + kCandidateColumns +
                                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const PcaCandidate& c : p->candidates) {
    insert->Bind(1, p->plan_id).Bind(2, int64_t{c.rank}).Bind(3, c.company_id).Bind(4, c.selection);
    insert->Bind(5, c.score).Bind(6, c.revenue_at_risk).Bind(7, c.declarations).Bind(8, c.released);
    ADUANA_RETURN_IF_ERROR(insert->Bind(9, c.declared_value).Bind(10, c.evidence_json).Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PcaPlanRecord>> SqliteStore::LoadPcaPlan(int64_t plan_id) {
  std::optional<PcaPlanRecord> plan;
  {
    ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                            db_.Cached(std::string("SELECT ") + kPlanColumns + " FROM pca_plans WHERE plan_id = ?"));
    q->Bind(1, plan_id);
    ADUANA_ASSIGN_OR_RETURN(plan, ReadOne<PcaPlanRecord>(*q, ReadPlan));
  }
  if (!plan) return plan;
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kCandidateColumns +
                                                       " FROM pca_candidates WHERE plan_id = ? ORDER BY rank"));
  q->Bind(1, plan_id);
  ADUANA_ASSIGN_OR_RETURN(plan->candidates, ReadAll<PcaCandidate>(*q, ReadCandidate));
  return plan;
}

absl::StatusOr<std::vector<PcaPlanRecord>> SqliteStore::ListPcaPlans() {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kPlanColumns +
                                                       " FROM pca_plans ORDER BY plan_id DESC"));
  return ReadAll<PcaPlanRecord>(*q, ReadPlan);
}

absl::Status SqliteStore::SaveAuditCase(AuditCaseRecord* c) {
  const std::string fraud_types = absl::StrJoin(c->fraud_types, ",");
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("INSERT OR REPLACE INTO audit_cases (") + kCaseColumns +
                                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING case_id"));
  if (c->case_id == 0) {
    q->BindNull(1);
  } else {
    q->Bind(1, c->case_id);
  }
  if (c->plan_id == 0) {
    q->BindNull(2);
  } else {
    q->Bind(2, c->plan_id);
  }
  q->Bind(3, c->company_id).Bind(4, int64_t{c->period_from}).Bind(5, int64_t{c->period_to}).Bind(6, c->selection);
  q->Bind(7, c->state).Bind(8, int64_t{c->opened_at}).Bind(9, c->opened_by).Bind(10, c->auditor);
  q->Bind(11, int64_t{c->non_compliant ? 1 : 0}).Bind(12, c->amount_assessed).Bind(13, c->findings);
  q->Bind(14, fraud_types).Bind(15, int64_t{c->updated_at});
  q->Bind(16, c->closed_at ? std::optional<int64_t>(*c->closed_at) : std::nullopt).Bind(17, c->audit_id);
  ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return absl::InternalError("the case was not stored");
  c->case_id = q->Int(0);
  q->Reset();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<AuditCaseRecord>> SqliteStore::LoadAuditCase(int64_t case_id) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached(std::string("SELECT ") + kCaseColumns +
                                                       " FROM audit_cases WHERE case_id = ?"));
  q->Bind(1, case_id);
  return ReadOne<AuditCaseRecord>(*q, ReadCase);
}

absl::StatusOr<std::vector<AuditCaseRecord>> SqliteStore::ListAuditCases(std::string_view state,
                                                                         std::string_view company_id, int limit) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached(std::string("SELECT ") + kCaseColumns +
                                     " FROM audit_cases WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR company_id = ?2)"
                                     " ORDER BY case_id DESC LIMIT ?3"));
  q->Bind(1, state).Bind(2, company_id).Bind(3, int64_t{limit});
  return ReadAll<AuditCaseRecord>(*q, ReadCase);
}

}  // namespace aduana::sqlite
