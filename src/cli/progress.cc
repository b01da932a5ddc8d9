#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace aduana::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (!enabled_ || total <= 0) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done < total) return;
  last_draw_ = now;
  constexpr int kWidth = 40;
  double share = static_cast<double>(done) / static_cast<double>(total);
  int filled = static_cast<int>(share * kWidth);
  double seconds = std::chrono::duration<double>(now - start_).count();
  double mib_per_s = seconds > 0 ? static_cast<double>(done) / (1 << 20) / seconds : 0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %5.1f%%  %.0f MiB/s", label_.c_str(), filled,
               "########################################", kWidth - filled, "", share * 100, mib_per_s);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (enabled_) std::fprintf(stderr, "\n");
}

}  // namespace aduana::cli
