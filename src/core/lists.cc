#include "core/lists.h"

namespace aduana {

std::string JoinList(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& v : values) {
    if (!joined.empty()) joined.push_back(';');
    joined += v;
  }
  return joined;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> values;
  while (!text.empty()) {
    size_t cut = text.find(';');
    values.emplace_back(text.substr(0, cut));
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
  return values;
}

}  // namespace aduana
