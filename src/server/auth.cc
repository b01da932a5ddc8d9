#include "server/auth.h"

#include <sodium.h>

#include <array>

namespace aduana::server {
namespace {

constexpr std::array<std::string_view, 5> kRoleNames = {"admin", "analyst", "officer", "auditor", "integration"};
constexpr std::array<std::string_view, 22> kPermissionNames = {
    "submit_declaration", "read_declaration", "record_inspection", "reroute",       "read_queue",
    "manage_rules",       "read_rules",       "manage_capacity",   "read_capacity", "manage_tokens",
    "read_metrics",       "read_audit_trail", "read_alerts",       "manage_alerts", "read_audits",
    "manage_audits",      "read_trader_rating", "submit_tracking", "read_cargo",    "manage_routes",
    "read_dashboard",     "read_models"};
static_assert(static_cast<size_t>(Permission::kReadModels) + 1 == kPermissionNames.size());
constexpr std::string_view kTokenPrefix = "adu_";
constexpr size_t kMaxCached = 100'000;

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> RoleFromName(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) {
  return kPermissionNames[static_cast<size_t>(permission)];
}

std::vector<Permission> AllPermissions() {
  std::vector<Permission> all;
  for (size_t i = 0; i < kPermissionNames.size(); ++i) all.push_back(static_cast<Permission>(i));
  return all;
}

bool Allows(Role role, Permission p) {
  using P = Permission;
  switch (role) {
    case Role::kAdmin: return true;
    case Role::kIntegration:
      return p == P::kSubmitDeclaration || p == P::kReadDeclaration || p == P::kRecordInspection ||
             p == P::kReadTraderRating || p == P::kSubmitTracking;
    case Role::kOfficer:
      return p == P::kReadDeclaration || p == P::kRecordInspection || p == P::kReroute || p == P::kReadQueue ||
             p == P::kReadCapacity || p == P::kReadTraderRating || p == P::kReadCargo || p == P::kReadDashboard;
    case Role::kAnalyst:
      return p == P::kReadDeclaration || p == P::kReadQueue || p == P::kManageRules || p == P::kReadRules ||
             p == P::kReadCapacity || p == P::kReadMetrics || p == P::kReadTraderRating || p == P::kReadAlerts ||
             p == P::kManageAlerts || p == P::kReadCargo || p == P::kReadDashboard || p == P::kReadModels;
    case Role::kAuditor:
      return p == P::kReadDeclaration || p == P::kReadQueue || p == P::kReadRules || p == P::kReadCapacity ||
             p == P::kReadMetrics || p == P::kReadAuditTrail || p == P::kReadTraderRating || p == P::kReadAlerts ||
             p == P::kReadAudits || p == P::kManageAudits || p == P::kReadDashboard || p == P::kReadModels;
  }
  return false;
}

std::string HashToken(std::string_view token) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  char hex[2 * crypto_generichash_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

NewToken MakeToken() {
  [[maybe_unused]] static const int initialised = sodium_init();
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, secret, sizeof secret, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  NewToken t;
  t.token = std::string(kTokenPrefix) + text;
  t.hash = HashToken(t.token);
  return t;
}

Authenticator::Authenticator(Store& store, std::mutex& store_mutex, std::chrono::milliseconds cache_for)
    : store_(store), store_mutex_(store_mutex), cache_for_(cache_for) {}

void Authenticator::Forget() {
  std::lock_guard lock(mutex_);
  cache_.clear();
}

absl::StatusOr<Principal> Authenticator::Authenticate(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.empty()) return absl::UnauthenticatedError("missing token: send Authorization: Bearer <token>");
  if (!authorization.starts_with(kBearer) || !authorization.substr(kBearer.size()).starts_with(kTokenPrefix)) {
    return absl::UnauthenticatedError("malformed Authorization header: expected Bearer adu_...");
  }
  std::string hash = HashToken(authorization.substr(kBearer.size()));
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.until > now) {
      if (!it->second.principal) return absl::UnauthenticatedError("unknown or revoked token");
      return *it->second.principal;
    }
  }
  absl::StatusOr<std::optional<ApiToken>> found;
  {
    std::lock_guard lock(store_mutex_);
    found = store_.FindToken(hash);
  }
  if (!found.ok()) return found.status();
  Cached entry{std::nullopt, now + cache_for_};
  if (found->has_value() && !(*found)->revoked_at) {
    std::optional<Role> role = RoleFromName((*found)->role);
    if (role) entry.principal = Principal{(*found)->name, *role};
  }
  {
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCached) cache_.clear();  // a flood of made-up tokens must not grow it without end
    cache_[hash] = entry;
  }
  if (!entry.principal) return absl::UnauthenticatedError("unknown or revoked token");
  return *entry.principal;
}

}  // namespace aduana::server
