#include "core/contract.h"

namespace aduana {

const std::array<EntitySchema, kEntityKinds>& AllEntitySchemas() {
  static const std::array<EntitySchema, kEntityKinds> kSchemas = {{
      {EntityKind::kCompany,
       "companies",
       {"company_id", "name", "registered_on", "closed_on", "sector", "region", "address", "country", "aeo_status",
        "compliance_rating", "credit_score", "tax_debt", "directors"}},
      {EntityKind::kTransportDocument,
       "transport_documents",
       {"transport_document_id", "document_type", "carrier_id", "conveyance_id", "transport_mode", "port_of_loading",
        "port_of_discharge", "consignee_id", "shipper_name", "shipper_country", "goods_description", "hs_code",
        "packages", "gross_mass_kg", "container_ids", "arrived_at"}},
      {EntityKind::kDeclaration,
       "declarations",
       {"declaration_id", "lodged_at", "customs_office", "procedure_code", "importer_id", "declarant_id",
        "supplier_id", "supplier_country", "country_of_export", "transport_mode", "port_of_loading", "port_of_entry",
        "transport_document_id", "incoterm", "currency", "exchange_rate", "invoice_amount", "freight", "insurance",
        "customs_value", "gross_mass_kg", "packages"}},
      {EntityKind::kGoodsItem,
       "goods_items",
       {"declaration_id", "item_number", "hs_code", "description", "country_of_origin", "quantity", "quantity_unit",
        "net_mass_kg", "customs_value", "duty_rate", "duty_declared", "preference_code"}},
      {EntityKind::kInspectionOutcome,
       "inspection_outcomes",
       {"declaration_id", "channel", "inspected_at", "result", "fraud_types", "critical_level",
        "additional_revenue", "seizure"}},
      {EntityKind::kAuditOutcome,
       "audit_outcomes",
       {"audit_id", "company_id", "period_from", "period_to", "closed_on", "result", "amount_assessed",
        "findings"}},
      {EntityKind::kRoute, "routes", {"route_id", "name", "tolerance_m", "polyline"}},
      {EntityKind::kStopZone,
       "route_stop_zones",
       {"route_id", "zone_id", "lat", "lon", "radius_m", "max_stop_minutes"}},
      {EntityKind::kTransit,
       "transits",
       {"transit_id", "declaration_id", "departure_office", "destination_office", "route_id", "device_id",
        "departed_at", "deadline"}},
      {EntityKind::kTrackingEvent,
       "tracking_events",
       {"device_id", "event_time", "lat", "lon", "speed_kmh", "event_type", "seal_status"}},
  }};
  return kSchemas;
}

const EntitySchema& SchemaOf(EntityKind kind) { return AllEntitySchemas()[static_cast<size_t>(kind)]; }

}  // namespace aduana
