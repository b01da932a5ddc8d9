// Message building for the rules module: Cat("line ", 3, ": ", name) concatenates text and integers.
// (Debian's abseil has its own absl::string_view, so absl::StrCat does not take std::string_view.)
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>

namespace aduana::rules {

namespace strings_internal {
template <typename T>
void AppendOne(std::string* out, const T& value) {
  if constexpr (std::is_same_v<T, char>) {
    out->push_back(value);
  } else if constexpr (std::integral<T>) {
    out->append(std::to_string(value));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    out->append(std::string_view(value));
  } else {  // absl::string_view and the like
    out->append(value.data(), value.size());
  }
}
}  // namespace strings_internal

template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (strings_internal::AppendOne(&out, args), ...);
  return out;
}

}  // namespace aduana::rules
