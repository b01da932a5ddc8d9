// Early warning over the store's history: the weekly series of every HS6 x origin (goods lines), importer and
// trade lane (country of export x office), and the detectors run on each week of a period; each importer's
// declarations, in order, against its own history (importer_behaviour.h) and near value thresholds
// (split_shipments.h); and the registry: new importers per sector and region (new_importers.h) and new
// companies linked to closed or high-risk ones (phoenix.h).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"
#include "warn/detectors.h"
#include "warn/document_discrepancies.h"
#include "warn/importer_behaviour.h"
#include "warn/new_importers.h"
#include "warn/phoenix.h"
#include "warn/split_shipments.h"

namespace aduana::warn {

struct ScanConfig {
  SurgeConfig surge;
  UnitValueConfig unit_value;
  ImporterBehaviourConfig behaviour;
  DocumentDiscrepancyConfig documents;
  NewImporterConfig new_importers;
  PhoenixConfig phoenix;
  SplitConfig split;
  int history_weeks = 60;  // read before the period: the baselines and a year-before season
};

struct ScanResult {
  int64_t declarations = 0;  // read, history included
  std::vector<Alert> alerts;  // by week, then detector and subject
};

// Alerts of the weeks starting in [from, to).
absl::StatusOr<ScanResult> ScanHistory(Store& store, UnixMillis from, UnixMillis to, const ScanConfig& config);

}  // namespace aduana::warn
