// Lists inside one field, as the data contract writes them: values separated by ';'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aduana {

std::string JoinList(const std::vector<std::string>& values);
std::vector<std::string> SplitList(std::string_view text);  // "" -> no values

// "name=value;name=value" (Declaration::source_fields): calls visit(name, value) for each part with a name;
// the value may be empty.
template <typename Visit>
void ForEachNamedValue(std::string_view text, Visit&& visit) {
  while (!text.empty()) {
    size_t end = text.find(';');
    std::string_view part = text.substr(0, end);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && eq > 0) visit(part.substr(0, eq), part.substr(eq + 1));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace aduana
