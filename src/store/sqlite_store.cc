// Writes of the SQLite store: open and migrate, transactions, idempotent puts, quarantine, ingest runs.
#include <xxhash.h>

#include <chrono>

#include "core/lists.h"
#include "core/status_macros.h"
#include "store/schema.h"
#include "store/sqlite_store.h"
#include "store/sqlite_store_internal.h"

namespace aduana {
namespace sqlite {
namespace {

int64_t ToInt(Fingerprint fp) { return static_cast<int64_t>(fp); }

std::optional<int64_t> OptionalDay(std::optional<EpochDay> day) {
  if (!day) return std::nullopt;
  return *day;
}

std::optional<int64_t> OptionalInt(std::optional<int> value) {
  if (!value) return std::nullopt;
  return *value;
}

}  // namespace

absl::Status SqliteStore::Open(const std::string& path, const SqliteOptions& options) {
  ADUANA_RETURN_IF_ERROR(db_.Open(path));
  // WAL + synchronous=NORMAL: a committed transaction survives a crash of the process (kill -9); the
  // checkpoints (at close, and every 8192 pages of 8 KiB = 64 MB of WAL) fsync it for power loss.
  // synchronous=FULL (fsync_each_commit) also fsyncs the WAL at every commit.
  // Pages of 8 KiB (for a new store): bulk loads run as fast as with 16 KiB, and the service's commits, which
  // touch scattered index pages, write half the log: 25% more decisions a second (docs/benchmarks.md).
  ADUANA_RETURN_IF_ERROR(db_.Exec(
      "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
      "PRAGMA cache_size=-131072; PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=8192;"));
  ADUANA_RETURN_IF_ERROR(
      db_.Exec(options.fsync_each_commit ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
  ADUANA_RETURN_IF_ERROR(Migrate(db_));
  return PrepareAll();
}

absl::Status SqliteStore::Prepare(Statement* stmt, std::string_view sql) {
  auto prepared = db_.Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  *stmt = std::move(*prepared);
  return absl::OkStatus();
}

absl::Status SqliteStore::PrepareAll() {
  constexpr std::string_view kProvenance = ", fingerprint, run_id, source_file";
  struct Sql {
    Statement* stmt;
    std::string sql;
  };
  auto insert = [&](std::string_view table, std::string_view columns, int n, bool with_source) {
    std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns);
    sql += with_source ? std::string(kProvenance) : ", fingerprint, run_id";
    sql += ") VALUES (";
    int total = n + (with_source ? 3 : 2);
    for (int i = 1; i <= total; ++i) sql += (i > 1 ? ",?" : "?");
    sql += ") ON CONFLICT DO NOTHING";
    return sql;
  };
  const Sql statements[] = {
      {&s_.insert_company,
       insert("companies",
              "company_id, name, registered_on, closed_on, sector, region, address, country, aeo_status, "
              "compliance_rating, credit_score, tax_debt",
              12, true)},
      {&s_.company_fp, "SELECT fingerprint FROM companies WHERE company_id = ?"},
      {&s_.insert_director, "INSERT OR IGNORE INTO company_directors (company_id, person_id) VALUES (?, ?)"},
      {&s_.insert_document,
       insert("transport_documents",
              "transport_document_id, document_type, carrier_id, conveyance_id, transport_mode, port_of_loading, "
              "port_of_discharge, consignee_id, shipper_name, shipper_country, goods_description, hs_code, "
              "packages, gross_mass_kg, container_ids, arrived_at",
              16, true)},
      {&s_.document_fp, "SELECT fingerprint FROM transport_documents WHERE transport_document_id = ?"},
      {&s_.insert_declaration,
       insert("declarations",
              "declaration_id, lodged_at, customs_office, procedure_code, importer_id, declarant_id, supplier_id, "
              "supplier_country, country_of_export, transport_mode, port_of_loading, port_of_entry, "
              "transport_document_id, incoterm, currency, exchange_rate, invoice_amount, freight, insurance, "
              "customs_value, gross_mass_kg, packages, source_fields",
              23, true)},
      {&s_.declaration_fp, "SELECT fingerprint FROM declarations WHERE declaration_id = ?"},
      {&s_.insert_item,
       insert("goods_items",
              "declaration_id, item_number, hs_code, description, country_of_origin, quantity, quantity_unit, "
              "net_mass_kg, customs_value, duty_rate, duty_declared, preference_code",
              12, false)},
      {&s_.item_fp, "SELECT fingerprint FROM goods_items WHERE declaration_id = ? AND item_number = ?"},
      {&s_.insert_outcome,
       insert("inspection_outcomes",
              "declaration_id, channel, inspected_at, non_compliant, fraud_types, critical_level, "
              "additional_revenue, seizure",
              8, true)},
      {&s_.outcome_fp, "SELECT fingerprint FROM inspection_outcomes WHERE declaration_id = ?"},
      {&s_.insert_audit,
       insert("audit_outcomes",
              "audit_id, company_id, period_from, period_to, closed_on, non_compliant, amount_assessed, findings", 8,
              true)},
      {&s_.audit_fp, "SELECT fingerprint FROM audit_outcomes WHERE audit_id = ?"},
      {&s_.insert_route, insert("routes", "route_id, name, tolerance_m, polyline", 4, true)},
      {&s_.route_fp, "SELECT fingerprint FROM routes WHERE route_id = ?"},
      {&s_.insert_zone,
       insert("route_stop_zones", "route_id, zone_id, lat, lon, radius_m, max_stop_minutes", 6, true)},
      {&s_.zone_fp, "SELECT fingerprint FROM route_stop_zones WHERE route_id = ? AND zone_id = ?"},
      {&s_.insert_transit,
       insert("transits",
              "transit_id, declaration_id, departure_office, destination_office, route_id, device_id, "
              "departed_at, deadline",
              8, true)},
      {&s_.transit_fp, "SELECT fingerprint FROM transits WHERE transit_id = ?"},
      {&s_.insert_event,
       insert("tracking_events", "device_id, event_time, event_type, lat, lon, speed_kmh, seal_status", 7, false)},
      {&s_.event_fp,
       "SELECT fingerprint FROM tracking_events WHERE device_id = ? AND event_time = ? AND event_type = ?"},
      {&s_.has_company, "SELECT 1 FROM companies WHERE company_id = ?"},
      {&s_.has_declaration, "SELECT 1 FROM declarations WHERE declaration_id = ?"},
      {&s_.has_route, "SELECT 1 FROM routes WHERE route_id = ?"},
      {&s_.has_device, "SELECT 1 FROM transits WHERE device_id = ? LIMIT 1"},
      {&s_.load_declaration,
       std::string("SELECT ") + kDeclarationColumns + " FROM declarations d WHERE declaration_id = ?"},
      {&s_.load_items,
       std::string("SELECT ") + kItemColumns + " FROM goods_items i WHERE declaration_id = ? ORDER BY item_number"},
      {&s_.load_document,
       std::string("SELECT ") + kDocumentColumns + " FROM transport_documents td WHERE transport_document_id = ?"},
      {&s_.declarations_by_document, "SELECT declaration_id FROM declarations WHERE transport_document_id = ?"},
      {&s_.insert_discrepancy,
       "INSERT OR REPLACE INTO discrepancies (declaration_id, kind, declared, observed) VALUES (?, ?, ?, ?)"},
      {&s_.insert_quarantine,
       // The same row rejected again (a re-run) is kept once, with the latest run and reason; a changed row at
       // the same line is kept beside the old one.
       "INSERT INTO quarantine (run_id, file, line, entity, field, reason, raw, raw_size, raw_fingerprint) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file, line, raw_fingerprint) DO UPDATE SET "
       "run_id = excluded.run_id, entity = excluded.entity, field = excluded.field, reason = excluded.reason"},
  };
  for (const Sql& entry : statements) ADUANA_RETURN_IF_ERROR(Prepare(entry.stmt, entry.sql));
  return absl::OkStatus();
}

void SqliteStore::SetProvenance(int64_t run_id, std::string_view source_file) {
  run_id_ = run_id;
  source_file_ = source_file;
}

absl::Status SqliteStore::Begin() { return db_.RunCached("BEGIN IMMEDIATE"); }
absl::Status SqliteStore::Commit() { return db_.RunCached("COMMIT"); }
absl::Status SqliteStore::Rollback() { return db_.RunCached("ROLLBACK"); }
absl::Status SqliteStore::Savepoint() { return db_.RunCached("SAVEPOINT job"); }
absl::Status SqliteStore::ReleaseSavepoint() { return db_.RunCached("RELEASE job"); }
absl::Status SqliteStore::RollbackToSavepoint() {
  ADUANA_RETURN_IF_ERROR(db_.RunCached("ROLLBACK TO job"));
  return db_.RunCached("RELEASE job");
}

absl::StatusOr<PutResult> SqliteStore::Finish(Statement& insert, Statement& lookup, Fingerprint fp) {
  absl::Status status = insert.Run();
  if (!status.ok()) {
    lookup.Reset();
    if (insert.last_result() == SQLITE_CONSTRAINT_FOREIGNKEY) return PutResult::kUnknownReference;
    return status;
  }
  if (db_.Changes() > 0) {
    lookup.Reset();
    return PutResult::kInserted;
  }
  auto found = lookup.Step();
  if (!found.ok()) return found.status();
  if (!*found) return absl::InternalError("insert ignored but no stored row found");
  int64_t stored = lookup.Int(0);
  lookup.Reset();
  return stored == ToInt(fp) ? PutResult::kUnchanged : PutResult::kConflict;
}

absl::StatusOr<PutResult> SqliteStore::Put(const Company& c, Fingerprint fp) {
  s_.insert_company.Bind(1, c.company_id).Bind(2, c.name).Bind(3, OptionalDay(c.registered_on))
      .Bind(4, OptionalDay(c.closed_on)).BindTextOrNull(5, c.sector).BindTextOrNull(6, c.region)
      .BindTextOrNull(7, c.address).Bind(8, c.country).Bind(9, c.aeo_status).BindTextOrNull(10, c.compliance_rating)
      .Bind(11, OptionalInt(c.credit_score)).Bind(12, c.tax_debt).Bind(13, ToInt(fp)).Bind(14, run_id_)
      .Bind(15, source_file_);
  s_.company_fp.Bind(1, c.company_id);
  auto result = Finish(s_.insert_company, s_.company_fp, fp);
  if (result.ok() && *result == PutResult::kInserted) {
    for (const std::string& person : c.directors) {
      ADUANA_RETURN_IF_ERROR(s_.insert_director.Bind(1, c.company_id).Bind(2, person).Run());
    }
  }
  return result;
}

absl::StatusOr<PutResult> SqliteStore::Put(const TransportDocument& d, Fingerprint fp) {
  const std::string containers = JoinList(d.container_ids);
  s_.insert_document.Bind(1, d.transport_document_id).Bind(2, d.document_type).Bind(3, d.carrier_id)
      .BindTextOrNull(4, d.conveyance_id).Bind(5, int64_t{d.transport_mode}).Bind(6, d.port_of_loading)
      .Bind(7, d.port_of_discharge).Bind(8, d.consignee_id).Bind(9, d.shipper_name).Bind(10, d.shipper_country)
      .Bind(11, d.goods_description).BindTextOrNull(12, d.hs_code).Bind(13, d.packages).Bind(14, d.gross_mass_kg)
      .BindTextOrNull(15, containers).Bind(16, d.arrived_at).Bind(17, ToInt(fp)).Bind(18, run_id_)
      .Bind(19, source_file_);
  s_.document_fp.Bind(1, d.transport_document_id);
  return Finish(s_.insert_document, s_.document_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const Declaration& d, Fingerprint fp) {
  s_.insert_declaration.Bind(1, d.declaration_id).Bind(2, d.lodged_at).Bind(3, d.customs_office)
      .Bind(4, d.procedure_code).Bind(5, d.importer_id).Bind(6, d.declarant_id).Bind(7, d.supplier_id)
      .Bind(8, d.supplier_country).Bind(9, d.country_of_export).Bind(10, int64_t{d.transport_mode})
      .BindTextOrNull(11, d.port_of_loading).BindTextOrNull(12, d.port_of_entry)
      .BindTextOrNull(13, d.transport_document_id).BindTextOrNull(14, d.incoterm).Bind(15, d.currency)
      .Bind(16, d.exchange_rate).Bind(17, d.invoice_amount).Bind(18, d.freight).Bind(19, d.insurance)
      .Bind(20, d.customs_value).Bind(21, d.gross_mass_kg).Bind(22, d.packages).BindTextOrNull(23, d.source_fields)
      .Bind(24, ToInt(fp)).Bind(25, run_id_).Bind(26, source_file_);
  s_.declaration_fp.Bind(1, d.declaration_id);
  return Finish(s_.insert_declaration, s_.declaration_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const GoodsItem& i, Fingerprint fp) {
  s_.insert_item.Bind(1, i.declaration_id).Bind(2, int64_t{i.item_number}).Bind(3, i.hs_code).Bind(4, i.description)
      .Bind(5, i.country_of_origin).Bind(6, i.quantity).Bind(7, i.quantity_unit).Bind(8, i.net_mass_kg)
      .Bind(9, i.customs_value).Bind(10, i.duty_rate).Bind(11, i.duty_declared).BindTextOrNull(12, i.preference_code)
      .Bind(13, ToInt(fp)).Bind(14, run_id_);
  s_.item_fp.Bind(1, i.declaration_id).Bind(2, int64_t{i.item_number});
  return Finish(s_.insert_item, s_.item_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const InspectionOutcome& o, Fingerprint fp) {
  const std::string fraud_types = JoinList(o.fraud_types);
  s_.insert_outcome.Bind(1, o.declaration_id).Bind(2, o.channel).Bind(3, o.inspected_at)
      .Bind(4, int64_t{o.non_compliant}).BindTextOrNull(5, fraud_types).Bind(6, int64_t{o.critical_level})
      .Bind(7, o.additional_revenue).Bind(8, int64_t{o.seizure}).Bind(9, ToInt(fp)).Bind(10, run_id_)
      .Bind(11, source_file_);
  s_.outcome_fp.Bind(1, o.declaration_id);
  return Finish(s_.insert_outcome, s_.outcome_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const AuditOutcome& a, Fingerprint fp) {
  s_.insert_audit.Bind(1, a.audit_id).Bind(2, a.company_id).Bind(3, int64_t{a.period_from})
      .Bind(4, int64_t{a.period_to}).Bind(5, int64_t{a.closed_on}).Bind(6, int64_t{a.non_compliant})
      .Bind(7, a.amount_assessed).BindTextOrNull(8, a.findings).Bind(9, ToInt(fp)).Bind(10, run_id_)
      .Bind(11, source_file_);
  s_.audit_fp.Bind(1, a.audit_id);
  return Finish(s_.insert_audit, s_.audit_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const Route& r, Fingerprint fp) {
  const std::string polyline = FormatPolyline(r.polyline);
  s_.insert_route.Bind(1, r.route_id).Bind(2, r.name).Bind(3, r.tolerance_m).Bind(4, polyline).Bind(5, ToInt(fp))
      .Bind(6, run_id_).Bind(7, source_file_);
  s_.route_fp.Bind(1, r.route_id);
  return Finish(s_.insert_route, s_.route_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const StopZone& z, Fingerprint fp) {
  s_.insert_zone.Bind(1, z.route_id).Bind(2, z.zone_id).Bind(3, z.centre.lat).Bind(4, z.centre.lon)
      .Bind(5, z.radius_m).Bind(6, int64_t{z.max_stop_minutes}).Bind(7, ToInt(fp)).Bind(8, run_id_)
      .Bind(9, source_file_);
  s_.zone_fp.Bind(1, z.route_id).Bind(2, z.zone_id);
  return Finish(s_.insert_zone, s_.zone_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const Transit& t, Fingerprint fp) {
  s_.insert_transit.Bind(1, t.transit_id).Bind(2, t.declaration_id).Bind(3, t.departure_office)
      .Bind(4, t.destination_office).Bind(5, t.route_id).Bind(6, t.device_id).Bind(7, t.departed_at)
      .Bind(8, t.deadline).Bind(9, ToInt(fp)).Bind(10, run_id_).Bind(11, source_file_);
  s_.transit_fp.Bind(1, t.transit_id);
  return Finish(s_.insert_transit, s_.transit_fp, fp);
}

absl::StatusOr<PutResult> SqliteStore::Put(const TrackingEvent& e, Fingerprint fp) {
  s_.insert_event.Bind(1, e.device_id).Bind(2, e.event_time).Bind(3, e.event_type).Bind(4, e.position.lat)
      .Bind(5, e.position.lon).Bind(6, e.speed_kmh >= 0 ? std::optional<double>(e.speed_kmh) : std::nullopt)
      .Bind(7, e.seal_status).Bind(8, ToInt(fp)).Bind(9, run_id_);
  s_.event_fp.Bind(1, e.device_id).Bind(2, e.event_time).Bind(3, e.event_type);
  return Finish(s_.insert_event, s_.event_fp, fp);
}

absl::Status SqliteStore::Quarantine(const QuarantinedRow& row) {
  int64_t raw_fingerprint = static_cast<int64_t>(XXH3_64bits(row.raw.data(), row.raw.size()));
  return s_.insert_quarantine.Bind(1, row.run_id).Bind(2, row.file).Bind(3, row.line).Bind(4, row.entity)
      .Bind(5, row.field).Bind(6, row.reason).Bind(7, row.raw).Bind(8, row.raw_size).Bind(9, raw_fingerprint).Run();
}

absl::StatusOr<int64_t> SqliteStore::BeginIngestRun(std::string_view description) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch()).count();
  auto insert = db_.Prepare("INSERT INTO ingest_runs (description, started_at) VALUES (?, ?)");
  if (!insert.ok()) return insert.status();
  ADUANA_RETURN_IF_ERROR(insert->Bind(1, description).Bind(2, int64_t{now}).Run());
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

absl::Status SqliteStore::FinishIngestRun(int64_t run_id, const IngestRunSummary& summary) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch()).count();
  auto update = db_.Prepare(
      "UPDATE ingest_runs SET finished_at = ?, accepted = ?, unchanged = ?, rejected = ? WHERE run_id = ?");
  if (!update.ok()) return update.status();
  return update->Bind(1, int64_t{now}).Bind(2, summary.accepted).Bind(3, summary.unchanged)
      .Bind(4, summary.rejected).Bind(5, run_id).Run();
}

}  // namespace sqlite

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const SqliteOptions& options) {
  auto store = std::make_unique<sqlite::SqliteStore>();
  if (auto s = store->Open(path, options); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace aduana
