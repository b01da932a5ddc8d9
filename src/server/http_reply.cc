#include "server/http_reply.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/field_error.h"

namespace aduana::server {

using nlohmann::json;

Reply JsonReply(int status, const json& body) { return {status, body.dump(), "application/json"}; }

Reply ErrorReply(int status, std::string_view code, std::string_view message, std::string_view field) {
  json e = {{"code", code}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  return JsonReply(status, {{"error", e}});
}

Reply StatusReply(const absl::Status& s) {
  std::string message(s.message());
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument: {
      std::string code = ErrorCode(s);
      return ErrorReply(code == "unknown_reference" ? 422 : 400, code.empty() ? "invalid_request" : code, message,
                        ErrorField(s));
    }
    case absl::StatusCode::kNotFound: return ErrorReply(404, "not_found", message);
    case absl::StatusCode::kAlreadyExists: return ErrorReply(409, "conflict", message);
    case absl::StatusCode::kFailedPrecondition: return ErrorReply(409, "illegal_transition", message);
    case absl::StatusCode::kAborted: return ErrorReply(409, "busy_retry", message);
    case absl::StatusCode::kUnauthenticated: return ErrorReply(401, "unauthenticated", message);
    case absl::StatusCode::kPermissionDenied: return ErrorReply(403, "forbidden", message);
    case absl::StatusCode::kUnavailable: return ErrorReply(503, "unavailable", message);
    default: return ErrorReply(500, "internal", message);
  }
}

json AuditJson(const AuditEntry& e) {
  json detail = json::parse(e.detail, nullptr, false);
  return {{"seq", e.seq},         {"at", FormatTimestamp(e.at)}, {"actor", e.actor},
          {"action", e.action},   {"subject", e.subject},
          {"detail", detail.is_discarded() ? json(e.detail) : detail}, {"hash", e.hash}};
}

absl::StatusOr<json> ObjectBody(const httplib::Request& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return FieldError("", "malformed_json", "the body is not valid JSON");
  if (!j.is_object()) return FieldError("", "wrong_type", "the body must be a JSON object");
  return j;
}

absl::StatusOr<std::string> TextField(const json& j, const char* name, bool required) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return FieldError(name, "missing_field", "missing value: the field is required");
    return std::string();
  }
  if (!it->is_string()) return FieldError(name, "wrong_type", "must be a string");
  return it->get<std::string>();
}

absl::StatusOr<std::optional<EpochDay>> DateField(const json& j, const char* name, bool required) {
  absl::StatusOr<std::string> text = TextField(j, name, required);
  if (!text.ok()) return text.status();
  if (text->empty()) {
    if (required) return FieldError(name, "missing_field", "missing value: the field is required");
    return std::nullopt;
  }
  absl::StatusOr<EpochDay> day = ParseDate(*text);
  if (!day.ok()) return FieldError(name, "invalid_value", std::string(name) + ": a date YYYY-MM-DD");
  return std::optional<EpochDay>(*day);
}

absl::StatusOr<double> NumberField(const json& j, const char* name, double min, double max, double fallback) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number()) return FieldError(name, "wrong_type", std::string(name) + ": must be a number");
  double v = it->get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    return FieldError(name, "out_of_range", std::string(name) + ": from " + json(min).dump() + " to " + json(max).dump());
  }
  return v;
}

absl::StatusOr<int64_t> IntParam(const httplib::Request& req, const char* name, int64_t min, int64_t max,
                                 int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  std::string text = req.get_param_value(name);
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    return FieldError(name, "out_of_range",
                      std::string(name) + ": an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int64_t>(v);
}

absl::StatusOr<int64_t> IdInPath(const httplib::Request& req, int match) {
  std::string text = req.matches[match].str();
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < 1) {
    return absl::NotFoundError("no such id: " + text);
  }
  return static_cast<int64_t>(v);
}

}  // namespace aduana::server
