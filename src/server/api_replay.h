// Replay of declarations through the HTTP API, for evaluating selection as a customs office would live it:
// an in-process server whose clock is each declaration's lodging time, each office's capacity set through the
// API from its usual volume, every declaration submitted as the clearance system would, and the result of
// every red or yellow control posted back as an officer would, from what the declaration really was (the
// generator's ground truth). What comes out: each office's daily use of its capacity, the hit rates of the
// random control sample next to risk-based and rule-based selection, and the days around a capacity change.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/json_records.h"

namespace aduana::server {

// One declaration to replay, with what a control of it would find (nullopt: compliant).
struct ReplayCase {
  DeclarationSubmission submission;
  std::optional<std::string> fraud_type;  // a fraud type of docs/data-formats.md ("undervaluation", ...)
};

struct ReplayOptions {
  // Each office's daily capacity, as shares of its usual daily volume (over the history's last 28 days).
  double red_share = 0.03;
  double yellow_share = 0.05;
  double blue_share = 0.02;
  double random_rate = 0.01;  // the random control sample
  // A capacity change during the replay: from `change_at` on, the red capacity of `change_office` (empty:
  // the busiest office) is multiplied by `change_factor`. 0: no change.
  UnixMillis change_at = 0;
  std::string change_office;
  double change_factor = 2.0;
};

// One office's day.
struct OfficeDayUse {
  std::string office;
  EpochDay day = 0;
  int64_t declarations = 0;
  int64_t red = 0;         // forced by a rule or selected by risk: what the capacity bounds
  int64_t red_random = 0;  // the random control sample, counted apart
  int64_t yellow = 0;
  int64_t blue = 0;
  int red_capacity = 0;    // the office's red capacity that day (at its end)
};

// Decisions of one channel and basis ("red/risk", "red/random", "yellow/rule", ...) and what their controls found.
struct SelectionTally {
  int64_t decided = 0;
  int64_t controlled = 0;  // results recorded
  int64_t hits = 0;        // non-compliant
  double hit_rate() const { return controlled > 0 ? static_cast<double>(hits) / static_cast<double>(controlled) : 0; }
};

struct ReplayReport {
  int64_t declarations = 0;
  int64_t fraudulent = 0;  // of the replayed declarations, by the ground truth
  int64_t refused = 0;     // submissions the API refused (4xx), with the first reasons below
  std::vector<std::string> refusals;
  std::vector<OfficeDayUse> days;                 // by office, then day
  std::map<std::string, SelectionTally> by_basis;  // "channel/basis"
  std::string change_office;                      // empty: no change
  EpochDay change_day = 0;
  int red_capacity_before = 0;
  int red_capacity_after = 0;
};

// Replays `cases` (in lodging order) against the store at `db_path` (trained, without these declarations).
absl::StatusOr<ReplayReport> ReplayThroughApi(const std::string& db_path, const std::vector<ReplayCase>& cases,
                                              const ReplayOptions& options);

// The report as Markdown: capacity use per office, hit rates by basis, the days around the change.
std::string FormatReplayReport(const ReplayReport& report);

}  // namespace aduana::server
