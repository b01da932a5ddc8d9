#include "cargo/evaluation.h"

#include <algorithm>
#include <array>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "core/time.h"
#include "ingest/csv_reader.h"

namespace aduana::cargo {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"mechanism",      "entity_kind", "entity_id",
                                                      "declaration_id", "started_on",  "detail"};

// "onset=2025-03-01T10:05:00Z" among the detail's "key=value;..." pairs.
UnixMillis OnsetOf(std::string_view detail) {
  size_t at = detail.find("onset=");
  if (at == std::string_view::npos) return -1;
  std::string_view value = detail.substr(at + 6);
  value = value.substr(0, value.find(';'));
  absl::StatusOr<UnixMillis> t = ParseTimestamp(value);
  return t.ok() ? *t : -1;
}

double Percentile(std::vector<double> values, double share) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t i = static_cast<size_t>(share * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(i, values.size() - 1)];
}

}  // namespace

absl::StatusOr<std::vector<PlantedViolation>> ReadPlantedViolations(const std::string& path) {
  CsvReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  std::vector<PlantedViolation> planted;
  CsvRecord record;
  bool header = true;
  while (reader.Next(&record)) {
    if (!record.error.empty() || record.fields.size() != kColumns.size()) {
      return absl::InvalidArgumentError(path + ": line " + std::to_string(record.line) + ": not a ground-truth row" +
                                        (record.error.empty() ? "" : " (" + record.error + ")"));
    }
    if (header) {
      if (!std::equal(kColumns.begin(), kColumns.end(), record.fields.begin())) {
        return absl::InvalidArgumentError(path + ": the header is not that of truth/ground_truth.csv");
      }
      header = false;
      continue;
    }
    if (record.fields[1] != "transit") continue;
    PlantedViolation v;
    v.kind = std::string(record.fields[0]);
    v.transit_id = std::string(record.fields[2]);
    v.detail = std::string(record.fields[5]);
    v.onset = OnsetOf(v.detail);
    planted.push_back(std::move(v));
  }
  if (!reader.status().ok()) return reader.status();
  if (header) return absl::InvalidArgumentError(path + ": empty file");
  return planted;
}

CargoEvaluation Evaluate(const std::vector<PlantedViolation>& planted, const ReplayResult& replay) {
  CargoEvaluation ev;
  ev.transits = replay.transits;
  ev.alerts = static_cast<int64_t>(replay.alerts.size());
  ev.counters = replay.counters;
  ev.deliveries = replay.deliveries;
  // The first alert of each kind on each transit.
  absl::flat_hash_map<std::string, std::map<std::string, UnixMillis>> raised;
  for (const CargoAlert& a : replay.alerts) {
    raised[a.transit_id].emplace(std::string(CargoAlertKindName(a.kind)), a.raised_at);
  }
  const absl::flat_hash_set<std::string> replayed(replay.transit_ids.begin(), replay.transit_ids.end());
  absl::flat_hash_set<std::string> violating;
  for (int k = 0; k < kCargoAlertKinds; ++k) {
    ev.kinds.push_back({std::string(CargoAlertKindName(static_cast<CargoAlertKind>(k))), 0, 0, {}});
  }
  for (const PlantedViolation& v : planted) {
    if (!replayed.contains(v.transit_id)) continue;
    violating.insert(v.transit_id);
    auto kind = std::find_if(ev.kinds.begin(), ev.kinds.end(), [&](const KindRecall& r) { return r.kind == v.kind; });
    if (kind == ev.kinds.end()) continue;
    ++kind->planted;
    auto on_transit = raised.find(v.transit_id);
    if (on_transit == raised.end()) continue;
    auto alert = on_transit->second.find(v.kind);
    if (alert == on_transit->second.end()) continue;
    ++kind->detected;
    if (v.onset >= 0) kind->delay_minutes.push_back(static_cast<double>(alert->second - v.onset) / 60'000.0);
  }
  for (const std::string& id : replay.transit_ids) {
    if (violating.contains(id)) continue;
    ++ev.honest_transits;
    auto on_transit = raised.find(id);
    if (on_transit == raised.end()) continue;
    ++ev.honest_with_alerts;
    for (const auto& [kind, at] : on_transit->second) ++ev.alerts_on_honest[kind];
  }
  return ev;
}

std::string EvaluationReport(const CargoEvaluation& ev) {
  std::string out =
      "| violation | planted | detected (same kind) | recall | delay median (min) | delay p90 (min) | delay max (min) |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const KindRecall& k : ev.kinds) {
    if (k.planted == 0) continue;
    const double recall = static_cast<double>(k.detected) / static_cast<double>(k.planted);
    out += absl::StrFormat("| %s | %d | %d | %.1f%% | %.0f | %.0f | %.0f |\n", k.kind, k.planted, k.detected,
                           100 * recall, Percentile(k.delay_minutes, 0.5), Percentile(k.delay_minutes, 0.9),
                           Percentile(k.delay_minutes, 1.0));
  }
  out += absl::StrFormat("\n%d transits, %d of them honest; honest transits with an alert: %d", ev.transits,
                         ev.honest_transits, ev.honest_with_alerts);
  for (const auto& [kind, count] : ev.alerts_on_honest) out += absl::StrFormat(" (%s: %d)", kind, count);
  out += absl::StrFormat(
      ".\n%d deliveries: %d accepted, %d duplicates, %d too late for detection, %d with no transit under way.\n",
      ev.deliveries, ev.counters.accepted, ev.counters.duplicates, ev.counters.too_late, ev.counters.no_transit);
  return out;
}

}  // namespace aduana::cargo
