// Early-return helpers for absl::Status / absl::StatusOr, as in abseil's internal status macros.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ADUANA_RETURN_IF_ERROR(expr)          \
  do {                                        \
    if (auto _aduana_status = (expr); !_aduana_status.ok()) { \
      return _aduana_status;                  \
    }                                         \
  } while (0)

#define ADUANA_CONCAT_INNER(a, b) a##b
#define ADUANA_CONCAT(a, b) ADUANA_CONCAT_INNER(a, b)

// ADUANA_ASSIGN_OR_RETURN(auto x, MaybeX()); declares x from a StatusOr or returns its error.
#define ADUANA_ASSIGN_OR_RETURN(lhs, expr) \
  ADUANA_ASSIGN_OR_RETURN_IMPL(ADUANA_CONCAT(_aduana_or_, __LINE__), lhs, expr)
#define ADUANA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(*tmp)
