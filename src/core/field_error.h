// Errors about one field of an input record, for callers that must tell a user or a program exactly what was
// wrong: an InvalidArgument status whose message is "<field>: <reason>", carrying the field path
// ("items[2].hs_code") and a machine-readable code ("missing_field", "invalid_value", ...) as payloads.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace aduana {

absl::Status FieldError(std::string_view field, std::string_view code, std::string_view reason);

// The field and code of a FieldError; "" for any other status.
std::string ErrorField(const absl::Status& status);
std::string ErrorCode(const absl::Status& status);

}  // namespace aduana
