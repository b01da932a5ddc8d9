// Bursts of new importers: companies registered shortly before their first declaration, counted per week by the
// week of that first declaration, per sector x region and per sector, against each subject's own rate of new
// importers. A wave of front companies registered at once in one sector and region shows here weeks before any of
// them has a record to judge.
//
// An importer is new when it was registered at most `max_days_registered` days before its first declaration. The
// history starts somewhere (the first declaration read): an importer registered before that may have declared
// before it too, so a week counts only when every importer new in it was registered inside the history ("an
// observable week"). The expected count of a week is the subject's mean over its observable trailing weeks, with
// one pseudo-importer added over them, so a subject that never had a new importer is not expected to have none
// forever. A week alerts when it has at least `min_new_importers` and its Poisson tail probability is at most
// `family_alpha` divided by the number of subjects of the kind (the family: every sector x region, or every sector,
// in which the history has an importer).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/party.h"
#include "warn/detectors.h"

namespace aduana::warn {

struct NewImporterConfig {
  int max_days_registered = 60;  // a new importer declares within this many days of its registration
  int baseline_weeks = 26;       // trailing weeks of the expected rate
  int min_baseline_weeks = 6;    // observable weeks the rate needs
  int64_t min_new_importers = 3;  // in the week
  double family_alpha = 0.01;     // false alarms a week per kind of subject, if arrivals were Poisson
};

class NewImporterBursts {
 public:
  // `history_start`: the day of the first declaration read.
  NewImporterBursts(NewImporterConfig config, EpochDay history_start);

  // An importer of the history with its first declaration (any order).
  void AddImporter(const Company& company, UnixMillis first_declared_at, const std::string& first_declaration_id);

  // The bursts of `week`, per sector x region ("46|Jalisco") and per sector ("46").
  std::vector<Alert> Alerts(Week week) const;

 private:
  struct Arrival {
    std::string importer_id;
    std::string declaration_id;
  };
  using Weeks = std::map<Week, std::vector<Arrival>>;
  struct Kind {
    const char* name;  // subject_kind
    absl::flat_hash_map<std::string, Weeks> subjects;  // only subjects with a new importer
    absl::flat_hash_set<std::string> family;           // every subject with an importer
  };

  bool Observable(Week week) const;
  void Test(const Kind& kind, const std::string& subject, const Weeks& weeks, Week week,
            std::vector<Alert>* alerts) const;

  const NewImporterConfig config_;
  const EpochDay history_start_;
  Kind sector_region_{"sector_region", {}, {}};
  Kind sector_{"sector", {}, {}};
};

}  // namespace aduana::warn
