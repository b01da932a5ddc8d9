// Counters and latency histograms of the service, written in the Prometheus text format for GET /metrics.
// Lock-free on the request path (atomics).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace aduana::server {

class LatencyHistogram {
 public:
  // Upper bounds of the buckets, in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 12> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                     0.01,   0.025,   0.05,   0.1,   0.25,   1.0};
  void Observe(double seconds);
  // Appends the histogram's lines for `name` (with `labels`, e.g. `route="submit"`, may be empty).
  void Write(const std::string& name, const std::string& labels, std::string* out) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> counts_{};
  std::atomic<uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  enum class Route { kSubmit, kGetDeclaration, kInspection, kReroute, kQueue, kOther };
  static constexpr int kRoutes = 6;

  void CountDecision(std::string_view channel, bool random);
  void CountResponse(int status);
  void ObserveRequest(Route route, double seconds);
  void ObserveEngine(double seconds);  // assessment and selection of one declaration

  // Everything, plus the gauges the caller knows (queue sizes), in the text format.
  std::string Text(const std::string& gauges) const;

 private:
  std::array<std::atomic<uint64_t>, 4> decisions_{};  // green, yellow, red, blue
  std::atomic<uint64_t> random_{0};
  std::array<std::atomic<uint64_t>, 6> responses_{};  // 2xx, 400, 401/403, 404/409, 5xx, other
  std::array<LatencyHistogram, kRoutes> requests_;
  LatencyHistogram engine_;
};

}  // namespace aduana::server
