// What the API's handlers share: the reply they build, the error shape
//   {"error": {"code": "...", "field": "...", "message": "..."}}
// with a status mapped from absl::Status, and readers of JSON bodies and query parameters that name the field
// they refuse. No exception leaves these functions.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/time.h"
#include "nlohmann/json.hpp"
#include "server/auth.h"
#include "store/store.h"

namespace aduana::server {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

Reply JsonReply(int status, const nlohmann::json& body);
Reply ErrorReply(int status, std::string_view code, std::string_view message, std::string_view field = "");
// InvalidArgument -> 400 (422 for an unknown reference), NotFound -> 404, AlreadyExists and FailedPrecondition
// -> 409, Unauthenticated -> 401, PermissionDenied -> 403, Unavailable -> 503, anything else 500.
Reply StatusReply(const absl::Status& s);

// A handler runs once the token is checked and its role allowed; RouteMaker wraps it for httplib.
using Handler = std::function<Reply(const httplib::Request&, const Principal&)>;
using RouteMaker = std::function<httplib::Server::Handler(Permission, Handler)>;

nlohmann::json AuditJson(const AuditEntry& e);

// A JSON object body.
absl::StatusOr<nlohmann::json> ObjectBody(const httplib::Request& req);
// A string member; "" when absent and not required.
absl::StatusOr<std::string> TextField(const nlohmann::json& j, const char* name, bool required);
// A date member "YYYY-MM-DD"; nullopt when absent and not required.
absl::StatusOr<std::optional<EpochDay>> DateField(const nlohmann::json& j, const char* name, bool required);
// A number member within [min, max]; `fallback` when absent.
absl::StatusOr<double> NumberField(const nlohmann::json& j, const char* name, double min, double max,
                                   double fallback);
// An integer query parameter within [min, max]; `fallback` when absent.
absl::StatusOr<int64_t> IntParam(const httplib::Request& req, const char* name, int64_t min, int64_t max,
                                 int64_t fallback);
// A path component matched as an id (digits).
absl::StatusOr<int64_t> IdInPath(const httplib::Request& req, int match);

}  // namespace aduana::server
