// The distribution of the latest scores seen at one office: a sliding window of the last `capacity` values, kept
// sorted as well, so a quantile is one lookup. It is what turns an office's capacity into a score threshold that
// follows the relative risk of the declarations arriving there, rather than a fixed cut-off.
#pragma once

#include <cstddef>
#include <vector>

namespace aduana::select {

class ScoreWindow {
 public:
  explicit ScoreWindow(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Adds a value; once the window is full, the oldest one leaves it. NaN is ignored.
  void Add(double value);

  // The smallest value v such that a share `top` (0..1) of the window is at or above v: the threshold that
  // selects the top share. +infinity when `top` <= 0 or the window is empty; the minimum when `top` >= 1.
  double TopShareThreshold(double top) const;

  size_t size() const { return sorted_.size(); }

 private:
  size_t capacity_;
  std::vector<double> arrival_;  // ring buffer in arrival order
  size_t next_ = 0;              // where the next value goes once the ring is full
  std::vector<double> sorted_;
};

}  // namespace aduana::select
