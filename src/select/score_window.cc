#include "select/score_window.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aduana::select {

void ScoreWindow::Add(double value) {
  if (std::isnan(value)) return;
  if (arrival_.size() < capacity_) {
    arrival_.push_back(value);
  } else {
    double old = arrival_[next_];
    arrival_[next_] = value;
    next_ = (next_ + 1) % capacity_;
    sorted_.erase(std::lower_bound(sorted_.begin(), sorted_.end(), old));
  }
  sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), value), value);
}

double ScoreWindow::TopShareThreshold(double top) const {
  if (sorted_.empty() || !(top > 0)) return std::numeric_limits<double>::infinity();
  if (top >= 1) return sorted_.front();
  // k values at or above the threshold: at least one as soon as the share is positive.
  size_t k = static_cast<size_t>(std::ceil(top * static_cast<double>(sorted_.size())));
  k = std::clamp<size_t>(k, 1, sorted_.size());
  return sorted_[sorted_.size() - k];
}

}  // namespace aduana::select
