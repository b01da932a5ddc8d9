// Behaviour change of one importer: its latest declarations against its own history. Four signals, each
// needing an established history (at least `min_history` earlier declarations) and a run of recent ones, so a
// single odd declaration never alerts:
// - new HS chapters: most of its latest declarations carry a chapter it had never declared;
// - new origins: most carry an origin it had never declared;
// - switched broker: all of its latest declarations were lodged by declarants it had never used;
// - price drop: the median of its latest declarations' prices against the reference prices of their goods
//   fell to a share of its usual median (a change of goods at their usual prices does not count).
// Declarations must be fed in lodging order. An importer alerts at most once per signal in `quiet_days`.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "warn/detectors.h"

namespace aduana::warn {

struct ImporterBehaviourConfig {
  int window = 5;             // latest declarations compared with the history
  int min_history = 20;       // earlier declarations an importer needs before any signal
  double min_new_share = 0.6;  // of the window, with a never-seen chapter or origin
  double max_price_ratio = 0.6;  // the window's median price against the reference, over the history's median
  int quiet_days = 90;
};

// One declaration as the detector sees it.
struct ImporterDeclaration {
  std::string declaration_id;
  std::string importer_id;
  std::string declarant_id;
  UnixMillis lodged_at = 0;
  std::vector<std::string> chapters;  // HS2 of its lines
  std::vector<std::string> origins;
  double price_ratio = 0;  // declared value over the value of the same goods at reference prices; 0: unknown
};

class ImporterBehaviour {
 public:
  explicit ImporterBehaviour(ImporterBehaviourConfig config = {}) : config_(config) {}

  // Takes the next declaration; appends the alerts it completes to `alerts`.
  void Observe(const ImporterDeclaration& d, std::vector<Alert>* alerts);

 private:
  struct History {
    int64_t declarations = 0;  // before the window
    absl::flat_hash_set<std::string> chapters, origins, declarants;
    std::vector<double> price_ratios;  // of the declarations before the window
    std::deque<ImporterDeclaration> window;
    absl::flat_hash_map<std::string, UnixMillis> last_alert;  // by signal
  };

  void Check(History& h, std::vector<Alert>* alerts);
  bool Quiet(History& h, const std::string& signal, UnixMillis at) const;
  Alert MakeAlert(const History& h, const std::string& signal, double observed, double baseline,
                  std::string evidence) const;
  static void Absorb(History& h, const ImporterDeclaration& d);

  const ImporterBehaviourConfig config_;
  absl::flat_hash_map<std::string, History> importers_;
};

}  // namespace aduana::warn
