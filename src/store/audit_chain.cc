#include "store/audit_chain.h"

#include <sodium.h>

#include <string_view>

namespace aduana {
namespace {

void Absorb(crypto_generichash_state* state, std::string_view bytes) {
  uint64_t size = bytes.size();
  unsigned char prefix[8];
  for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>(size >> (8 * i));
  crypto_generichash_update(state, prefix, sizeof prefix);
  crypto_generichash_update(state, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

void Absorb(crypto_generichash_state* state, int64_t value) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(static_cast<uint64_t>(value) >> (8 * i));
  crypto_generichash_update(state, bytes, sizeof bytes);
}

}  // namespace

std::string AuditHash(const AuditEntry& e) {
  [[maybe_unused]] static const int initialised = sodium_init();  // once, thread-safe; idempotent in libsodium
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  Absorb(&state, std::string_view("aduana audit v1"));
  Absorb(&state, e.prev_hash);
  Absorb(&state, e.seq);
  Absorb(&state, e.at);
  Absorb(&state, e.actor);
  Absorb(&state, e.action);
  Absorb(&state, e.subject);
  Absorb(&state, e.detail);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash_final(&state, digest, sizeof digest);
  char hex[2 * crypto_generichash_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

absl::StatusOr<AuditVerification> VerifyAuditTrail(Store& store) {
  AuditVerification v;
  std::string previous;
  absl::Status scan = store.ScanAudit([&](const AuditEntry& e) {
    ++v.entries;
    if (v.first_broken) return absl::OkStatus();
    auto broken = [&](std::string reason) {
      v.first_broken = e.seq;
      v.reason = std::move(reason);
    };
    if (e.seq != v.entries) {
      broken("expected entry " + std::to_string(v.entries) + " here: an entry is missing or out of place");
    } else if (e.prev_hash != previous) {
      broken("its link to the previous entry does not match that entry's hash");
    } else if (AuditHash(e) != e.hash) {
      broken("its content does not match its hash: the entry was changed");
    }
    previous = e.hash;
    return absl::OkStatus();
  });
  if (!scan.ok()) return scan;
  return v;
}

}  // namespace aduana
