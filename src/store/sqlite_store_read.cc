// Reads of the SQLite store: existence checks, a declaration with its items and document, statistics.
#include "core/lists.h"
#include "core/status_macros.h"
#include "store/sqlite_store_internal.h"

namespace aduana::sqlite {
const char* const kDeclarationColumns =
    "d.declaration_id, d.lodged_at, d.customs_office, d.procedure_code, d.importer_id, d.declarant_id, "
    "d.supplier_id, d.supplier_country, d.country_of_export, d.transport_mode, d.port_of_loading, d.port_of_entry, "
    "d.transport_document_id, d.incoterm, d.currency, d.exchange_rate, d.invoice_amount, d.freight, d.insurance, "
    "d.customs_value, d.gross_mass_kg, d.packages, d.source_fields";
const char* const kItemColumns =
    "i.declaration_id, i.item_number, i.hs_code, i.description, i.country_of_origin, i.quantity, i.quantity_unit, "
    "i.net_mass_kg, i.customs_value, i.duty_rate, i.duty_declared, i.preference_code";
const char* const kDocumentColumns =
    "td.transport_document_id, td.document_type, td.carrier_id, td.conveyance_id, td.transport_mode, "
    "td.port_of_loading, td.port_of_discharge, td.consignee_id, td.shipper_name, td.shipper_country, "
    "td.goods_description, td.hs_code, td.packages, td.gross_mass_kg, td.container_ids, td.arrived_at";

Declaration ReadDeclaration(const Statement& q, int c) {
  Declaration d;
  d.declaration_id = q.Text(c + 0);
  d.lodged_at = q.Int(c + 1);
  d.customs_office = q.Text(c + 2);
  d.procedure_code = q.Text(c + 3);
  d.importer_id = q.Text(c + 4);
  d.declarant_id = q.Text(c + 5);
  d.supplier_id = q.Text(c + 6);
  d.supplier_country = q.Text(c + 7);
  d.country_of_export = q.Text(c + 8);
  d.transport_mode = static_cast<int>(q.Int(c + 9));
  d.port_of_loading = q.Text(c + 10);
  d.port_of_entry = q.Text(c + 11);
  d.transport_document_id = q.Text(c + 12);
  d.incoterm = q.Text(c + 13);
  d.currency = q.Text(c + 14);
  d.exchange_rate = q.Double(c + 15);
  d.invoice_amount = q.Double(c + 16);
  d.freight = q.Double(c + 17);
  d.insurance = q.Double(c + 18);
  d.customs_value = q.Double(c + 19);
  d.gross_mass_kg = q.Double(c + 20);
  d.packages = q.Int(c + 21);
  d.source_fields = q.Text(c + 22);
  return d;
}

GoodsItem ReadItem(const Statement& q, int c) {
  GoodsItem i;
  i.declaration_id = q.Text(c + 0);
  i.item_number = static_cast<int>(q.Int(c + 1));
  i.hs_code = q.Text(c + 2);
  i.description = q.Text(c + 3);
  i.country_of_origin = q.Text(c + 4);
  i.quantity = q.Double(c + 5);
  i.quantity_unit = q.Text(c + 6);
  i.net_mass_kg = q.Double(c + 7);
  i.customs_value = q.Double(c + 8);
  i.duty_rate = q.Double(c + 9);
  i.duty_declared = q.Double(c + 10);
  i.preference_code = q.Text(c + 11);
  return i;
}

TransportDocument ReadDocument(const Statement& q, int c) {
  TransportDocument d;
  d.transport_document_id = q.Text(c + 0);
  d.document_type = q.Text(c + 1);
  d.carrier_id = q.Text(c + 2);
  d.conveyance_id = q.Text(c + 3);
  d.transport_mode = static_cast<int>(q.Int(c + 4));
  d.port_of_loading = q.Text(c + 5);
  d.port_of_discharge = q.Text(c + 6);
  d.consignee_id = q.Text(c + 7);
  d.shipper_name = q.Text(c + 8);
  d.shipper_country = q.Text(c + 9);
  d.goods_description = q.Text(c + 10);
  d.hs_code = q.Text(c + 11);
  d.packages = q.Int(c + 12);
  d.gross_mass_kg = q.Double(c + 13);
  d.container_ids = SplitList(q.Text(c + 14));
  d.arrived_at = q.Int(c + 15);
  return d;
}

absl::StatusOr<bool> SqliteStore::Exists(Statement& query, std::string_view key) {
  query.Bind(1, key);
  ADUANA_ASSIGN_OR_RETURN(bool found, query.Step());
  query.Reset();
  return found;
}

absl::StatusOr<bool> SqliteStore::HasCompany(std::string_view id) { return Exists(s_.has_company, id); }
absl::StatusOr<bool> SqliteStore::HasDeclaration(std::string_view id) { return Exists(s_.has_declaration, id); }
absl::StatusOr<bool> SqliteStore::HasRoute(std::string_view id) { return Exists(s_.has_route, id); }
absl::StatusOr<bool> SqliteStore::HasDevice(std::string_view id) { return Exists(s_.has_device, id); }

absl::StatusOr<std::optional<DeclarationBundle>> SqliteStore::LoadDeclarationBundle(std::string_view id) {
  s_.load_declaration.Bind(1, id);
  ADUANA_ASSIGN_OR_RETURN(bool found, s_.load_declaration.Step());
  if (!found) return std::nullopt;
  DeclarationBundle bundle;
  bundle.declaration = ReadDeclaration(s_.load_declaration);
  s_.load_declaration.Reset();

  s_.load_items.Bind(1, id);
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, s_.load_items.Step());
    if (!row) break;
    bundle.items.push_back(ReadItem(s_.load_items));
  }
  const std::string& document_id = bundle.declaration.transport_document_id;
  if (!document_id.empty()) {
    s_.load_document.Bind(1, document_id);
    ADUANA_ASSIGN_OR_RETURN(bool has_document, s_.load_document.Step());
    if (has_document) bundle.transport_document = ReadDocument(s_.load_document);
    s_.load_document.Reset();
  }
  return bundle;
}

absl::StatusOr<Store::DiscrepancyPass> SqliteStore::RecordDiscrepancies(const std::vector<std::string>& sorted_ids,
                                                                       const DiscrepancyFinder& find) {
  // Set-based: the ids go to a temporary table, and two ordered joins stream the declarations (with their
  // documents) and their items side by side, instead of three point queries per declaration.
  ADUANA_RETURN_IF_ERROR(db_.Exec(
      "CREATE TEMP TABLE IF NOT EXISTS pass_ids (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.pass_ids;"));
  {
    ADUANA_ASSIGN_OR_RETURN(Statement insert, db_.Prepare("INSERT OR IGNORE INTO temp.pass_ids (id) VALUES (?)"));
    for (const std::string& id : sorted_ids) ADUANA_RETURN_IF_ERROR(insert.Bind(1, id).Run());
  }
  ADUANA_RETURN_IF_ERROR(
      db_.Exec("DELETE FROM discrepancies WHERE declaration_id IN (SELECT id FROM temp.pass_ids)"));
  ADUANA_ASSIGN_OR_RETURN(
      Statement headers,
      db_.Prepare(std::string("SELECT ") + kDeclarationColumns + ", " + kDocumentColumns +
                  " FROM temp.pass_ids p JOIN declarations d ON d.declaration_id = p.id "
                  "LEFT JOIN transport_documents td ON td.transport_document_id = d.transport_document_id "
                  "ORDER BY p.id"));
  ADUANA_ASSIGN_OR_RETURN(Statement items,
                          db_.Prepare(std::string("SELECT ") + kItemColumns +
                                      " FROM temp.pass_ids p JOIN goods_items i ON i.declaration_id = p.id "
                                      "ORDER BY p.id, i.item_number"));
  constexpr int kDocumentFirstColumn = 23;
  DiscrepancyPass pass;
  ADUANA_ASSIGN_OR_RETURN(bool item_row, items.Step());
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool header_row, headers.Step());
    if (!header_row) break;
    DeclarationBundle bundle;
    bundle.declaration = ReadDeclaration(headers, 0);
    if (!headers.IsNull(kDocumentFirstColumn)) bundle.transport_document = ReadDocument(headers, kDocumentFirstColumn);
    const std::string& id = bundle.declaration.declaration_id;
    // Items are ordered like the headers; skip items of ids without a header row (none, with the FK).
    while (item_row && items.Text(0) < std::string_view(id)) {
      ADUANA_ASSIGN_OR_RETURN(item_row, items.Step());
    }
    while (item_row && items.Text(0) == std::string_view(id)) {
      bundle.items.push_back(ReadItem(items, 0));
      ADUANA_ASSIGN_OR_RETURN(item_row, items.Step());
    }
    for (const Discrepancy& d : find(bundle)) {
      ADUANA_RETURN_IF_ERROR(
          s_.insert_discrepancy.Bind(1, d.declaration_id).Bind(2, d.kind).Bind(3, d.declared).Bind(4, d.observed).Run());
      ++pass.discrepancies;
    }
    ++pass.declarations_checked;
  }
  if (item_row) items.Reset();
  return pass;
}

absl::Status SqliteStore::PutDiscrepancies(const std::vector<Discrepancy>& discrepancies) {
  for (const Discrepancy& d : discrepancies) {
    ADUANA_RETURN_IF_ERROR(
        s_.insert_discrepancy.Bind(1, d.declaration_id).Bind(2, d.kind).Bind(3, d.declared).Bind(4, d.observed).Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<TransportDocument>> SqliteStore::LoadTransportDocument(std::string_view id) {
  s_.load_document.Bind(1, id);
  ADUANA_ASSIGN_OR_RETURN(bool found, s_.load_document.Step());
  if (!found) return std::nullopt;
  TransportDocument document = ReadDocument(s_.load_document);
  s_.load_document.Reset();
  return document;
}

absl::StatusOr<std::vector<std::string>> SqliteStore::DeclarationsUsingTransportDocument(std::string_view id) {
  std::vector<std::string> ids;
  s_.declarations_by_document.Bind(1, id);
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, s_.declarations_by_document.Step());
    if (!row) break;
    ids.emplace_back(s_.declarations_by_document.Text(0));
  }
  return ids;
}

absl::StatusOr<std::vector<QuarantinedRow>> SqliteStore::ListQuarantine(int64_t run_id) {
  ADUANA_ASSIGN_OR_RETURN(
      Statement q, db_.Prepare("SELECT run_id, file, line, entity, field, reason, raw, raw_size FROM quarantine "
                               "WHERE run_id = ? ORDER BY file, line"));
  q.Bind(1, run_id);
  std::vector<QuarantinedRow> rows;
  while (true) {
    ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    rows.push_back({q.Int(0), std::string(q.Text(1)), q.Int(2), std::string(q.Text(3)), std::string(q.Text(4)),
                    std::string(q.Text(5)), std::string(q.Text(6)), q.Int(7)});
  }
  return rows;
}

absl::StatusOr<StoreStats> SqliteStore::Stats() {
  StoreStats stats;
  auto for_each_row = [&](std::string_view sql, auto&& on_row) -> absl::Status {
    ADUANA_ASSIGN_OR_RETURN(Statement q, db_.Prepare(sql));
    while (true) {
      ADUANA_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return absl::OkStatus();
      on_row(q);
    }
  };
  for (std::string_view table : {"companies", "transport_documents", "declarations", "goods_items",
                                 "inspection_outcomes", "audit_outcomes", "routes", "route_stop_zones", "transits",
                                 "tracking_events", "discrepancies", "quarantine"}) {
    ADUANA_RETURN_IF_ERROR(for_each_row("SELECT count(*) FROM " + std::string(table), [&](const Statement& q) {
      stats.rows_per_table[std::string(table)] = q.Int(0);
    }));
  }
  ADUANA_RETURN_IF_ERROR(for_each_row(
      "SELECT channel, count(*), sum(non_compliant), sum(additional_revenue) FROM inspection_outcomes "
      "GROUP BY channel",
      [&](const Statement& q) {
        stats.inspections_per_channel[std::string(q.Text(0))] = q.Int(1);
        stats.inspections += q.Int(1);
        stats.non_compliant += q.Int(2);
        stats.additional_revenue += q.Double(3);
      }));
  ADUANA_RETURN_IF_ERROR(for_each_row(
      "WITH RECURSIVE split(rest, type) AS ("
      "  SELECT fraud_types || ';', NULL FROM inspection_outcomes WHERE fraud_types IS NOT NULL"
      "  UNION ALL SELECT substr(rest, instr(rest, ';') + 1), substr(rest, 1, instr(rest, ';') - 1)"
      "  FROM split WHERE rest <> '') "
      "SELECT type, count(*) FROM split WHERE type IS NOT NULL GROUP BY type",
      [&](const Statement& q) { stats.fraud_types[std::string(q.Text(0))] = q.Int(1); }));
  ADUANA_RETURN_IF_ERROR(for_each_row("SELECT kind, count(*) FROM discrepancies GROUP BY kind", [&](const Statement& q) {
    stats.discrepancies_per_kind[std::string(q.Text(0))] = q.Int(1);
  }));
  ADUANA_RETURN_IF_ERROR(for_each_row(
      // Reasons read "<category>: <detail>"; group by entity, field and category.
      "SELECT entity || CASE WHEN field = '' THEN '' ELSE '.' || field END || ': ' || "
      "  CASE WHEN instr(reason, ':') > 0 THEN substr(reason, 1, instr(reason, ':') - 1) ELSE reason END, count(*) "
      "FROM quarantine GROUP BY 1 ORDER BY 2 DESC",
      [&](const Statement& q) { stats.quarantine_per_reason[std::string(q.Text(0))] = q.Int(1); }));
  ADUANA_RETURN_IF_ERROR(for_each_row(
      "SELECT d.source_file, count(*), count(o.declaration_id), coalesce(sum(o.non_compliant), 0) "
      "FROM declarations d LEFT JOIN inspection_outcomes o USING (declaration_id) GROUP BY d.source_file",
      [&](const Statement& q) {
        stats.outcomes_per_source[std::string(q.Text(0))] = {q.Int(1), q.Int(2), q.Int(3)};
      }));
  return stats;
}

}  // namespace aduana::sqlite
