#include "generate/rows.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/lists.h"

namespace aduana::gen {
namespace {

void Mass(Table& table, double kg) { table.Num(kg, 2); }
void Money(Table& table, double amount) { table.Num(amount, 2); }

}  // namespace

std::string FileName(EntityKind kind) { return std::string(SchemaOf(kind).name) + ".csv"; }

std::vector<std::string_view> Columns(EntityKind kind) { return SchemaOf(kind).columns; }

void WriteCompany(Table& t, const Company& c) {
  t.Text(c.company_id);
  t.Text(c.name);
  c.registered_on ? t.Date(*c.registered_on) : t.Empty();
  c.closed_on ? t.Date(*c.closed_on) : t.Empty();
  t.Text(c.sector);
  t.Text(c.region);
  t.Text(c.address);
  t.Text(c.country);
  t.Text(c.aeo_status);
  t.Text(c.compliance_rating);
  c.credit_score ? t.Int(*c.credit_score) : t.Empty();
  c.tax_debt ? Money(t, *c.tax_debt) : t.Empty();
  t.Text(JoinList(c.directors));
  t.EndRow();
}

void WriteTransportDocument(Table& t, const TransportDocument& d) {
  t.Text(d.transport_document_id);
  t.Text(d.document_type);
  t.Text(d.carrier_id);
  t.Text(d.conveyance_id);
  t.Int(d.transport_mode);
  t.Text(d.port_of_loading);
  t.Text(d.port_of_discharge);
  t.Text(d.consignee_id);
  t.Text(d.shipper_name);
  t.Text(d.shipper_country);
  t.Text(d.goods_description);
  t.Text(d.hs_code);
  t.Int(d.packages);
  Mass(t, d.gross_mass_kg);
  t.Text(JoinList(d.container_ids));
  t.Timestamp(d.arrived_at);
  t.EndRow();
}

void WriteDeclaration(Table& t, const Declaration& d) {
  t.Text(d.declaration_id);
  t.Timestamp(d.lodged_at);
  t.Text(d.customs_office);
  t.Text(d.procedure_code);
  t.Text(d.importer_id);
  t.Text(d.declarant_id);
  t.Text(d.supplier_id);
  t.Text(d.supplier_country);
  t.Text(d.country_of_export);
  t.Int(d.transport_mode);
  t.Text(d.port_of_loading);
  t.Text(d.port_of_entry);
  t.Text(d.transport_document_id);
  t.Text(d.incoterm);
  t.Text(d.currency);
  t.Num(d.exchange_rate, 6);
  Money(t, d.invoice_amount);
  Money(t, d.freight);
  Money(t, d.insurance);
  Money(t, d.customs_value);
  Mass(t, d.gross_mass_kg);
  t.Int(d.packages);
  t.EndRow();
}

void WriteGoodsItem(Table& t, const GoodsItem& item, bool count_unit) {
  t.Text(item.declaration_id);
  t.Int(item.item_number);
  t.Text(item.hs_code);
  t.Text(item.description);
  t.Text(item.country_of_origin);
  count_unit ? t.Int(static_cast<int64_t>(std::llround(item.quantity))) : t.Num(item.quantity, 3);
  t.Text(item.quantity_unit);
  t.Num(item.net_mass_kg, 3);
  Money(t, item.customs_value);
  t.Num(item.duty_rate, 2);
  Money(t, item.duty_declared);
  t.Text(item.preference_code);
  t.EndRow();
}

void WriteInspection(Table& t, const InspectionOutcome& o) {
  t.Text(o.declaration_id);
  t.Text(o.channel);
  t.Timestamp(o.inspected_at);
  t.Text(o.non_compliant ? "non_compliant" : "compliant");
  t.Text(JoinList(o.fraud_types));
  t.Int(o.critical_level);
  Money(t, o.additional_revenue);
  t.Text(o.seizure ? "true" : "false");
  t.EndRow();
}

void WriteAudit(Table& t, const AuditOutcome& a) {
  t.Text(a.audit_id);
  t.Text(a.company_id);
  t.Date(a.period_from);
  t.Date(a.period_to);
  t.Date(a.closed_on);
  t.Text(a.non_compliant ? "non_compliant" : "compliant");
  Money(t, a.amount_assessed);
  t.Text(a.findings);
  t.EndRow();
}

void WriteRoute(Table& t, const Route& r) {
  std::string polyline;
  char buf[64];
  for (const GeoPoint& p : r.polyline) {
    if (!polyline.empty()) polyline.push_back(';');
    std::snprintf(buf, sizeof buf, "%.5f %.5f", p.lat, p.lon);
    polyline += buf;
  }
  t.Text(r.route_id);
  t.Text(r.name);
  t.Num(r.tolerance_m, 0);
  t.Text(polyline);
  t.EndRow();
}

void WriteStopZone(Table& t, const StopZone& z) {
  t.Text(z.route_id);
  t.Text(z.zone_id);
  t.Num(z.centre.lat, 6);
  t.Num(z.centre.lon, 6);
  t.Num(z.radius_m, 0);
  t.Int(z.max_stop_minutes);
  t.EndRow();
}

void WriteTransit(Table& t, const Transit& tr) {
  t.Text(tr.transit_id);
  t.Text(tr.declaration_id);
  t.Text(tr.departure_office);
  t.Text(tr.destination_office);
  t.Text(tr.route_id);
  t.Text(tr.device_id);
  t.Timestamp(tr.departed_at);
  t.Timestamp(tr.deadline);
  t.EndRow();
}

void WriteTrackingEvent(Table& t, const TrackingEvent& e) {
  t.Text(e.device_id);
  t.Timestamp(e.event_time);
  t.Num(e.position.lat, 6);
  t.Num(e.position.lon, 6);
  e.speed_kmh >= 0 ? t.Num(e.speed_kmh, 1) : t.Empty();
  t.Text(e.event_type);
  t.Text(e.seal_status);
  t.EndRow();
}

}  // namespace aduana::gen
