// Split shipments: one importer lodging several declarations within a short window, each valued just under a
// threshold (the de minimis under which no duty is due, a licence or simplified-procedure limit) while together
// they exceed it. A consignment split this way pays nothing; lodged whole it would pay duty and VAT.
//
// Honest importers of small parcels lodge declarations near a threshold too, so a cluster alone proves nothing
// for a busy one. The test is against the importer's own expected rate of declarations "just under" (values in
// [band_share x T, T)): a smooth distribution of values puts about as many declarations in the band as in the
// bands of equal width in log value on either side of it ([band_share^2 x T, band_share x T) and
// [T, T / band_share)), so the expected rate is `smoothness` times the rate of the busier neighbour band over the
// importer's last `rate_days` (or the days it has been seen, at least the window), and never less than one
// declaration over the days seen plus `prior_days`: an importer that never trades near the threshold is not
// expected to have none, and a new one with no history at all needs a larger cluster. Splitting moves value into
// the band and leaves the bands around it empty: a splitter stands out whatever its volume.
//
// A cluster of at least `min_parts` declarations in the band within `window_hours`, summing to more than T,
// alerts when its Poisson tail probability is at most `family_alpha` divided by the number of importers with a
// declaration in the band that week. Thresholds are amounts in a currency, converted at the exchange rate of the
// latest declaration invoiced in that currency (a declaration in the national currency has rate 1). An importer
// alerts at most once per threshold in `quiet_days`. Declarations must be fed in lodging order.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "warn/detectors.h"

namespace aduana::warn {

struct ValueThreshold {
  std::string name;      // "de_minimis"
  double amount = 0;     // in `currency`
  std::string currency;  // ISO 4217
};

struct SplitConfig {
  std::vector<ValueThreshold> thresholds = {{"de_minimis", 50, "USD"}};
  double band_share = 0.7;  // "just under" is [band_share x T, T)
  int window_hours = 72;
  int min_parts = 3;
  double smoothness = 1.5;  // the band's expected count over its busier neighbour's
  int rate_days = 180;
  int prior_days = 30;
  double family_alpha = 0.01;
  int quiet_days = 90;
};

// One declaration as the detector sees it.
struct SplitDeclaration {
  std::string declaration_id;
  std::string importer_id;
  std::string supplier_id;
  UnixMillis lodged_at = 0;
  double customs_value = 0;  // national currency
  std::string currency;      // of the invoice
  double exchange_rate = 0;  // national currency per unit of `currency`
};

class SplitShipments {
 public:
  explicit SplitShipments(SplitConfig config = {});

  // Takes the next declaration; appends the alerts of the weeks it closes to `alerts`.
  void Observe(const SplitDeclaration& d, std::vector<Alert>* alerts);
  // Appends the alerts of the last week.
  void Finish(std::vector<Alert>* alerts);

 private:
  struct Part {
    std::string declaration_id;
    std::string supplier_id;
    UnixMillis at = 0;
    double value = 0;
  };
  // One importer near one threshold.
  struct Near {
    std::deque<Part> window;              // declarations in the band within the window
    std::deque<UnixMillis> below, above;  // in the neighbour bands within rate_days
    std::optional<UnixMillis> last_alert;
  };
  struct Candidate {
    double p = 1;
    double expected = 0;
    double threshold = 0;  // national currency, at the rate of the time
    double rate = 0;
    size_t below = 0, above = 0;
    std::vector<Part> parts;
  };
  // One threshold: its importers and the open week's candidates.
  struct Watch {
    ValueThreshold threshold;
    absl::flat_hash_map<std::string, Near> importers;
    absl::flat_hash_set<std::string> in_band_this_week;  // the family of the week's tests
    absl::flat_hash_map<std::string, Candidate> candidates;  // the week's strongest, by importer
  };

  void Place(Watch& watch, const SplitDeclaration& d, double rate);
  void Consider(Watch& watch, const std::string& importer, Near& near, double threshold, double rate,
                UnixMillis first_seen);
  void CloseWeek(std::vector<Alert>* alerts);
  Alert MakeAlert(const Watch& watch, const std::string& importer, const Candidate& c, size_t family) const;

  const SplitConfig config_;
  std::vector<Watch> watches_;
  absl::flat_hash_map<std::string, double> rates_;             // currency -> latest exchange rate
  absl::flat_hash_map<std::string, UnixMillis> first_seen_;  // importer -> first declaration
  std::optional<Week> open_week_;
};

}  // namespace aduana::warn
