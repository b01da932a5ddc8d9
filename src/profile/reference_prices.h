// Reference unit values for valuation risk: a robust median and spread of the declared value per kilogram, per
// HS6 x origin and per HS6, over the most recent declarations. Updated as declarations are lodged.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "profile/entity.h"

namespace aduana::profile {

struct ReferencePrice {
  int64_t observations = 0;   // all ever seen; the statistics use the last kWindow
  double median_log = 0;      // median of log(value per kg)
  double spread_log = 0;      // 1.4826 x median absolute deviation of log(value per kg)
};

class ReferencePrices {
 public:
  static constexpr int kWindow = 64;

  void Observe(std::string_view key, double customs_value, double net_mass_kg);
  // Nothing when the key has fewer than `min_observations`.
  bool Find(std::string_view key, int min_observations, ReferencePrice* out) const;

 private:
  struct Window {
    std::array<float, kWindow> log_values{};
    int64_t observations = 0;
    // Cached statistics, recomputed lazily after a change.
    mutable bool stale = true;
    mutable float median = 0, spread = 0;
  };
  absl::flat_hash_map<std::string, Window> windows_;
};

// log(value per kg), or NaN when either is not positive.
double LogUnitValue(double customs_value, double net_mass_kg);

}  // namespace aduana::profile
