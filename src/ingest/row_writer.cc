#include "ingest/row_writer.h"

#include <xxhash.h>

#include "core/status_macros.h"
#include "core/time.h"

namespace aduana {
namespace {

// Identifies a natural key within one ingest: the entity's tag and the key's parts, hashed as one buffer.
uint64_t KeyHash(char entity_tag, std::string_view part, int64_t number = 0, std::string_view extra = {}) {
  thread_local std::string buffer;
  buffer.assign(1, entity_tag);
  buffer.append(part);
  buffer.push_back('\x1f');
  buffer.append(std::to_string(number));
  buffer.push_back('\x1f');
  buffer.append(extra);
  return XXH3_64bits(buffer.data(), buffer.size());
}

std::string UnknownDeclaration(std::string_view id) {
  return "unknown declaration: '" + std::string(id) + "' is not in the store";
}

std::string Quote(std::string_view value) {
  std::string out(1, '\'');
  out.append(value);
  out.push_back('\'');
  return out;
}

RowResult Rejected(std::string_view field, std::string reason) {
  return RowResult{RowFate::kRejected, std::string(field), std::move(reason)};
}

}  // namespace

RowResult RowWriter::Classify(PutResult put, uint64_t key_hash, std::string_view key_field,
                              const std::string& key_text) {
  switch (put) {
    case PutResult::kInserted:
      seen_keys_.insert(key_hash);
      return RowResult{RowFate::kAccepted, "", ""};
    case PutResult::kUnchanged:
      if (!seen_keys_.insert(key_hash).second) {
        return Rejected(key_field, "duplicate key: " + Quote(key_text) + " appears more than once in this ingest");
      }
      return RowResult{RowFate::kUnchanged, "", ""};
    case PutResult::kConflict:
      if (seen_keys_.contains(key_hash)) {
        return Rejected(key_field, "duplicate key: " + Quote(key_text) + " appears more than once in this ingest");
      }
      return Rejected(key_field, "conflicts with the stored record: " + Quote(key_text) +
                                     " is stored with different content (amendments go through the API)");
    case PutResult::kUnknownReference:
      break;
  }
  return Rejected("", "internal: unexpected reference failure");
}

absl::StatusOr<bool> RowWriter::KnownCompany(const std::string& id) {
  if (known_companies_.contains(id)) return true;
  ADUANA_ASSIGN_OR_RETURN(bool found, store_.HasCompany(id));
  if (found) known_companies_.insert(id);
  return found;
}

absl::StatusOr<bool> RowWriter::KnownRoute(const std::string& id) {
  if (known_routes_.contains(id)) return true;
  ADUANA_ASSIGN_OR_RETURN(bool found, store_.HasRoute(id));
  if (found) known_routes_.insert(id);
  return found;
}

absl::StatusOr<bool> RowWriter::KnownDevice(const std::string& id) {
  if (known_devices_.contains(id)) return true;
  ADUANA_ASSIGN_OR_RETURN(bool found, store_.HasDevice(id));
  if (found) known_devices_.insert(id);
  return found;
}

void RowWriter::Touch(std::string_view declaration_id) {
  if (touched_.empty() || touched_.back() != declaration_id) touched_.emplace_back(declaration_id);
}

absl::StatusOr<RowResult> RowWriter::Write(const Company& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  RowResult result = Classify(put, KeyHash('a', r.company_id), "company_id", r.company_id);
  if (result.fate != RowFate::kRejected) known_companies_.insert(r.company_id);
  return result;
}

absl::Status RowWriter::EnsureParty(const Company& r, Fingerprint fp) {
  if (known_companies_.contains(r.company_id)) return absl::OkStatus();
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  (void)put;  // a registry record of the same id, if any, is kept as it is
  known_companies_.insert(r.company_id);
  return absl::OkStatus();
}

absl::StatusOr<RowResult> RowWriter::Write(const TransportDocument& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  RowResult result =
      Classify(put, KeyHash('b', r.transport_document_id), "transport_document_id", r.transport_document_id);
  if (result.fate == RowFate::kAccepted) {
    ADUANA_ASSIGN_OR_RETURN(std::vector<std::string> users,
                            store_.DeclarationsUsingTransportDocument(r.transport_document_id));
    for (const std::string& id : users) Touch(id);
  }
  return result;
}

absl::StatusOr<RowResult> RowWriter::Write(const Declaration& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(bool importer_known, KnownCompany(r.importer_id));
  if (!importer_known) {
    return Rejected("importer_id", "unknown importer: " + Quote(r.importer_id) + " is not in the company registry");
  }
  ADUANA_ASSIGN_OR_RETURN(bool declarant_known, KnownCompany(r.declarant_id));
  if (!declarant_known) {
    return Rejected("declarant_id",
                    "unknown declarant: " + Quote(r.declarant_id) + " is not in the company registry");
  }
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  RowResult result = Classify(put, KeyHash('c', r.declaration_id), "declaration_id", r.declaration_id);
  if (result.fate != RowFate::kRejected) Touch(r.declaration_id);
  return result;
}

absl::StatusOr<RowResult> RowWriter::Write(const GoodsItem& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  if (put == PutResult::kUnknownReference) return Rejected("declaration_id", UnknownDeclaration(r.declaration_id));
  RowResult result = Classify(put, KeyHash('d', r.declaration_id, r.item_number), "item_number",
                              put == PutResult::kInserted ? std::string()
                                                          : r.declaration_id + " item " + std::to_string(r.item_number));
  if (result.fate != RowFate::kRejected) Touch(r.declaration_id);
  return result;
}

absl::StatusOr<RowResult> RowWriter::Write(const InspectionOutcome& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  if (put == PutResult::kUnknownReference) return Rejected("declaration_id", UnknownDeclaration(r.declaration_id));
  return Classify(put, KeyHash('e', r.declaration_id), "declaration_id", r.declaration_id);
}

absl::StatusOr<RowResult> RowWriter::Write(const AuditOutcome& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  if (put == PutResult::kUnknownReference) {
    return Rejected("company_id", "unknown company: " + Quote(r.company_id) + " is not in the company registry");
  }
  return Classify(put, KeyHash('f', r.audit_id), "audit_id", r.audit_id);
}

absl::StatusOr<RowResult> RowWriter::Write(const Route& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  RowResult result = Classify(put, KeyHash('g', r.route_id), "route_id", r.route_id);
  if (result.fate != RowFate::kRejected) known_routes_.insert(r.route_id);
  return result;
}

absl::StatusOr<RowResult> RowWriter::Write(const StopZone& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  if (put == PutResult::kUnknownReference) {
    return Rejected("route_id", "unknown route: " + Quote(r.route_id) + " is not in the store");
  }
  return Classify(put, KeyHash('h', r.route_id, 0, r.zone_id), "zone_id", r.route_id + " zone " + r.zone_id);
}

absl::StatusOr<RowResult> RowWriter::Write(const Transit& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(bool route_known, KnownRoute(r.route_id));
  if (!route_known) return Rejected("route_id", "unknown route: " + Quote(r.route_id) + " is not in the store");
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  if (put == PutResult::kUnknownReference) return Rejected("declaration_id", UnknownDeclaration(r.declaration_id));
  RowResult result = Classify(put, KeyHash('i', r.transit_id), "transit_id", r.transit_id);
  if (result.fate != RowFate::kRejected) known_devices_.insert(r.device_id);
  return result;
}

absl::StatusOr<RowResult> RowWriter::Write(const TrackingEvent& r, Fingerprint fp) {
  ADUANA_ASSIGN_OR_RETURN(bool device_known, KnownDevice(r.device_id));
  if (!device_known) {
    return Rejected("device_id", "unknown device: " + Quote(r.device_id) + " is used by no transit");
  }
  ADUANA_ASSIGN_OR_RETURN(PutResult put, store_.Put(r, fp));
  return Classify(put, KeyHash('j', r.device_id, r.event_time, r.event_type), "event_time",
                  put == PutResult::kInserted
                      ? std::string()
                      : r.device_id + " at " + FormatTimestamp(r.event_time) + " " + r.event_type);
}

}  // namespace aduana
