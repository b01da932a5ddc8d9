#include "generate/random.h"

#include <algorithm>
#include <cmath>

namespace aduana::gen {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t MixSeed(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ULL);
  SplitMix64(state);
  return SplitMix64(state);
}

uint64_t HashValues(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t state = a;
  uint64_t h = SplitMix64(state);
  state = h ^ b;
  h = SplitMix64(state);
  state = h ^ c;
  return SplitMix64(state);
}

Rng::Rng(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& word : state_) word = SplitMix64(state);
}

uint64_t Rng::Next() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

double Rng::Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }

int64_t Rng::Int(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(Next() % span);
}

size_t Rng::Index(size_t n) { return n <= 1 ? 0 : static_cast<size_t>(Next() % n); }

bool Rng::Chance(double p) { return Uniform() < p; }

double Rng::Normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = Uniform() * 2.0 - 1.0;
    v = Uniform() * 2.0 - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

double Rng::Normal(double mean, double sd) { return mean + sd * Normal(); }

double Rng::LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }

int Rng::Poisson(double mean) {
  double limit = std::exp(-mean);
  double product = Uniform();
  int count = 0;
  while (product > limit && count < 1000) {
    product *= Uniform();
    ++count;
  }
  return count;
}

WeightedTable::WeightedTable(const std::vector<double>& weights) {
  cumulative_.reserve(weights.size());
  double total = 0;
  for (double w : weights) {
    total += std::max(0.0, w);
    cumulative_.push_back(total);
  }
}

size_t WeightedTable::Sample(Rng& rng) const {
  if (cumulative_.empty()) return 0;
  double target = rng.Uniform() * cumulative_.back();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  if (it == cumulative_.end()) --it;
  return static_cast<size_t>(it - cumulative_.begin());
}

double WeightedTable::Probability(size_t i) const {
  if (i >= cumulative_.size() || cumulative_.back() <= 0) return 0;
  return (cumulative_[i] - (i == 0 ? 0.0 : cumulative_[i - 1])) / cumulative_.back();
}

std::vector<double> ZipfWeights(size_t n, double exponent, double offset) {
  std::vector<double> weights(n);
  for (size_t i = 0; i < n; ++i) weights[i] = 1.0 / std::pow(static_cast<double>(i + 1) + offset, exponent);
  return weights;
}

}  // namespace aduana::gen
