// Channel selection: red (physical inspection), yellow (documentary check), green (release) or blue (release,
// then post-clearance audit) for each declaration as it arrives, within each office's daily capacity.
//
// A rule that forces a channel decides. Otherwise the declaration's priority (the model's probability of a
// finding, plus the score rules' deltas and a boost for a medium- or high-risk importer, reduced for a trusted
// trader) is compared with a threshold taken from the priorities of the office's latest declarations: the
// share of declarations an office can still inspect today (capacity left over the declarations still
// expected today) sets how high in that distribution a declaration must be. The declarations still expected are
// the office's usual daily volume, or today's pace so far if that is higher, less those already seen. So the
// channel follows the relative risk of what arrives, a busy day raises the bar instead of spending its capacity
// in the morning, and a capacity change shows up in the next decision.
// Red is filled first, then yellow; of the rest, those with the most expected revenue go blue, up to the blue
// capacity. A random control sample, the same share everywhere and chosen by a keyed hash of the declaration id
// (reproducible, not guessable without the key), is inspected whatever its risk and recorded as random, so the
// hit rate of risk-based selection can be compared with a baseline and the models keep learning where they are
// blind.
//
// The state (today's counts, the windows of recent scores, daily volumes) is rebuilt by replaying decisions;
// nothing here is lost if a node restarts. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "core/time.h"
#include "profile/entity.h"
#include "rules/rule.h"
#include "select/capacity.h"
#include "select/score_window.h"

namespace aduana::select {

using rules::Channel;

struct SelectionConfig {
  double random_rate = 0.01;                // share of declarations in the random control sample
  Channel random_channel = Channel::kRed;   // what the sample gets
  uint64_t random_key = 0x5eed5eed5eed5eedULL;
  double trusted_trader_factor = 0.5;       // an AEO's priority is multiplied by this (when positive)
  double medium_class_boost = 0.05;         // added to the priority of an importer rated medium risk
  double high_class_boost = 0.15;           // ... rated high risk
  size_t window = 2000;                     // latest priorities per office the thresholds come from
  size_t min_window = 100;                  // below this, the cold-start thresholds below apply
  double cold_start_red = 0.6;              // priority for red while the window is short
  double cold_start_yellow = 0.35;
  double volume_smoothing = 0.3;            // weight of the latest full day in an office's daily volume
};

// What the risk core says of one declaration.
struct DecisionInput {
  std::string_view declaration_id;
  std::string_view office;
  UnixMillis at = 0;  // when the decision is made (the day's capacity is counted in UTC days)
  double risk = 0;    // probability of a non-compliant finding
  double expected_revenue = 0;
  double rule_score_delta = 0;       // sum of the score rules' deltas
  bool forced = false;               // a rule forced `forced_channel`
  Channel forced_channel = Channel::kGreen;
  std::string_view forcing_rule;     // the id of the rule that forced it
  bool trusted_trader = false;       // authorised economic operator
  profile::RiskClass importer_class = profile::RiskClass::kLow;
};

enum class Basis { kRule, kRandom, kRisk, kRevenue, kRelease };
std::string_view BasisName(Basis basis);  // "rule", "random", "risk", "revenue", "release"

struct Decision {
  Channel channel = Channel::kGreen;
  Basis basis = Basis::kRelease;
  bool random = false;     // in the random control sample (whatever else decided the channel)
  double priority = 0;     // the ranking score
  double threshold = 0;    // what the priority (or, for blue, the expected revenue) was compared with
  std::string explanation; // the basis in words, for the officer and the audit trail
};

// Today's usage of one office.
struct OfficeDay {
  EpochDay day = 0;
  int64_t declarations = 0;
  int64_t red = 0;  // every red, forced and risk-selected (random ones are counted apart)
  int64_t yellow = 0;
  int64_t blue = 0;
  int64_t random = 0;
};

class ChannelSelector {
 public:
  ChannelSelector(SelectionConfig config, CapacityPlan plan);

  Decision Decide(const DecisionInput& in);
  // Counts a decision made earlier (replayed from the store at start) or a past declaration (channel green,
  // to learn an office's volume and score distribution from history), as Decide would have.
  void Record(std::string_view office, UnixMillis at, double priority, double expected_revenue, Channel channel,
              bool random_sample);
  void SetCapacity(std::string_view office, const OfficeCapacity& capacity);
  OfficeCapacity Capacity(std::string_view office) const;
  OfficeDay Today(std::string_view office) const;
  // Whether `declaration_id` is in the random control sample.
  bool InRandomSample(std::string_view declaration_id) const;

 private:
  struct OfficeState {
    explicit OfficeState(size_t window) : priorities(window), revenues(window) {}
    OfficeDay today;
    bool started = false;       // has seen a declaration
    bool volume_known = false;  // has seen a whole day
    double daily_volume = 0;
    ScoreWindow priorities;
    ScoreWindow revenues;
  };

  double Priority(const DecisionInput& in) const;
  OfficeState& StateFor(std::string_view office, EpochDay day);
  void DecideByRisk(const DecisionInput& in, const OfficeCapacity& capacity, OfficeState& state, Decision* d) const;
  static void Count(Channel channel, OfficeDay* today);

  const SelectionConfig config_;
  mutable std::mutex mutex_;
  CapacityPlan plan_;
  absl::flat_hash_map<std::string, OfficeState> offices_;
};

}  // namespace aduana::select
