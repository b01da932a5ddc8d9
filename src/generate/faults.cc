#include "generate/faults.h"

#include <array>
#include <string>

namespace aduana::gen {
namespace {

struct Fault {
  std::string_view column;
  std::string_view bad_value;
  std::string_view reason;
};

// Each fault breaks one rule of docs/data-formats.md; ingest must reject the row with that reason.
const std::vector<Fault>& FaultsOf(EntityKind kind) {
  static const std::vector<Fault> kCompanies = {
      {"country", "XX", "unknown country code XX"},
      {"registered_on", "2023-02-30", "registered_on is not a calendar date"},
      {"aeo_status", "yes", "unknown aeo_status"},
  };
  static const std::vector<Fault> kDocuments = {
      {"container_ids", "MSCU1234560", "container number check digit is wrong"},
      {"port_of_discharge", "MX VER", "port_of_discharge is not a UN/LOCODE"},
      {"transport_mode", "6", "transport_mode is not a UN Rec. 19 code"},
      {"gross_mass_kg", "-1250.00", "negative gross_mass_kg"},
      {"arrived_at", "2024-13-02T10:00:00Z", "arrived_at is not a timestamp"},
  };
  static const std::vector<Fault> kDeclarations = {
      {"supplier_country", "XK", "unknown country code XK in supplier_country"},
      {"lodged_at", "2024-02-30T09:15:00Z", "lodged_at is not a valid timestamp"},
      {"gross_mass_kg", "-830.50", "negative gross_mass_kg"},
      {"currency", "RMB", "currency RMB is not ISO 4217"},
      {"exchange_rate", "0", "exchange_rate must be > 0"},
      {"port_of_loading", "SHANGHAI", "port_of_loading is not a UN/LOCODE"},
      {"incoterm", "C&F", "unknown incoterm C&F"},
  };
  static const std::vector<Fault> kItems = {
      {"hs_code", "85171", "HS code with 5 digits"},
      {"hs_code", "7712345600", "HS chapter 77 does not exist"},
      {"net_mass_kg", "-12.500", "negative net_mass_kg"},
      {"quantity_unit", "PCS", "quantity_unit PCS is not UN/ECE Rec. 20"},
      {"country_of_origin", "UK", "unknown country code UK (ISO 3166 uses GB)"},
      {"quantity", "0", "quantity must be > 0"},
  };
  static const std::vector<Fault> kInspections = {
      {"channel", "orange", "unknown channel orange"},
      {"inspected_at", "2024-04-31T12:00:00Z", "inspected_at is not a valid timestamp"},
      {"additional_revenue", "-500.00", "negative additional_revenue"},
  };
  static const std::vector<Fault> kAudits = {
      {"period_from", "2024-06-31", "period_from is not a calendar date"},
      {"amount_assessed", "-1000.00", "negative amount_assessed"},
  };
  static const std::vector<Fault> kEvents = {
      {"lat", "95.123456", "latitude out of range"},
      {"event_type", "moving", "unknown event_type moving"},
      {"event_time", "2024-02-30T01:00:00Z", "event_time is not a valid timestamp"},
      {"seal_status", "broken", "unknown seal_status broken"},
  };
  static const std::vector<Fault> kNone;
  switch (kind) {
    case EntityKind::kCompany:
      return kCompanies;
    case EntityKind::kTransportDocument:
      return kDocuments;
    case EntityKind::kDeclaration:
      return kDeclarations;
    case EntityKind::kGoodsItem:
      return kItems;
    case EntityKind::kInspectionOutcome:
      return kInspections;
    case EntityKind::kAuditOutcome:
      return kAudits;
    case EntityKind::kTrackingEvent:
      return kEvents;
    default:
      return kNone;
  }
}

}  // namespace

bool FaultInjector::MaybeCorrupt(EntityKind kind, Table& table) {
  if (rate_ <= 0 || !rng_.Chance(rate_)) return false;
  const std::vector<Fault>& faults = FaultsOf(kind);
  if (faults.empty()) return false;
  const Fault& fault = faults[rng_.Index(faults.size())];
  table.Corrupt(fault.column, std::string(fault.bad_value), std::string(fault.reason));
  return true;
}

}  // namespace aduana::gen
