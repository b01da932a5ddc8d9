#include "core/outcome.h"

#include <algorithm>
#include <array>

namespace aduana {

bool IsChannel(std::string_view channel) {
  return channel == "red" || channel == "yellow" || channel == "green" || channel == "blue";
}

bool IsFraudType(std::string_view fraud_type) {
  constexpr std::array<std::string_view, 6> kTypes = {"undervaluation", "misclassification", "origin",
                                                      "quantity",       "prohibited",        "smuggling"};
  return std::find(kTypes.begin(), kTypes.end(), fraud_type) != kTypes.end();
}

}  // namespace aduana
