// API authentication and authorisation. Every route but /health takes "Authorization: Bearer <token>". Tokens
// are 256-bit random strings shown once when made; the store keeps only their BLAKE2b hash. Each token has one
// role, and each role may do only what its work needs (docs/api.md has the table):
//   integration  the clearance system: submits declarations, reads decisions, sends inspection results
//   officer      works the queue: reads queues and declarations, re-routes with a justification, records results
//   analyst      manages rules and early-warning alerts, reads declarations, decisions, statistics and metrics
//   auditor      reads everything recorded, including the audit trail; makes post-clearance audit plans and
//                works audit cases; reads early-warning alerts
//   admin        manages tokens and office capacities, and may do what the others do
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/time.h"
#include "store/store.h"

namespace aduana::server {

enum class Role { kAdmin, kAnalyst, kOfficer, kAuditor, kIntegration };
std::string_view RoleName(Role role);
std::optional<Role> RoleFromName(std::string_view name);

enum class Permission {
  kSubmitDeclaration,
  kReadDeclaration,
  kRecordInspection,
  kReroute,
  kReadQueue,
  kManageRules,
  kReadRules,
  kManageCapacity,
  kReadCapacity,
  kManageTokens,
  kReadMetrics,
  kReadAuditTrail,
  kReadAlerts,    // early-warning alerts and their evidence
  kManageAlerts,  // scan for alerts, acknowledge, resolve or dismiss them
  kReadAudits,    // post-clearance audit plans and cases: taxpayer data, for auditors only
  kManageAudits,  // make plans; open, assign, record and close cases
  kReadTraderRating,  // a trader's own rating, for the clearance system's trader portal and the officers
  kSubmitTracking,    // tracking events and transits, from the clearance system and the tracking provider
  kReadCargo,         // transits in flight, approved routes, consignment timelines
  kManageRoutes,      // approve transit routes and their stop zones
  kReadDashboard,     // aggregate figures: decisions per channel and day, hit rates, clearance times, drift
  kReadModels,        // the model registry: versions, validation metrics, feature importance
};
bool Allows(Role role, Permission permission);
// "submit_declaration", "read_queue", ... (the enumerator in snake case).
std::string_view PermissionName(Permission permission);
// Every permission, in declaration order.
std::vector<Permission> AllPermissions();

struct Principal {
  std::string name;
  Role role = Role::kIntegration;
};

// A new random token ("adu_" + 43 base64url characters) and the hash to store for it.
struct NewToken {
  std::string token;
  std::string hash;
};
NewToken MakeToken();
std::string HashToken(std::string_view token);

class Authenticator {
 public:
  // `store` is read for tokens it has not seen in the last `cache_for` (so a revocation takes effect within it).
  Authenticator(Store& store, std::mutex& store_mutex, std::chrono::milliseconds cache_for);

  // The principal of an "Authorization" header value: Unauthenticated if missing, malformed, unknown or revoked.
  absl::StatusOr<Principal> Authenticate(std::string_view authorization);
  // Forgets cached tokens (after a revocation through the API).
  void Forget();

 private:
  struct Cached {
    std::optional<Principal> principal;  // nullopt: unknown or revoked
    std::chrono::steady_clock::time_point until;
  };
  Store& store_;
  std::mutex& store_mutex_;
  const std::chrono::milliseconds cache_for_;
  std::mutex mutex_;
  absl::flat_hash_map<std::string, Cached> cache_;  // by token hash
};

}  // namespace aduana::server
