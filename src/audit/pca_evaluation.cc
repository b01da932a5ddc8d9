#include "audit/pca_evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

namespace aduana::audit {
namespace {

struct Tally {
  double recovered = 0;
  double with_loss = 0;
};

double KeptBy(const absl::flat_hash_map<std::string, double>& kept, const std::string& company) {
  auto it = kept.find(company);
  return it == kept.end() ? 0.0 : it->second;
}

// The first `capacity` of `order` (indices into exposures).
Tally TopOf(const std::vector<CompanyExposure>& exposures, const std::vector<size_t>& order, size_t capacity,
            const absl::flat_hash_map<std::string, double>& kept) {
  Tally t;
  for (size_t i = 0; i < std::min(capacity, order.size()); ++i) {
    double k = KeptBy(kept, exposures[order[i]].company_id);
    t.recovered += k;
    t.with_loss += k > 0 ? 1 : 0;
  }
  return t;
}

// `fixed` companies from the head of `order`, then `drawn` at random among the rest; the mean over `draws`.
Tally MeanWithRandom(const std::vector<CompanyExposure>& exposures, const std::vector<size_t>& order, size_t fixed,
                     size_t drawn, int draws, std::mt19937_64& rng, const absl::flat_hash_map<std::string, double>& kept) {
  Tally head = TopOf(exposures, order, fixed, kept);
  Tally sum;
  std::vector<size_t> rest(order.begin() + static_cast<std::ptrdiff_t>(std::min(fixed, order.size())), order.end());
  drawn = std::min(drawn, rest.size());
  for (int d = 0; d < draws; ++d) {
    for (size_t i = 0; i < drawn; ++i) {
      std::swap(rest[i], rest[i + static_cast<size_t>(rng() % (rest.size() - i))]);
      double k = KeptBy(kept, exposures[rest[i]].company_id);
      sum.recovered += k;
      sum.with_loss += k > 0 ? 1 : 0;
    }
  }
  double n = std::max(1, draws);
  return {head.recovered + sum.recovered / n, head.with_loss + sum.with_loss / n};
}

template <typename Key>
std::vector<size_t> OrderBy(const std::vector<CompanyExposure>& exposures, Key key) {
  std::vector<size_t> order(exposures.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(exposures[a]) > key(exposures[b]); });
  return order;
}

}  // namespace

std::vector<StrategyYield> EvaluateStrategies(const std::vector<CompanyExposure>& exposures,
                                              const absl::flat_hash_map<std::string, double>& kept,
                                              const std::vector<int>& capacities, double random_share, int draws,
                                              uint64_t seed) {
  double total = 0;
  for (const CompanyExposure& e : exposures) total += KeptBy(kept, e.company_id);
  std::vector<size_t> by_score = OrderBy(exposures, [](const CompanyExposure& e) { return e.score; });
  std::vector<size_t> by_risk = OrderBy(exposures, [](const CompanyExposure& e) { return e.revenue_at_risk; });
  std::vector<size_t> by_model_revenue =
      OrderBy(exposures, [](const CompanyExposure& e) { return e.model_expected_revenue; });
  std::vector<size_t> by_value = OrderBy(exposures, [](const CompanyExposure& e) { return e.declared_value; });
  std::vector<size_t> by_truth =
      OrderBy(exposures, [&](const CompanyExposure& e) { return KeptBy(kept, e.company_id); });
  std::mt19937_64 rng(seed);
  std::vector<StrategyYield> out;
  for (int capacity : capacities) {
    size_t n = static_cast<size_t>(std::max(0, capacity));
    size_t random = std::min(n, static_cast<size_t>(std::lround(capacity * random_share)));
    char plan_name[64];
    std::snprintf(plan_name, sizeof plan_name, "plan as issued (%.0f%% random)", random_share * 100);
    std::vector<std::pair<std::string, Tally>> rows = {
        {"plan ranking (revenue at risk + evidence)", TopOf(exposures, by_score, n, kept)},
        {plan_name, MeanWithRandom(exposures, by_score, n - random, random, draws, rng, kept)},
        {"revenue at risk alone (no evidence uplifts)", TopOf(exposures, by_risk, n, kept)},
        {"revenue model's estimate", TopOf(exposures, by_model_revenue, n, kept)},
        {"declared value", TopOf(exposures, by_value, n, kept)},
        {"random", MeanWithRandom(exposures, by_score, 0, n, draws, rng, kept)},
        {"best possible", TopOf(exposures, by_truth, n, kept)}};
    for (auto& [name, t] : rows) {
      out.push_back({name, capacity, t.recovered, total > 0 ? t.recovered / total : 0, t.with_loss});
    }
  }
  return out;
}

std::string YieldTable(const std::vector<StrategyYield>& yields) {
  std::string out = "| capacity | strategy | revenue recovered (MXN) | share of all kept | audited companies that kept some |\n"
                    "|---:|---|---:|---:|---:|\n";
  char line[256];
  for (const StrategyYield& y : yields) {
    std::snprintf(line, sizeof line, "| %d | %s | %.0f | %.1f%% | %.1f |\n", y.capacity, y.strategy.c_str(),
                  y.recovered, y.share_of_total * 100, y.companies_with_loss);
    out += line;
  }
  return out;
}

}  // namespace aduana::audit
