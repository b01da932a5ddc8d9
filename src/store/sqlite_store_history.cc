// Reads of the SQLite store for risk assessment (declarations in lodgement order with everything known about
// them, the registry of companies, audits) and the model registry.
#include <set>

#include "core/lists.h"
#include "core/status_macros.h"
#include "store/sqlite_store_internal.h"

namespace aduana::sqlite {
namespace {

constexpr const char* kOutcomeColumns =
    "o.channel, o.inspected_at, o.non_compliant, o.fraud_types, o.critical_level, o.additional_revenue, o.seizure";

InspectionOutcome ReadOutcome(const Statement& q, int c, std::string_view declaration_id) {
  InspectionOutcome o;
  o.declaration_id = std::string(declaration_id);
  o.channel = q.Text(c + 0);
  o.inspected_at = q.Int(c + 1);
  o.non_compliant = q.Int(c + 2) != 0;
  o.fraud_types = SplitList(q.Text(c + 3));
  o.critical_level = static_cast<int>(q.Int(c + 4));
  o.additional_revenue = q.Double(c + 5);
  o.seizure = q.Int(c + 6) != 0;
  return o;
}

std::optional<EpochDay> OptionalDay(const Statement& q, int c) {
  if (q.IsNull(c)) return std::nullopt;
  return static_cast<EpochDay>(q.Int(c));
}

}  // namespace

absl::Status SqliteStore::ScanDeclarations(UnixMillis from, UnixMillis until, const DeclarationVisitor& visit) {
  // One ordered pass over declarations (with outcome and carrier), and the items and discrepancies of the same
  // declarations in the same order, merged side by side: three sequential scans instead of point queries.
  const std::string window = " WHERE d.lodged_at >= ?1 AND d.lodged_at < ?2 ";
  ADUANA_ASSIGN_OR_RETURN(
      Statement headers,
      db_.Prepare(std::string("SELECT ") + kDeclarationColumns + ", td.carrier_id, o.declaration_id IS NOT NULL, " +
                  kOutcomeColumns +
                  " FROM declarations d "
                  "LEFT JOIN transport_documents td ON td.transport_document_id = d.transport_document_id "
                  "LEFT JOIN inspection_outcomes o ON o.declaration_id = d.declaration_id" +
                  window + "ORDER BY d.lodged_at, d.rowid"));
  ADUANA_ASSIGN_OR_RETURN(Statement items,
                          db_.Prepare(std::string("SELECT ") + kItemColumns +
                                      " FROM declarations d JOIN goods_items i ON i.declaration_id = d.declaration_id" +
                                      window + "ORDER BY d.lodged_at, d.rowid, i.item_number"));
  ADUANA_ASSIGN_OR_RETURN(Statement discrepancies,
                          db_.Prepare(std::string("SELECT x.declaration_id, x.kind FROM declarations d "
                                                  "JOIN discrepancies x ON x.declaration_id = d.declaration_id") +
                                      window + "ORDER BY d.lodged_at, d.rowid, x.kind"));
  for (Statement* q : {&headers, &items, &discrepancies}) q->Bind(1, int64_t{from}).Bind(2, int64_t{until});
  constexpr int kCarrier = 23, kHasOutcome = 24, kOutcome = 25;
  ADUANA_ASSIGN_OR_RETURN(bool item_row, items.Step());
  ADUANA_ASSIGN_OR_RETURN(bool discrepancy_row, discrepancies.Step());
  DeclarationRecord record;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool header_row, headers.Step());
    if (!header_row) break;
    record.declaration = ReadDeclaration(headers, 0);
    record.carrier_id = headers.Text(kCarrier);
    record.outcome.reset();
    const std::string& id = record.declaration.declaration_id;
    if (headers.Int(kHasOutcome) != 0) record.outcome = ReadOutcome(headers, kOutcome, id);
    record.items.clear();
    while (item_row && items.Text(0) == std::string_view(id)) {
      record.items.push_back(ReadItem(items, 0));
      ADUANA_ASSIGN_OR_RETURN(item_row, items.Step());
    }
    record.discrepancy_kinds.clear();
    while (discrepancy_row && discrepancies.Text(0) == std::string_view(id)) {
      record.discrepancy_kinds.emplace_back(discrepancies.Text(1));
      ADUANA_ASSIGN_OR_RETURN(discrepancy_row, discrepancies.Step());
    }
    if (absl::Status s = visit(record); !s.ok()) {
      headers.Reset();
      items.Reset();
      discrepancies.Reset();
      return s;
    }
  }
  if (item_row) items.Reset();
  if (discrepancy_row) discrepancies.Reset();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SqliteStore::SourceFieldNames() {
  // Rows of one source share their column set, so the distinct texts of the names part are few.
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT source_fields FROM declarations "
                                                   "WHERE source_fields IS NOT NULL AND source_fields <> '' "
                                                   "GROUP BY source_file"));
  std::set<std::string> names;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ForEachNamedValue(q.Text(0), [&](std::string_view name, std::string_view) { names.emplace(name); });
  }
  return std::vector<std::string>(names.begin(), names.end());
}

absl::StatusOr<std::vector<Company>> SqliteStore::LoadCompanies() {
  ADUANA_ASSIGN_OR_RETURN(
      Statement q, db_.Prepare("SELECT company_id, name, registered_on, closed_on, sector, region, address, country, "
                               "aeo_status, compliance_rating, credit_score, tax_debt, "
                               "(SELECT group_concat(person_id, ';') FROM company_directors x "
                               " WHERE x.company_id = c.company_id) FROM companies c ORDER BY company_id"));
  std::vector<Company> companies;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    Company c;
    c.company_id = q.Text(0);
    c.name = q.Text(1);
    c.registered_on = OptionalDay(q, 2);
    c.closed_on = OptionalDay(q, 3);
    c.sector = q.Text(4);
    c.region = q.Text(5);
    c.address = q.Text(6);
    c.country = q.Text(7);
    c.aeo_status = q.Text(8);
    c.compliance_rating = q.Text(9);
    if (!q.IsNull(10)) c.credit_score = static_cast<int>(q.Int(10));
    if (!q.IsNull(11)) c.tax_debt = q.Double(11);
    c.directors = SplitList(q.Text(12));
    companies.push_back(std::move(c));
  }
  return companies;
}

absl::StatusOr<std::vector<AuditOutcome>> SqliteStore::LoadAuditOutcomes() {
  ADUANA_ASSIGN_OR_RETURN(Statement q,
                          db_.Prepare("SELECT audit_id, company_id, period_from, period_to, closed_on, non_compliant, "
                                      "amount_assessed, findings FROM audit_outcomes ORDER BY closed_on, audit_id"));
  std::vector<AuditOutcome> audits;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    audits.push_back({std::string(q.Text(0)), std::string(q.Text(1)), static_cast<EpochDay>(q.Int(2)),
                      static_cast<EpochDay>(q.Int(3)), static_cast<EpochDay>(q.Int(4)), q.Int(5) != 0, q.Double(6),
                      std::string(q.Text(7))});
  }
  return audits;
}

absl::StatusOr<int64_t> SqliteStore::SaveModel(const ModelVersion& m) {
  ADUANA_ASSIGN_OR_RETURN(
      Statement q, db_.Prepare("INSERT INTO models (created_at, label, trained_until, training_rows, parameters, "
                               "features, metrics, risk_booster, revenue_booster) VALUES (?,?,?,?,?,?,?,?,?)"));
  q.Bind(1, int64_t{m.created_at}).Bind(2, m.label).Bind(3, int64_t{m.trained_until}).Bind(4, m.training_rows);
  q.Bind(5, m.parameters_json).Bind(6, m.features_json).Bind(7, m.metrics_json).BindBlob(8, m.risk_booster);
  if (m.revenue_booster.empty()) {
    q.BindNull(9);
  } else {
    q.BindBlob(9, m.revenue_booster);
  }
  ADUANA_RETURN_IF_ERROR(q.Run());
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

absl::Status SqliteStore::ActivateModel(int64_t model_id) {
  ADUANA_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  auto fail = [&](absl::Status s) {
    (void)db_.Exec("ROLLBACK");
    return s;
  };
  ADUANA_ASSIGN_OR_RETURN(Statement exists, db_.Prepare("SELECT 1 FROM models WHERE model_id = ?"));
  auto found = exists.Bind(1, model_id).Step();
  if (!found.ok()) return fail(found.status());
  if (!*found) return fail(absl::NotFoundError("no model version " + std::to_string(model_id)));
  exists.Reset();
  if (absl::Status s = db_.Exec("UPDATE models SET active = 0 WHERE active = 1"); !s.ok()) return fail(s);
  ADUANA_ASSIGN_OR_RETURN(Statement activate, db_.Prepare("UPDATE models SET active = 1 WHERE model_id = ?"));
  if (absl::Status s = activate.Bind(1, model_id).Run(); !s.ok()) return fail(s);
  return db_.Exec("COMMIT");
}

namespace {

constexpr const char* kModelColumns =
    "model_id, created_at, label, trained_until, training_rows, parameters, features, metrics, active";

ModelVersion ReadModel(const Statement& q) {
  ModelVersion m;
  m.model_id = q.Int(0);
  m.created_at = q.Int(1);
  m.label = q.Text(2);
  m.trained_until = q.Int(3);
  m.training_rows = q.Int(4);
  m.parameters_json = q.Text(5);
  m.features_json = q.Text(6);
  m.metrics_json = q.Text(7);
  m.active = q.Int(8) != 0;
  return m;
}

std::string ModelWithBoostersWhere(std::string_view condition) {
  return std::string("SELECT ").append(kModelColumns).append(", risk_booster, revenue_booster FROM models WHERE ")
      .append(condition);
}

// The first row of a ModelWithBoostersWhere query, if any.
absl::StatusOr<std::optional<ModelVersion>> ReadModelWithBoosters(Statement& q) {
  ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  ModelVersion m = ReadModel(q);
  m.risk_booster = q.Blob(9);
  m.revenue_booster = q.Blob(10);
  q.Reset();
  return m;
}

}  // namespace

absl::StatusOr<std::optional<ModelVersion>> SqliteStore::LoadActiveModel() {
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare(ModelWithBoostersWhere("active = 1")));
  return ReadModelWithBoosters(q);
}

absl::StatusOr<std::optional<ModelVersion>> SqliteStore::LoadModel(int64_t model_id) {
  ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare(ModelWithBoostersWhere("model_id = ?")));
  q.Bind(1, int64_t{model_id});
  return ReadModelWithBoosters(q);
}

absl::StatusOr<std::vector<ModelVersion>> SqliteStore::ListModels() {
  ADUANA_ASSIGN_OR_RETURN(Statement q,
                          db_.Prepare(std::string("SELECT ") + kModelColumns + " FROM models ORDER BY model_id"));
  std::vector<ModelVersion> models;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    models.push_back(ReadModel(q));
  }
  return models;
}

}  // namespace aduana::sqlite
