#include "warn/history_scan.h"

#include <algorithm>

#include "core/status_macros.h"
#include "warn/importer_behaviour.h"

namespace aduana::warn {
namespace {

constexpr int kMinReferenceWeeks = 4;

std::string GoodsSubject(const GoodsItem& item) { return item.hs_code.substr(0, 6) + "|" + item.country_of_origin; }

// Reference prices from the goods series itself: an HS6 x origin's median weekly value per kg over the weeks
// before the one asked about (point in time: a week's own prices never set its reference).
class ReferencePerKg {
 public:
  ReferencePerKg(const WeeklySeries& goods, int baseline_weeks) : goods_(goods), baseline_weeks_(baseline_weeks) {}

  // 0 when the goods have too few weeks with a mass before `week`.
  double At(const std::string& subject, Week week) {
    auto& by_week = cache_[subject];
    auto cached = by_week.find(week);
    if (cached != by_week.end()) return cached->second;
    double reference = 0;
    if (const WeeklySeries::Weeks* weeks = goods_.Find(subject)) {
      std::vector<double> per_kg;
      for (auto it = weeks->lower_bound(week - baseline_weeks_); it != weeks->end() && it->first < week; ++it) {
        if (it->second.net_mass_kg > 0) per_kg.push_back(it->second.value / it->second.net_mass_kg);
      }
      if (static_cast<int>(per_kg.size()) >= kMinReferenceWeeks) reference = Median(std::move(per_kg));
    }
    by_week.emplace(week, reference);
    return reference;
  }

 private:
  const WeeklySeries& goods_;
  const int baseline_weeks_;
  absl::flat_hash_map<std::string, std::map<Week, double>> cache_;
};

}  // namespace

absl::StatusOr<ScanResult> ScanHistory(Store& store, UnixMillis from, UnixMillis to, const ScanConfig& config) {
  if (to <= from) return absl::InvalidArgumentError("the period is empty: 'to' must be after 'from'");
  const UnixMillis read_from = from - static_cast<UnixMillis>(config.history_weeks) * 7 * kMillisPerDay;
  WeeklySeries goods, lanes, importers;
  ScanResult result;
  // Pass 1: goods (an HS6 x origin counts a declaration once, however many of its lines) and lanes.
  ADUANA_RETURN_IF_ERROR(store.ScanDeclarations(read_from, to, [&](DeclarationRecord& r) {
    const Declaration& d = r.declaration;
    ++result.declarations;
    std::map<std::string, std::pair<double, double>> lines;  // subject -> value, mass
    double mass = 0;
    for (const GoodsItem& item : r.items) {
      auto& [value, kg] = lines[GoodsSubject(item)];
      value += item.customs_value;
      kg += item.net_mass_kg;
      mass += item.net_mass_kg;
    }
    for (const auto& [subject, figures] : lines) {
      goods.Add(subject, d.lodged_at, figures.first, figures.second, d.declaration_id);
    }
    lanes.Add(d.country_of_export + "|" + d.customs_office, d.lodged_at, d.customs_value, mass, d.declaration_id);
    return absl::OkStatus();
  }));
  // Pass 2: each importer's goods at its declared prices against their reference prices, so that a change of
  // the goods it imports is not mistaken for a fall in its prices.
  // The same pass feeds each importer's declarations, in lodging order, to the behaviour-change detector.
  ReferencePerKg reference(goods, config.unit_value.baseline_weeks);
  ImporterBehaviour behaviour(config.behaviour);
  std::vector<Alert> behaviour_alerts;
  ADUANA_RETURN_IF_ERROR(store.ScanDeclarations(read_from, to, [&](DeclarationRecord& r) {
    const Declaration& d = r.declaration;
    ImporterDeclaration seen{d.declaration_id, d.importer_id, d.declarant_id, d.lodged_at, {}, {}, 0};
    double declared = 0, at_reference = 0;
    for (const GoodsItem& item : r.items) {
      seen.chapters.push_back(item.hs_code.substr(0, 2));
      seen.origins.push_back(item.country_of_origin);
      if (!(item.net_mass_kg > 0) || !(item.customs_value > 0)) continue;
      double per_kg = reference.At(GoodsSubject(item), WeekOf(d.lodged_at));
      if (per_kg <= 0) continue;
      declared += item.customs_value;
      at_reference += per_kg * item.net_mass_kg;
    }
    if (at_reference > 0) {
      importers.Add(d.importer_id, d.lodged_at, declared, at_reference, d.declaration_id);
      seen.price_ratio = declared / at_reference;
    }
    size_t before = behaviour_alerts.size();
    behaviour.Observe(seen, &behaviour_alerts);
    if (d.lodged_at < from) behaviour_alerts.resize(before);  // the history before the period only teaches
    return absl::OkStatus();
  }));

  UnitValueConfig importer_config = config.unit_value;
  importer_config.against_reference = true;
  for (Week week = WeekOf(from); FirstDayOf(week) < DayOf(to); ++week) {
    if (FirstDayOf(week) < DayOf(from)) continue;  // a week that started before the period
    for (Alert& a : VolumeSurges(goods, "hs6_origin", week, config.surge)) result.alerts.push_back(std::move(a));
    for (Alert& a : VolumeSurges(lanes, "lane", week, config.surge)) result.alerts.push_back(std::move(a));
    for (Alert& a : UnitValueCollapses(goods, "hs6_origin", week, config.unit_value)) {
      result.alerts.push_back(std::move(a));
    }
    for (Alert& a : UnitValueCollapses(importers, "importer", week, importer_config)) {
      result.alerts.push_back(std::move(a));
    }
    for (Alert& a : behaviour_alerts) {
      if (a.week == week) result.alerts.push_back(std::move(a));
    }
  }
  return result;
}

}  // namespace aduana::warn
