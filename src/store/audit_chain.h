// The audit trail's hash chain: each entry's hash is BLAKE2b-256 (libsodium) over the previous entry's hash and
// the entry's own fields, each length-prefixed, so no two different entries give the same input. Changing,
// inserting, deleting or reordering entries breaks the chain at the first entry touched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace aduana {

// Hex hash of `entry`, using entry.prev_hash, seq, at, actor, action, subject and detail.
std::string AuditHash(const AuditEntry& entry);

struct AuditVerification {
  int64_t entries = 0;                 // entries read
  std::optional<int64_t> first_broken;  // seq of the first entry that does not verify
  std::string reason;                   // why it does not
};

// Reads the whole trail and checks sequence numbers, links and hashes.
absl::StatusOr<AuditVerification> VerifyAuditTrail(Store& store);

}  // namespace aduana
