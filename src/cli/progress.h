// A progress bar on standard error, drawn only when it is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace aduana::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  bool enabled() const { return enabled_; }
  void Update(int64_t done, int64_t total);
  void Finish();

 private:
  std::string label_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace aduana::cli
