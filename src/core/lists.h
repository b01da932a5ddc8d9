// Lists inside one field, as the data contract writes them: values separated by ';'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aduana {

std::string JoinList(const std::vector<std::string>& values);
std::vector<std::string> SplitList(std::string_view text);  // "" -> no values

}  // namespace aduana
