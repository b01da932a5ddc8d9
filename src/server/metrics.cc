#include "server/metrics.h"

#include <cstdio>

namespace aduana::server {
namespace {

constexpr const char* kChannels[] = {"green", "yellow", "red", "blue"};
constexpr const char* kRouteNames[] = {"submit", "get_declaration", "inspection", "reroute", "queue", "other"};
constexpr const char* kStatusClasses[] = {"2xx", "400", "401_403", "404_409", "5xx", "other"};

std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

}  // namespace

void LatencyHistogram::Observe(double seconds) {
  size_t bucket = 0;
  while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void LatencyHistogram::Write(const std::string& name, const std::string& labels, std::string* out) const {
  uint64_t cumulative = 0;
  std::string sep = labels.empty() ? "" : ",";
  for (size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    std::string le = i < kBounds.size() ? Number(kBounds[i]) : "+Inf";
    *out += name + "_bucket{" + labels + sep + "le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
  }
  std::string braces = labels.empty() ? "" : "{" + labels + "}";
  *out += name + "_sum" + braces + " " + Number(static_cast<double>(sum_micros_.load()) / 1e6) + "\n";
  *out += name + "_count" + braces + " " + std::to_string(cumulative) + "\n";
}

void Metrics::CountDecision(std::string_view channel, bool random) {
  for (size_t i = 0; i < 4; ++i) {
    if (channel == kChannels[i]) decisions_[i].fetch_add(1, std::memory_order_relaxed);
  }
  if (random) random_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::CountResponse(int status) {
  size_t k = status >= 200 && status < 300 ? 0
             : status == 400               ? 1
             : status == 401 || status == 403 ? 2
             : status == 404 || status == 409 ? 3
             : status >= 500               ? 4
                                           : 5;
  responses_[k].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::ObserveRequest(Route route, double seconds) { requests_[static_cast<size_t>(route)].Observe(seconds); }
void Metrics::ObserveEngine(double seconds) { engine_.Observe(seconds); }

std::string Metrics::Text(const std::string& gauges) const {
  std::string out;
  out += "# HELP aduana_decisions_total Channel decisions made, by channel.\n# TYPE aduana_decisions_total counter\n";
  for (size_t i = 0; i < 4; ++i) {
    out += "aduana_decisions_total{channel=\"" + std::string(kChannels[i]) + "\"} " +
           std::to_string(decisions_[i].load()) + "\n";
  }
  out += "# HELP aduana_random_sample_total Decisions in the random control sample.\n"
         "# TYPE aduana_random_sample_total counter\naduana_random_sample_total " + std::to_string(random_.load()) + "\n";
  out += "# HELP aduana_http_responses_total HTTP responses, by status class.\n# TYPE aduana_http_responses_total counter\n";
  for (size_t i = 0; i < 6; ++i) {
    out += "aduana_http_responses_total{status=\"" + std::string(kStatusClasses[i]) + "\"} " +
           std::to_string(responses_[i].load()) + "\n";
  }
  out += "# HELP aduana_http_request_seconds Request latency, by route.\n# TYPE aduana_http_request_seconds histogram\n";
  for (size_t i = 0; i < kRoutes; ++i) {
    requests_[i].Write("aduana_http_request_seconds", "route=\"" + std::string(kRouteNames[i]) + "\"", &out);
  }
  out += "# HELP aduana_engine_seconds Assessment and channel selection of one declaration.\n"
         "# TYPE aduana_engine_seconds histogram\n";
  engine_.Write("aduana_engine_seconds", "", &out);
  out += gauges;
  return out;
}

}  // namespace aduana::server
