// Measuring early warning against planted mechanisms: the generator's ground truth (truth/ground_truth.csv,
// docs/generator.md) says what was planted, on which subject and from which day; the alerts of a scan are
// matched to it.
//
// - Targets are the planted mechanisms that start inside the scanned period, one per entity row of the ground
//   truth (an importer's undervaluation, a phoenix successor, a wave on an HS6 x origin, a burst in a sector and
//   region ...). A phoenix predecessor (it only closes) and the companies of a burst (the burst is the target)
//   are not targets.
// - A target starts showing on its `started_on` for a market mechanism. A company's mechanism can only show in
//   its declarations, and a small importer may lodge its first one weeks after its behaviour "started": it
//   starts showing on the company's first declaration that carries the mechanism (a ground-truth declaration
//   row: a split part, an undervalued declaration), or, for a mechanism without declaration rows (a phoenix
//   successor), on its first declaration on or after `started_on`. One that never shows in the period is
//   counted apart.
// - A target is detected when an alert on its subject falls in the week it starts showing or in the
//   `detection_weeks` weeks after it; an alert on it later in the period is counted apart too. The subject of a
//   company is the importer of that id; of an HS6 x origin, that goods subject; of a sector x region, that
//   subject or its sector alone.
// - Every other alert is either on a planted subject (any entity of the ground truth, whenever it started) or
//   mostly on planted declarations (half or more of its example declarations), or it is a false alarm: an alert
//   on a subject with nothing planted.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "store/store.h"
#include "warn/detectors.h"

namespace aduana::warn {

// One entity row of the ground truth.
struct PlantedEntity {
  std::string mechanism;
  std::string entity_kind;  // company, hs6_origin, sector_region
  std::string entity_id;
  EpochDay started_on = 0;
  std::string detail;
};

struct GroundTruth {
  std::vector<PlantedEntity> entities;
  absl::flat_hash_map<std::string, std::vector<std::string>> declarations;  // id -> the mechanisms it carries
  absl::flat_hash_set<std::string> declaration_mechanisms;  // the mechanisms with declaration rows
};

// Reads `mechanism,entity_kind,entity_id,declaration_id,started_on,detail` (transit rows are skipped).
absl::StatusOr<GroundTruth> ReadGroundTruth(const std::string& path);

struct EvaluationConfig {
  int detection_weeks = 4;
};

// When each importer lodged declarations, and when its declarations carried each planted mechanism.
struct ImporterActivity {
  absl::flat_hash_map<std::string, std::vector<EpochDay>> days;     // importer -> days, in order
  absl::flat_hash_map<std::string, std::vector<EpochDay>> carried;  // importer + "\n" + mechanism -> days, in order
};
absl::StatusOr<ImporterActivity> ReadImporterActivity(Store& store, const GroundTruth& truth, UnixMillis from,
                                                      UnixMillis to);

struct MechanismRecall {
  std::string mechanism;
  int planted = 0;      // targets that start in the period
  int never_shown = 0;  // of which companies that lodged nothing after their start
  int detected = 0;     // in the weeks after they start showing
  int detected_later = 0;
  std::vector<int> delays_days;         // per detected target: from showing to the end of the first alert's week
  std::map<std::string, int> found_by;  // detector -> targets it detected (one target may count for several)
};

struct Evaluation {
  int weeks = 0;
  std::vector<MechanismRecall> recall;  // by mechanism
  int64_t alerts = 0;
  int64_t detections = 0;      // alerts that detect a target
  int64_t on_planted = 0;      // other alerts on planted subjects or declarations
  int64_t false_alarms = 0;    // alerts on subjects with nothing planted
  std::map<std::string, std::array<int64_t, 2>> by_detector;  // detector -> {alerts, false alarms}
};

// Alerts of the weeks starting in [from, to) against the ground truth and the importers' activity.
Evaluation Evaluate(const std::vector<Alert>& alerts, const GroundTruth& truth, const ImporterActivity& activity,
                    UnixMillis from, UnixMillis to, const EvaluationConfig& config);

}  // namespace aduana::warn
