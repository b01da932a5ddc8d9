// Applies one parsed record to the store: checks its references, puts it, and tells what happened, with
// the field and reason when the record is rejected. Also remembers which keys this ingest has seen, so a key
// repeated inside one ingest is told apart from a re-sent record.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "store/store.h"

namespace aduana {

enum class RowFate { kAccepted, kUnchanged, kRejected };

struct RowResult {
  RowFate fate = RowFate::kAccepted;
  std::string field;
  std::string reason;
};

class RowWriter {
 public:
  explicit RowWriter(Store& store) : store_(store) {}

  absl::StatusOr<RowResult> Write(const Company& r, Fingerprint fp);
  // Registers a party known only by its identifier (source formats without a registry), once per ingest.
  absl::Status EnsureParty(const Company& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const TransportDocument& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const Declaration& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const GoodsItem& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const InspectionOutcome& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const AuditOutcome& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const Route& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const StopZone& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const Transit& r, Fingerprint fp);
  absl::StatusOr<RowResult> Write(const TrackingEvent& r, Fingerprint fp);

  // Declarations whose discrepancies must be (re)computed: stored or re-sent in this ingest, given items, or
  // named by a transport document that arrived. May hold repeats.
  std::vector<std::string>& touched_declarations() { return touched_; }

 private:
  // Turns an insert result into a RowResult. `key_hash` identifies the natural key within this ingest;
  // `key_text` spells the key for a rejection message. kUnknownReference is handled by the caller.
  RowResult Classify(PutResult put, uint64_t key_hash, std::string_view key_field, const std::string& key_text);
  absl::StatusOr<bool> KnownCompany(const std::string& id);
  absl::StatusOr<bool> KnownRoute(const std::string& id);
  absl::StatusOr<bool> KnownDevice(const std::string& id);
  void Touch(std::string_view declaration_id);

  Store& store_;
  absl::flat_hash_set<uint64_t> seen_keys_;
  absl::flat_hash_set<std::string> known_companies_;
  absl::flat_hash_set<std::string> known_routes_;
  absl::flat_hash_set<std::string> known_devices_;
  std::vector<std::string> touched_;
};

}  // namespace aduana
