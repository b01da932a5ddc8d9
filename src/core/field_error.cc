#include "core/field_error.h"

#include <optional>

#include "absl/strings/cord.h"

namespace aduana {
namespace {

constexpr char kFieldPayload[] = "aduana.dev/field";
constexpr char kCodePayload[] = "aduana.dev/code";

std::string Payload(const absl::Status& status, const char* url) {
  auto value = status.GetPayload(url);  // absl::optional: Debian's abseil is not built on std::optional
  return value ? std::string(*value) : std::string();
}

}  // namespace

absl::Status FieldError(std::string_view field, std::string_view code, std::string_view reason) {
  std::string message(field);
  if (!message.empty()) message += ": ";
  message += reason;
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kFieldPayload, absl::Cord(absl::string_view(field.data(), field.size())));
  status.SetPayload(kCodePayload, absl::Cord(absl::string_view(code.data(), code.size())));
  return status;
}

std::string ErrorField(const absl::Status& status) { return Payload(status, kFieldPayload); }
std::string ErrorCode(const absl::Status& status) { return Payload(status, kCodePayload); }

}  // namespace aduana
