#include "profile/reference_prices.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aduana::profile {

double LogUnitValue(double customs_value, double net_mass_kg) {
  if (!(customs_value > 0) || !(net_mass_kg > 0)) return std::numeric_limits<double>::quiet_NaN();
  return std::log(customs_value / net_mass_kg);
}

void ReferencePrices::Observe(std::string_view key, double customs_value, double net_mass_kg) {
  double log_value = LogUnitValue(customs_value, net_mass_kg);
  if (key.empty() || std::isnan(log_value)) return;
  Window& w = windows_[HashKey(key)];
  w.log_values[static_cast<size_t>(w.observations % kWindow)] = static_cast<float>(log_value);
  ++w.observations;
  w.stale = true;
}

bool ReferencePrices::Find(std::string_view key, int min_observations, ReferencePrice* out) const {
  auto it = windows_.find(HashKey(key));
  if (it == windows_.end() || it->second.observations < min_observations) return false;
  const Window& w = it->second;
  if (w.stale) {
    size_t n = static_cast<size_t>(std::min<int64_t>(w.observations, kWindow));
    std::array<float, kWindow> v{};
    std::copy_n(w.log_values.begin(), n, v.begin());
    std::nth_element(v.begin(), v.begin() + n / 2, v.begin() + n);
    w.median = v[n / 2];
    for (size_t i = 0; i < n; ++i) v[i] = std::fabs(v[i] - w.median);
    std::nth_element(v.begin(), v.begin() + n / 2, v.begin() + n);
    w.spread = 1.4826f * v[n / 2];
    w.stale = false;
  }
  out->observations = w.observations;
  out->median_log = w.median;
  out->spread_log = w.spread;
  return true;
}

}  // namespace aduana::profile
