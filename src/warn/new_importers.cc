#include "warn/new_importers.h"

#include <algorithm>
#include <cmath>

#include "warn/alert_text.h"

namespace aduana::warn {
namespace {

constexpr size_t kImportersNamed = 20;  // in the evidence and the suggested rule

// "sector 46, region Jalisco" for "46|Jalisco"; "sector 46" for "46".
std::string Describe(const std::string& subject) {
  size_t bar = subject.find('|');
  if (bar == std::string::npos) return "sector " + subject;
  return "sector " + subject.substr(0, bar) + ", region " + subject.substr(bar + 1);
}

}  // namespace

NewImporterBursts::NewImporterBursts(NewImporterConfig config, EpochDay history_start)
    : config_(config), history_start_(history_start) {}

void NewImporterBursts::AddImporter(const Company& company, UnixMillis first_declared_at,
                                    const std::string& first_declaration_id) {
  if (company.sector.empty()) return;
  const std::string sector_region = company.region.empty() ? "" : company.sector + "|" + company.region;
  sector_.family.insert(company.sector);
  if (!sector_region.empty()) sector_region_.family.insert(sector_region);
  if (!company.registered_on) return;
  const int days_registered = DayOf(first_declared_at) - *company.registered_on;
  if (days_registered < 0 || days_registered > config_.max_days_registered) return;
  const Week week = WeekOf(first_declared_at);
  const Arrival arrival{company.company_id, first_declaration_id};
  sector_.subjects[company.sector][week].push_back(arrival);
  if (!sector_region.empty()) sector_region_.subjects[sector_region][week].push_back(arrival);
}

bool NewImporterBursts::Observable(Week week) const {
  return FirstDayOf(week) - config_.max_days_registered >= history_start_;
}

std::vector<Alert> NewImporterBursts::Alerts(Week week) const {
  std::vector<Alert> alerts;
  if (!Observable(week)) return alerts;
  for (const Kind* kind : {&sector_region_, &sector_}) {
    for (const auto& [subject, weeks] : kind->subjects) Test(*kind, subject, weeks, week, &alerts);
  }
  std::sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
    return a.subject_kind != b.subject_kind ? a.subject_kind > b.subject_kind : a.subject < b.subject;
  });
  return alerts;
}

void NewImporterBursts::Test(const Kind& kind, const std::string& subject, const Weeks& weeks, Week week,
                             std::vector<Alert>* alerts) const {
  auto now = weeks.find(week);
  if (now == weeks.end() || static_cast<int64_t>(now->second.size()) < config_.min_new_importers) return;
  int observed_weeks = 0;
  int64_t before = 0;
  for (Week w = week - config_.baseline_weeks; w < week; ++w) {
    if (!Observable(w)) continue;
    ++observed_weeks;
    auto found = weeks.find(w);
    if (found != weeks.end()) before += static_cast<int64_t>(found->second.size());
  }
  if (observed_weeks < config_.min_baseline_weeks) return;
  const double expected = (static_cast<double>(before) + 1) / observed_weeks;
  const int64_t count = static_cast<int64_t>(now->second.size());
  const double p = PoissonUpperTail(count, expected);
  const size_t family = std::max<size_t>(kind.family.size(), 1);
  if (p > config_.family_alpha / static_cast<double>(family)) return;

  std::vector<std::string> importers;
  Alert a;
  for (const Arrival& arrival : now->second) {
    if (importers.size() == kImportersNamed) break;
    importers.push_back(arrival.importer_id);
    a.declarations.push_back(arrival.declaration_id);
  }
  a.detector = "new_importer_burst";
  a.subject_kind = kind.name;
  a.subject = subject;
  a.week = week;
  a.severity = count >= 10 ? Severity::kHigh : count >= 5 ? Severity::kMedium : Severity::kLow;
  a.observed = static_cast<double>(count);
  a.baseline = expected;
  a.spread = std::sqrt(expected);
  a.baseline_weeks = observed_weeks;
  a.evidence = std::to_string(count) + " new importers in " + Describe(subject) + " in the week of " +
               FormatDate(FirstDayOf(week)) + " (each registered at most " +
               std::to_string(config_.max_days_registered) + " days before its first declaration) against " +
               Fixed(expected, 2) + " a week expected (" + std::to_string(before) + " over " +
               std::to_string(observed_weeks) + " weeks, plus one); P = " + Scientific(p) + " with " +
               std::to_string(family) + " subjects: " + Joined(importers);
  a.suggested_rule = SuggestedRule(RuleId("EW-NEWIMP-", subject, week),
                                   "Early warning: " + std::to_string(count) + " new importers in " +
                                       Describe(subject) + " in one week",
                                   ImportersCondition(importers), "score + 0.1",
                                   "Check that the importer exists at its address and trades in its sector.");
  alerts->push_back(std::move(a));
}

}  // namespace aduana::warn
