// The SQLite store's risk-management records: analyst rule versions, the statistics of each rule version, and
// the append-only history of entity risk-class changes.
#include "core/status_macros.h"
#include "store/sqlite_store_internal.h"

namespace aduana::sqlite {

namespace {

// Runs `apply` in one IMMEDIATE transaction: committed if it succeeds, rolled back otherwise.
template <typename Apply>
auto InTransaction(Database& db, Apply apply) -> decltype(apply()) {
  ADUANA_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  auto result = apply();
  if (!result.ok()) {
    (void)db.Exec("ROLLBACK");
    return result;
  }
  ADUANA_RETURN_IF_ERROR(db.Exec("COMMIT"));
  return result;
}

}  // namespace

absl::StatusOr<int> SqliteStore::ActivateRules(const std::vector<StoredRule>& rules) {
  return InTransaction(db_, [&]() -> absl::StatusOr<int> {
    ADUANA_RETURN_IF_ERROR(db_.Exec("UPDATE rules SET active = 0 WHERE active = 1"));
    ADUANA_ASSIGN_OR_RETURN(Statement stored, db_.Prepare("SELECT source FROM rules WHERE rule_id = ? AND version = ?"));
    ADUANA_ASSIGN_OR_RETURN(Statement insert,
                            db_.Prepare("INSERT INTO rules (rule_id, version, source, author, loaded_at, active) "
                                        "VALUES (?, ?, ?, ?, ?, 1)"));
    ADUANA_ASSIGN_OR_RETURN(Statement activate,
                            db_.Prepare("UPDATE rules SET active = 1 WHERE rule_id = ? AND version = ?"));
    int added = 0;
    for (const StoredRule& r : rules) {
      stored.Bind(1, r.rule_id).Bind(2, int64_t{r.version});
      ADUANA_ASSIGN_OR_RETURN(bool exists, stored.Step());
      if (exists) {
        bool same = stored.Text(0) == std::string_view(r.source);
        stored.Reset();
        if (!same) {
          return absl::FailedPreconditionError("rule " + r.rule_id + " version " + std::to_string(r.version) +
                                               " is already stored with another text: give the change a new version");
        }
        ADUANA_RETURN_IF_ERROR(activate.Bind(1, r.rule_id).Bind(2, int64_t{r.version}).Run());
        continue;
      }
      ADUANA_RETURN_IF_ERROR(insert.Bind(1, r.rule_id).Bind(2, int64_t{r.version}).Bind(3, r.source)
                                 .Bind(4, r.author).Bind(5, int64_t{r.loaded_at}).Run());
      ++added;
    }
    return added;
  });
}

absl::StatusOr<std::vector<StoredRule>> SqliteStore::ListRules() {
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT rule_id, version, source, author, loaded_at, active "
                                                   "FROM rules ORDER BY rule_id, version"));
  std::vector<StoredRule> rules;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    rules.push_back({std::string(q.Text(0)), static_cast<int>(q.Int(1)), std::string(q.Text(2)),
                     std::string(q.Text(3)), q.Int(4), q.Int(5) != 0});
  }
  return rules;
}

absl::Status SqliteStore::SaveRuleStatistics(const std::vector<RuleStatisticsRecord>& stats) {
  return InTransaction(db_, [&]() -> absl::Status {
    ADUANA_ASSIGN_OR_RETURN(Statement exists, db_.Prepare("SELECT 1 FROM rules WHERE rule_id = ? AND version = ?"));
    ADUANA_ASSIGN_OR_RETURN(
        Statement upsert,
        db_.Prepare("INSERT OR REPLACE INTO rule_statistics (rule_id, version, period_from, period_to, computed_at, "
                    "selected, inspected, non_compliant, revenue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const RuleStatisticsRecord& r : stats) {
      exists.Bind(1, r.rule_id).Bind(2, int64_t{r.version});
      ADUANA_ASSIGN_OR_RETURN(bool found, exists.Step());
      exists.Reset();
      if (!found) {
        return absl::NotFoundError("rule " + r.rule_id + " version " + std::to_string(r.version) +
                                   " is not stored: load it before recording its statistics");
      }
      ADUANA_RETURN_IF_ERROR(upsert.Bind(1, r.rule_id).Bind(2, int64_t{r.version}).Bind(3, int64_t{r.period_from})
                                 .Bind(4, int64_t{r.period_to}).Bind(5, int64_t{r.computed_at})
                                 .Bind(6, int64_t{r.selected}).Bind(7, int64_t{r.inspected})
                                 .Bind(8, int64_t{r.non_compliant}).Bind(9, r.revenue).Run());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<RuleStatisticsRecord>> SqliteStore::LoadRuleStatistics() {
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT rule_id, version, period_from, period_to, computed_at, "
                                                   "selected, inspected, non_compliant, revenue "
                                                   "FROM rule_statistics ORDER BY rule_id, version"));
  std::vector<RuleStatisticsRecord> stats;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    stats.push_back({std::string(q.Text(0)), static_cast<int>(q.Int(1)), q.Int(2), q.Int(3), q.Int(4), q.Int(5),
                     q.Int(6), q.Int(7), q.Double(8)});
  }
  return stats;
}

absl::Status SqliteStore::AddRuleLiveStatistics(const std::vector<RuleLiveStatistics>& counts) {
  if (counts.empty()) return absl::OkStatus();
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease add,
      db_.Cached("INSERT INTO rule_live_statistics (rule_id, version, since, updated_at, selected, controlled, "
                 "non_compliant, revenue) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, version) DO UPDATE SET "
                 "updated_at = max(updated_at, excluded.updated_at), selected = selected + excluded.selected, "
                 "controlled = controlled + excluded.controlled, "
                 "non_compliant = non_compliant + excluded.non_compliant, revenue = revenue + excluded.revenue"));
  for (const RuleLiveStatistics& c : counts) {
    ADUANA_RETURN_IF_ERROR(add->Bind(1, c.rule_id).Bind(2, int64_t{c.version}).Bind(3, int64_t{c.since})
                               .Bind(4, int64_t{c.updated_at}).Bind(5, int64_t{c.selected})
                               .Bind(6, int64_t{c.controlled}).Bind(7, int64_t{c.non_compliant}).Bind(8, c.revenue)
                               .Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RuleLiveStatistics>> SqliteStore::LoadRuleLiveStatistics() {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q,
                          db_.Cached("SELECT rule_id, version, since, updated_at, selected, controlled, non_compliant, "
                                     "revenue FROM rule_live_statistics ORDER BY rule_id, version"));
  std::vector<RuleLiveStatistics> out;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back({std::string(q->Text(0)), static_cast<int>(q->Int(1)), q->Int(2), q->Int(3), q->Int(4), q->Int(5),
                   q->Int(6), q->Double(7)});
  }
  return out;
}

absl::Status SqliteStore::SaveRuleSet(std::string_view rule_set, std::string_view versions, UnixMillis at) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease insert,
                          db_.Cached("INSERT INTO rule_sets (rule_set, versions, first_used) VALUES (?, ?, ?) "
                                     "ON CONFLICT DO NOTHING"));
  return insert->Bind(1, rule_set).Bind(2, versions).Bind(3, int64_t{at}).Run();
}

absl::StatusOr<std::optional<std::string>> SqliteStore::LoadRuleSet(std::string_view rule_set) {
  ADUANA_ASSIGN_OR_RETURN(StatementLease q, db_.Cached("SELECT versions FROM rule_sets WHERE rule_set = ?"));
  q->Bind(1, rule_set);
  ADUANA_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q->Text(0)));
}

absl::StatusOr<int64_t> SqliteStore::AppendClassChanges(const std::vector<RiskClassChange>& changes) {
  if (changes.empty()) return 0;
  ADUANA_ASSIGN_OR_RETURN(
      StatementLease insert,
      db_.Cached("INSERT INTO risk_class_changes (entity_type, entity_key, changed_at, from_class, to_class, "
                  "reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  int64_t added = 0;
  for (const RiskClassChange& c : changes) {
    ADUANA_RETURN_IF_ERROR(insert->Bind(1, c.entity_type).Bind(2, c.entity_key).Bind(3, int64_t{c.changed_at})
                               .Bind(4, c.from_class).Bind(5, c.to_class).Bind(6, c.reason).Run());
    added += db_.Changes();
  }
  return added;
}

absl::StatusOr<std::optional<UnixMillis>> SqliteStore::LatestClassChange() {
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT max(changed_at) FROM risk_class_changes"));
  ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.IsNull(0)) return std::optional<UnixMillis>();
  return std::optional<UnixMillis>(q.Int(0));
}

namespace {

constexpr const char* kClassChangeColumns = "entity_type, entity_key, changed_at, from_class, to_class, reason";

absl::StatusOr<std::vector<RiskClassChange>> ReadClassChanges(Statement& q) {
  std::vector<RiskClassChange> changes;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    changes.push_back({std::string(q.Text(0)), std::string(q.Text(1)), q.Int(2), std::string(q.Text(3)),
                       std::string(q.Text(4)), std::string(q.Text(5))});
  }
  return changes;
}

}  // namespace

absl::StatusOr<std::vector<RiskClassChange>> SqliteStore::ClassChanges(std::string_view entity_type,
                                                                       std::string_view entity_key) {
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare(std::string("SELECT ") + kClassChangeColumns +
                                                   " FROM risk_class_changes WHERE entity_type = ? AND entity_key = ? "
                                                   "ORDER BY changed_at"));
  q.Bind(1, entity_type).Bind(2, entity_key);
  return ReadClassChanges(q);
}

absl::StatusOr<std::vector<RiskClassChange>> SqliteStore::CurrentClasses(std::string_view entity_type) {
  ADUANA_ASSIGN_OR_RETURN(
      Statement q,
      db_.Prepare(std::string("SELECT ") + kClassChangeColumns +
                  " FROM risk_class_changes c WHERE entity_type = ?1 AND changed_at = (SELECT max(changed_at) FROM "
                  "risk_class_changes WHERE entity_type = ?1 AND entity_key = c.entity_key) ORDER BY entity_key"));
  q.Bind(1, entity_type);
  return ReadClassChanges(q);
}

}  // namespace aduana::sqlite
