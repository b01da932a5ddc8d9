// Cargo monitoring measured against the generator's planted transit violations (truth/ground_truth.csv, rows
// of entity_kind "transit"): for each kind, how many were caught by an alert of that kind and how long after
// the violation began (its "onset" in the truth's detail); and how many honest transits raised any alert.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cargo/replay.h"

namespace aduana::cargo {

struct PlantedViolation {
  std::string kind;  // route_deviation, unplanned_stop, ...
  std::string transit_id;
  UnixMillis onset = -1;  // -1 when the truth does not say
  std::string detail;
};

// The transit rows of a ground-truth file.
absl::StatusOr<std::vector<PlantedViolation>> ReadPlantedViolations(const std::string& path);

struct KindRecall {
  std::string kind;
  int64_t planted = 0;
  int64_t detected = 0;                // by an alert of the same kind on the transit
  std::vector<double> delay_minutes;   // alert raised - onset, for the detected with an onset
};

struct CargoEvaluation {
  std::vector<KindRecall> kinds;  // in the monitor's order of kinds
  int64_t transits = 0;
  int64_t honest_transits = 0;
  int64_t honest_with_alerts = 0;
  std::map<std::string, int64_t> alerts_on_honest;  // by kind
  int64_t alerts = 0;
  MonitorCounters counters;
  int64_t deliveries = 0;
};

CargoEvaluation Evaluate(const std::vector<PlantedViolation>& planted, const ReplayResult& replay);
// A markdown table of `evaluation`, and a line on the honest transits and the deliveries.
std::string EvaluationReport(const CargoEvaluation& evaluation);

}  // namespace aduana::cargo
