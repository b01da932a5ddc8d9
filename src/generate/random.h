// Seeded pseudo-random numbers for the generator: xoshiro256** seeded through splitmix64, with our own
// distribution sampling, so a seed gives the same data with any standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace aduana::gen {

// Derives an independent seed for a named stream of a run (so one part of the data does not shift when
// another part draws more or fewer numbers).
uint64_t MixSeed(uint64_t seed, uint64_t stream);

// A 64-bit hash of a few values; used for values that must not depend on the order of drawing.
uint64_t HashValues(uint64_t a, uint64_t b, uint64_t c = 0);

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();
  double Uniform();  // [0, 1)
  double Uniform(double lo, double hi);
  int64_t Int(int64_t lo, int64_t hi);  // inclusive bounds
  size_t Index(size_t n);               // [0, n), n > 0
  bool Chance(double p);
  double Normal();  // standard normal (Marsaglia polar method)
  double Normal(double mean, double sd);
  double LogNormal(double median, double sigma);  // median * exp(sigma * N(0,1))
  int Poisson(double mean);                       // for small means (< 30)

 private:
  uint64_t state_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

// Samples an index with probability proportional to its weight (cumulative table, binary search).
class WeightedTable {
 public:
  WeightedTable() = default;
  explicit WeightedTable(const std::vector<double>& weights);

  size_t Sample(Rng& rng) const;
  double Probability(size_t i) const;  // of drawing index i
  size_t size() const { return cumulative_.size(); }
  bool empty() const { return cumulative_.empty(); }

 private:
  std::vector<double> cumulative_;
};

// Zipf-like weights 1 / (rank + offset)^exponent for ranks 1..n: a long tail of small actors.
std::vector<double> ZipfWeights(size_t n, double exponent, double offset);

}  // namespace aduana::gen
