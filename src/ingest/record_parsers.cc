#include "ingest/record_parsers.h"

#include <charconv>

#include "core/codes.h"

namespace aduana {
namespace {

constexpr double kMaxAmount = 1e13;
constexpr double kMaxMassKg = 1e9;
constexpr int64_t kMaxPackages = 10'000'000;

std::string CheckIdentifierElement(std::string_view value) { return CheckIdentifier(value); }
std::string CheckContainerElement(std::string_view value) { return CheckContainerNumber(value); }
std::string CheckFraudTypeElement(std::string_view value) {
  return IsFraudType(value) ? "" : "not a fraud type (undervaluation, misclassification, origin, quantity, "
                                   "prohibited, smuggling)";
}

void TransportMode(FieldCursor& c, int* out) {
  int64_t mode = 0;
  c.Integer(&mode, 1, 9);
  if (c.ok() && !IsTransportMode(static_cast<int>(mode))) {
    c.Fail(c.current_column(), "invalid code: transport mode " + std::to_string(mode) + " is not UN Rec. 19");
  }
  *out = static_cast<int>(mode);
}

}  // namespace

void ReadRecord(FieldCursor& c, Company* out) {
  c.Identifier(&out->company_id);
  c.Text(&out->name);
  EpochDay registered = 0;
  c.Date(&registered);
  out->registered_on = registered;
  c.OptionalDate(&out->closed_on);
  c.Identifier(&out->sector, false);
  c.Text(&out->region, false);
  c.Text(&out->address, false);
  c.Country(&out->country);
  c.OneOf(&out->aeo_status, {"none", "AEOC", "AEOS", "AEOF"});
  c.OneOf(&out->compliance_rating, {"A", "B", "C", "D", "E"}, false);
  int64_t credit = -1;
  c.Integer(&credit, 0, 100, false);
  if (credit >= 0) out->credit_score = static_cast<int>(credit);
  c.OptionalNumber(&out->tax_debt, 0, kMaxAmount);
  c.List(&out->directors, CheckIdentifierElement);
  if (c.ok() && out->closed_on && *out->closed_on < registered) {
    c.Fail("closed_on", "inconsistent dates: closed before it was registered");
  }
}

void ReadRecord(FieldCursor& c, TransportDocument* out) {
  c.Identifier(&out->transport_document_id);
  c.OneOf(&out->document_type, {"BL", "AWB", "CMR", "RWB", "PN"});
  c.Identifier(&out->carrier_id);
  c.Identifier(&out->conveyance_id, false);
  TransportMode(c, &out->transport_mode);
  c.UnLocode(&out->port_of_loading);
  c.UnLocode(&out->port_of_discharge);
  c.Identifier(&out->consignee_id);
  c.Text(&out->shipper_name);
  c.Country(&out->shipper_country);
  c.Text(&out->goods_description);
  c.HsCode(&out->hs_code, 4, false);
  c.Integer(&out->packages, 0, kMaxPackages);
  c.Number(&out->gross_mass_kg, 0, kMaxMassKg);
  c.List(&out->container_ids, CheckContainerElement);
  c.Timestamp(&out->arrived_at);
}

void ReadRecord(FieldCursor& c, Declaration* out) {
  c.Identifier(&out->declaration_id);
  c.Timestamp(&out->lodged_at);
  c.Identifier(&out->customs_office);
  c.Identifier(&out->procedure_code);
  if (c.ok() && (out->procedure_code.size() < 2 || out->procedure_code.size() > 4)) {
    c.Fail("procedure_code", "invalid code: a procedure code has 2 to 4 characters");
  }
  c.Identifier(&out->importer_id);
  c.Identifier(&out->declarant_id);
  c.Identifier(&out->supplier_id);
  c.Country(&out->supplier_country);
  c.Country(&out->country_of_export);
  TransportMode(c, &out->transport_mode);
  c.UnLocode(&out->port_of_loading);
  c.UnLocode(&out->port_of_entry);
  c.Identifier(&out->transport_document_id, false);
  c.Code(&out->incoterm, IsIncoterm, "an Incoterm (EXW FCA FAS FOB CFR CIF CPT CIP DAT DAP DPU DDP)");
  c.Currency(&out->currency);
  c.Number(&out->exchange_rate, 1e-9, 1e9);
  if (c.ok() && out->exchange_rate <= 0) c.Fail("exchange_rate", "out of range: must be above 0");
  c.Number(&out->invoice_amount, 0, kMaxAmount);
  c.Number(&out->freight, 0, kMaxAmount);
  c.Number(&out->insurance, 0, kMaxAmount);
  c.Number(&out->customs_value, 0, kMaxAmount);
  c.Number(&out->gross_mass_kg, 0, kMaxMassKg);
  c.Integer(&out->packages, 0, kMaxPackages);
}

void ReadRecord(FieldCursor& c, GoodsItem* out) {
  c.Identifier(&out->declaration_id);
  int64_t item = 0;
  c.Integer(&item, 1, 9999);
  out->item_number = static_cast<int>(item);
  c.HsCode(&out->hs_code);
  c.Text(&out->description);
  c.Country(&out->country_of_origin);
  c.Number(&out->quantity, 0, 1e12);
  if (c.ok() && out->quantity <= 0) c.Fail("quantity", "out of range: quantity must be above 0");
  c.Code(&out->quantity_unit, IsQuantityUnit, "a UN/ECE Rec. 20 unit (KGM C62 NAR LTR MTR MTK MTQ PR DZN SET TNE)");
  c.Number(&out->net_mass_kg, 0, kMaxMassKg);
  c.Number(&out->customs_value, 0, kMaxAmount);
  c.Number(&out->duty_rate, 0, 1000);
  c.Number(&out->duty_declared, 0, kMaxAmount);
  c.Identifier(&out->preference_code, false);
  if (c.ok() && out->preference_code.size() > 10) {
    c.Fail("preference_code", "invalid code: a preference code has at most 10 characters");
  }
}

void ReadRecord(FieldCursor& c, InspectionOutcome* out) {
  c.Identifier(&out->declaration_id);
  c.Code(&out->channel, IsChannel, "a channel (red, yellow, green, blue)");
  c.Timestamp(&out->inspected_at);
  std::string result;
  c.OneOf(&result, {"compliant", "non_compliant"});
  out->non_compliant = result == "non_compliant";
  c.List(&out->fraud_types, CheckFraudTypeElement);
  int64_t critical = 0;
  c.Integer(&critical, 0, 2, false);
  out->critical_level = static_cast<int>(critical);
  c.Number(&out->additional_revenue, 0, kMaxAmount);
  c.Boolean(&out->seizure);
  if (c.ok() && !out->non_compliant && !out->fraud_types.empty()) {
    c.Fail("fraud_types", "inconsistent outcome: fraud types given for a compliant result");
  }
  if (c.ok() && out->non_compliant && out->fraud_types.empty()) {
    c.Fail("fraud_types", "missing value: a non-compliant result needs its fraud types");
  }
}

void ReadRecord(FieldCursor& c, AuditOutcome* out) {
  c.Identifier(&out->audit_id);
  c.Identifier(&out->company_id);
  c.Date(&out->period_from);
  c.Date(&out->period_to);
  c.Date(&out->closed_on);
  std::string result;
  c.OneOf(&result, {"compliant", "non_compliant"});
  out->non_compliant = result == "non_compliant";
  c.Number(&out->amount_assessed, 0, kMaxAmount);
  c.Text(&out->findings, false);
  if (c.ok() && out->period_to < out->period_from) {
    c.Fail("period_to", "inconsistent dates: period ends before it starts");
  }
}

void ReadRecord(FieldCursor& c, Route* out) {
  c.Identifier(&out->route_id);
  c.Text(&out->name);
  c.Number(&out->tolerance_m, 1, 1e6);
  std::string_view polyline = c.Raw();
  if (!c.ok()) return;
  if (polyline.empty()) return c.Fail("polyline", "missing value: the field is required");
  if (std::string why = ParsePolyline(polyline, &out->polyline); !why.empty()) {
    c.Fail("polyline", "invalid polyline: " + why);
  }
}

void ReadRecord(FieldCursor& c, StopZone* out) {
  c.Identifier(&out->route_id);
  c.Identifier(&out->zone_id);
  c.Number(&out->centre.lat, -90, 90);
  c.Number(&out->centre.lon, -180, 180);
  c.Number(&out->radius_m, 1, 1e6);
  int64_t minutes = 0;
  c.Integer(&minutes, 0, 100'000);
  out->max_stop_minutes = static_cast<int>(minutes);
}

void ReadRecord(FieldCursor& c, Transit* out) {
  c.Identifier(&out->transit_id);
  c.Identifier(&out->declaration_id);
  c.Identifier(&out->departure_office);
  c.Identifier(&out->destination_office);
  c.Identifier(&out->route_id);
  c.Identifier(&out->device_id);
  c.Timestamp(&out->departed_at);
  c.Timestamp(&out->deadline);
  if (c.ok() && out->deadline <= out->departed_at) {
    c.Fail("deadline", "inconsistent dates: deadline is not after departure");
  }
}

void ReadRecord(FieldCursor& c, TrackingEvent* out) {
  c.Identifier(&out->device_id);
  c.Timestamp(&out->event_time);
  c.Number(&out->position.lat, -90, 90);
  c.Number(&out->position.lon, -180, 180);
  c.Number(&out->speed_kmh, 0, 300, false);
  c.Code(&out->event_type, IsTrackingEventType,
         "an event type (position, seal_opened, seal_tampered, power_cut, low_battery, jamming, arrival)");
  c.Code(&out->seal_status, IsSealStatus, "a seal status (closed, open, tampered, unknown)");
}

}  // namespace aduana
