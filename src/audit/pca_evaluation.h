// How much revenue an audit plan would recover, against a known answer: the generator's
// truth/revenue_at_stake.csv gives what each fraudulent declaration kept from the treasury. A company audited
// over a period is credited with what its declarations of the period kept, less what border controls already
// recovered (declarations found non-compliant at inspection). Strategies compared at each capacity:
//   - the plan's ranking (revenue at risk with the evidence uplifts), all by risk;
//   - the plan as issued (the same, with its random share drawn at random, averaged over draws);
//   - revenue at risk alone (no uplifts), and the revenue model's own estimate summed;
//   - declared customs value (the biggest importers first, a common practice);
//   - random (averaged over draws);
//   - the best possible plan (the companies that kept the most), as the ceiling.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "audit/pca_plan.h"

namespace aduana::audit {

struct StrategyYield {
  std::string strategy;
  int capacity = 0;
  double recovered = 0;        // MXN over the audited companies
  double share_of_total = 0;   // of all the revenue kept in the period
  double companies_with_loss = 0;  // audited companies that had kept something (a mean for random draws)
};

// `kept` maps company id -> revenue kept in the period (not recovered at the border). `exposures` is what
// ScoreCompanies returned (highest score first).
std::vector<StrategyYield> EvaluateStrategies(const std::vector<CompanyExposure>& exposures,
                                              const absl::flat_hash_map<std::string, double>& kept,
                                              const std::vector<int>& capacities, double random_share, int draws,
                                              uint64_t seed);

// The comparison as a markdown table.
std::string YieldTable(const std::vector<StrategyYield>& yields);

}  // namespace aduana::audit
