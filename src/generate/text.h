// Building short texts (ids, ground-truth details, names) by appending pieces. (Used instead of chains of
// std::string operator+, on which GCC 12 at -O3 reports false -Wrestrict errors.)
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

namespace aduana::gen {

inline void AppendPiece(std::string& out, std::string_view piece) { out.append(piece); }
inline void AppendPiece(std::string& out, const char* piece) { out.append(piece); }
inline void AppendPiece(std::string& out, const std::string& piece) { out.append(piece); }
template <typename Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, char>, int> = 0>
void AppendPiece(std::string& out, Int value) {
  out.append(std::to_string(value));
}

// Concat("items=", 3, ";kind=", kind) == "items=3;kind=..."
template <typename... Pieces>
std::string Concat(const Pieces&... pieces) {
  std::string out;
  (AppendPiece(out, pieces), ...);
  return out;
}

template <typename... Pieces>
void Append(std::string* out, const Pieces&... pieces) {
  (AppendPiece(*out, pieces), ...);
}

}  // namespace aduana::gen
