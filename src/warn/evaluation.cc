#include "warn/evaluation.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "ingest/csv_reader.h"

namespace aduana::warn {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"mechanism",      "entity_kind", "entity_id",
                                                      "declaration_id", "started_on",  "detail"};

std::string Key(std::string_view kind, std::string_view subject) {
  return std::string(kind).append("\n").append(subject);
}

// The alert subjects an entity of the ground truth is about.
std::vector<std::string> SubjectKeys(const PlantedEntity& e) {
  if (e.entity_kind == "company") return {Key("importer", e.entity_id)};
  if (e.entity_kind == "sector_region") {
    return {Key("sector_region", e.entity_id), Key("sector", e.entity_id.substr(0, e.entity_id.find('|')))};
  }
  return {Key(e.entity_kind, e.entity_id)};
}

// A phoenix predecessor only closes; a burst's companies are the burst, which is the target.
bool IsTarget(const PlantedEntity& e) {
  if (e.mechanism == "phoenix_company" && e.detail.rfind("role=predecessor", 0) == 0) return false;
  return !(e.mechanism == "new_importer_burst" && e.entity_kind == "company");
}

bool MostlyPlantedDeclarations(const Alert& a, const GroundTruth& truth) {
  if (a.declarations.empty()) return false;
  size_t planted = static_cast<size_t>(std::count_if(a.declarations.begin(), a.declarations.end(),
                                                     [&](const std::string& id) { return truth.declarations.contains(id); }));
  return 2 * planted >= a.declarations.size();
}

absl::Status ReadRow(const CsvRecord& record, GroundTruth* truth) {
  auto field = [&](size_t i) { return std::string(record.fields[i]); };
  const std::string kind = field(1);
  if (kind == "transit") return absl::OkStatus();  // a transit violation, not a property of the goods declared
  if (kind == "declaration") {
    truth->declarations[field(3)].push_back(field(0));
    truth->declaration_mechanisms.insert(field(0));
    return absl::OkStatus();
  }
  absl::StatusOr<EpochDay> started = ParseDate(record.fields[4]);
  if (!started.ok()) {
    return absl::InvalidArgumentError("line " + std::to_string(record.line) + ": started_on: " +
                                      std::string(started.status().message()));
  }
  truth->entities.push_back({field(0), kind, field(2), *started, field(5)});
  return absl::OkStatus();
}

// The day a target starts showing (evaluation.h), or nothing when it does not before `to_day`.
std::optional<EpochDay> ShowsFrom(const PlantedEntity& e, const GroundTruth& truth, const ImporterActivity& activity,
                                  EpochDay to_day) {
  if (e.entity_kind != "company") return e.started_on;
  const bool carried = truth.declaration_mechanisms.contains(e.mechanism);
  const auto& index = carried ? activity.carried : activity.days;
  auto found = index.find(carried ? Key(e.entity_id, e.mechanism) : e.entity_id);
  if (found == index.end()) return std::nullopt;
  auto first = std::lower_bound(found->second.begin(), found->second.end(), e.started_on);
  if (first == found->second.end() || *first >= to_day) return std::nullopt;
  return *first;
}

// Whether the alerts `on_subject` (indexes in `alerts`) detect a target that shows from `shows`: marks the
// detecting ones.
void Match(const std::vector<Alert>& alerts, const std::vector<size_t>& on_subject, EpochDay shows,
           const EvaluationConfig& config, MechanismRecall* m, std::vector<bool>* detecting) {
  const Week start = WeekOf(static_cast<UnixMillis>(shows) * kMillisPerDay);
  std::optional<Week> first;
  std::set<std::string> detectors;
  bool later = false;
  for (size_t i : on_subject) {
    const Alert& a = alerts[i];
    later |= a.week > start + config.detection_weeks;
    if (a.week < start || a.week > start + config.detection_weeks) continue;
    (*detecting)[i] = true;
    detectors.insert(a.detector);
    first = std::min(first.value_or(a.week), a.week);
  }
  if (!first) {
    m->detected_later += later ? 1 : 0;
    return;
  }
  ++m->detected;
  m->delays_days.push_back(FirstDayOf(*first) + 6 - shows);
  for (const std::string& d : detectors) ++m->found_by[d];
}

// Counts the alerts that detect nothing: on planted subjects or declarations, or false alarms.
void Classify(const std::vector<Alert>& alerts, const std::vector<bool>& detecting, const GroundTruth& truth,
              const absl::flat_hash_set<std::string>& planted_subjects, Evaluation* ev) {
  for (size_t i = 0; i < alerts.size(); ++i) {
    const Alert& a = alerts[i];
    ++ev->alerts;
    ++ev->by_detector[a.detector][0];
    if (detecting[i]) {
      ++ev->detections;
    } else if (planted_subjects.contains(Key(a.subject_kind, a.subject)) || MostlyPlantedDeclarations(a, truth)) {
      ++ev->on_planted;
    } else {
      ++ev->false_alarms;
      ++ev->by_detector[a.detector][1];
    }
  }
}

}  // namespace

absl::StatusOr<GroundTruth> ReadGroundTruth(const std::string& path) {
  CsvReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  GroundTruth truth;
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
    if (absl::Status s = ReadRow(record, &truth); !s.ok()) return absl::InvalidArgumentError(path + ": " + std::string(s.message()));
  }
  if (!reader.status().ok()) return reader.status();
  if (header) return absl::InvalidArgumentError(path + ": empty file");
  return truth;
}

absl::StatusOr<ImporterActivity> ReadImporterActivity(Store& store, const GroundTruth& truth, UnixMillis from,
                                                      UnixMillis to) {
  ImporterActivity activity;
  auto note = [](std::vector<EpochDay>& days, EpochDay day) {
    if (days.empty() || days.back() != day) days.push_back(day);  // the scan is in lodging order
  };
  absl::Status s = store.ScanDeclarations(from, to, [&](DeclarationRecord& r) {
    const Declaration& d = r.declaration;
    const EpochDay day = DayOf(d.lodged_at);
    note(activity.days[d.importer_id], day);
    auto planted = truth.declarations.find(d.declaration_id);
    if (planted == truth.declarations.end()) return absl::OkStatus();
    for (const std::string& mechanism : planted->second) note(activity.carried[Key(d.importer_id, mechanism)], day);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return activity;
}

Evaluation Evaluate(const std::vector<Alert>& alerts, const GroundTruth& truth, const ImporterActivity& activity,
                    UnixMillis from, UnixMillis to, const EvaluationConfig& config) {
  const EpochDay from_day = DayOf(from), to_day = DayOf(to);
  Evaluation ev;
  for (Week w = WeekOf(from); FirstDayOf(w) < to_day; ++w) ev.weeks += FirstDayOf(w) >= from_day ? 1 : 0;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_subject;
  for (size_t i = 0; i < alerts.size(); ++i) by_subject[Key(alerts[i].subject_kind, alerts[i].subject)].push_back(i);

  std::vector<bool> detecting(alerts.size(), false);
  std::map<std::string, MechanismRecall> recall;
  absl::flat_hash_set<std::string> planted_subjects;
  for (const PlantedEntity& e : truth.entities) {
    const std::vector<std::string> keys = SubjectKeys(e);
    planted_subjects.insert(keys.begin(), keys.end());
    if (!IsTarget(e) || e.started_on < from_day || e.started_on >= to_day) continue;
    MechanismRecall& m = recall[e.mechanism];
    m.mechanism = e.mechanism;
    ++m.planted;
    const std::optional<EpochDay> shows = ShowsFrom(e, truth, activity, to_day);
    if (!shows) {
      ++m.never_shown;
      continue;
    }
    std::vector<size_t> on_subject;
    for (const std::string& key : keys) {
      auto found = by_subject.find(key);
      if (found != by_subject.end()) on_subject.insert(on_subject.end(), found->second.begin(), found->second.end());
    }
    Match(alerts, on_subject, *shows, config, &m, &detecting);
  }
  for (auto& [name, m] : recall) ev.recall.push_back(std::move(m));
  Classify(alerts, detecting, truth, planted_subjects, &ev);
  return ev;
}

}  // namespace aduana::warn
