#include "warn/history_scan.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "core/status_macros.h"

namespace aduana::warn {
namespace {

constexpr int kMinReferenceWeeks = 4;
constexpr size_t kFirstDeclarationsKept = 5;

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

// An importer's first declaration and the others of its first week.
struct FirstSeen {
  UnixMillis at = 0;
  std::vector<std::string> declarations;
};

class HistoryScan {
 public:
  HistoryScan(Store& store, UnixMillis from, UnixMillis to, const ScanConfig& config)
      : store_(store),
        from_(from),
        to_(to),
        read_from_(from - static_cast<UnixMillis>(config.history_weeks) * 7 * kMillisPerDay),
        config_(config) {}

  absl::StatusOr<ScanResult> Run() {
    ADUANA_RETURN_IF_ERROR(ReadSeries());
    ADUANA_RETURN_IF_ERROR(ReadImporters());
    ADUANA_RETURN_IF_ERROR(ReadRegistry());
    Collect();
    return std::move(result_);
  }

 private:
  bool InPeriod(Week week) const { return FirstDayOf(week) >= DayOf(from_) && FirstDayOf(week) < DayOf(to_); }

  // Pass 1: goods (an HS6 x origin counts a declaration once, however many of its lines) and lanes; each
  // importer's first declarations and non-compliant inspections.
  absl::Status ReadSeries() {
    return store_.ScanDeclarations(read_from_, to_, [&](DeclarationRecord& r) {
      const Declaration& d = r.declaration;
      ++result_.declarations;
      std::map<std::string, std::pair<double, double>> lines;  // subject -> value, mass
      double mass = 0;
      for (const GoodsItem& item : r.items) {
        auto& [value, kg] = lines[GoodsSubject(item)];
        value += item.customs_value;
        kg += item.net_mass_kg;
        mass += item.net_mass_kg;
      }
      for (const auto& [subject, figures] : lines) {
        goods_.Add(subject, d.lodged_at, figures.first, figures.second, d.declaration_id, d.importer_id);
      }
      lanes_.Add(d.country_of_export + "|" + d.customs_office, d.lodged_at, d.customs_value, mass, d.declaration_id,
                 d.importer_id);
      NoteImporter(r);
      return absl::OkStatus();
    });
  }

  void NoteImporter(const DeclarationRecord& r) {
    const Declaration& d = r.declaration;
    if (!history_start_) history_start_ = DayOf(d.lodged_at);
    auto [seen, first] = first_seen_.try_emplace(d.importer_id, FirstSeen{d.lodged_at, {}});
    if (first || (WeekOf(d.lodged_at) == WeekOf(seen->second.at) &&
                  seen->second.declarations.size() < kFirstDeclarationsKept)) {
      seen->second.declarations.push_back(d.declaration_id);
    }
    if (r.outcome && r.outcome->non_compliant) findings_.emplace_back(d.importer_id, DayOf(r.outcome->inspected_at));
  }

  // Pass 2: each importer's goods at its declared prices against their reference prices, so that a change of
  // the goods it imports is not mistaken for a fall in its prices. The same pass feeds each importer's
  // declarations, in lodging order, to the behaviour-change, document-discrepancy and split-shipment detectors.
  absl::Status ReadImporters() {
    ReferencePerKg reference(goods_, config_.unit_value.baseline_weeks);
    ImporterBehaviour behaviour(config_.behaviour);
    SplitShipments split(config_.split);
    DocumentDiscrepancies documents(config_.documents);
    ADUANA_RETURN_IF_ERROR(store_.ScanDeclarations(read_from_, to_, [&](DeclarationRecord& r) {
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
        importers_.Add(d.importer_id, d.lodged_at, declared, at_reference, d.declaration_id);
        seen.price_ratio = declared / at_reference;
      }
      behaviour.Observe(seen, &importer_alerts_);
      documents.Observe({d.declaration_id, d.importer_id, d.lodged_at, r.discrepancy_kinds}, &importer_alerts_);
      split.Observe({d.declaration_id, d.importer_id, d.supplier_id, d.lodged_at, d.customs_value, d.currency,
                     d.exchange_rate},
                    &importer_alerts_);
      return absl::OkStatus();
    }));
    split.Finish(&importer_alerts_);
    return absl::OkStatus();
  }

  // The registry: new-importer bursts and phoenix links of the importers first seen in the period.
  absl::Status ReadRegistry() {
    if (!history_start_) return absl::OkStatus();
    ADUANA_ASSIGN_OR_RETURN(std::vector<Company> registry, store_.LoadCompanies());
    ADUANA_ASSIGN_OR_RETURN(std::vector<AuditOutcome> audits, store_.LoadAuditOutcomes());
    std::vector<std::pair<UnixMillis, std::string>> arrivals;  // in order of first declaration
    for (const auto& [importer, seen] : first_seen_) arrivals.emplace_back(seen.at, importer);
    std::sort(arrivals.begin(), arrivals.end());
    absl::flat_hash_map<std::string, size_t> by_id;
    for (size_t i = 0; i < registry.size(); ++i) by_id[registry[i].company_id] = i;
    bursts_.emplace(config_.new_importers, *history_start_);
    for (const auto& [at, importer] : arrivals) {
      auto company = by_id.find(importer);
      if (company != by_id.end()) {
        bursts_->AddImporter(registry[company->second], at, first_seen_.at(importer).declarations.front());
      }
    }
    PhoenixLinks phoenix(config_.phoenix, std::move(registry), *history_start_);
    for (const auto& [company, day] : findings_) phoenix.AddFinding(company, day);
    for (const AuditOutcome& audit : audits) {
      if (audit.non_compliant) phoenix.AddFinding(audit.company_id, audit.closed_on);
    }
    for (const auto& [at, importer] : arrivals) {
      if (!InPeriod(WeekOf(at))) continue;
      std::optional<Alert> alert = phoenix.Check(importer, at, first_seen_.at(importer).declarations);
      if (alert) importer_alerts_.push_back(std::move(*alert));
    }
    return absl::OkStatus();
  }

  void Collect() {
    UnitValueConfig importer_config = config_.unit_value;
    importer_config.against_reference = true;
    auto append = [&](std::vector<Alert> alerts) {
      for (Alert& a : alerts) result_.alerts.push_back(std::move(a));
    };
    for (Week week = WeekOf(from_); FirstDayOf(week) < DayOf(to_); ++week) {
      if (!InPeriod(week)) continue;  // a week that started before the period
      append(VolumeSurges(goods_, "hs6_origin", week, config_.surge));
      append(VolumeSurges(lanes_, "lane", week, config_.surge));
      append(UnitValueCollapses(goods_, "hs6_origin", week, config_.unit_value));
      append(UnitValueCollapses(importers_, "importer", week, importer_config));
      if (bursts_) append(bursts_->Alerts(week));
      // The importer detectors' alerts of the week, by detector then subject (the history before the period
      // only taught them).
      std::vector<Alert> of_week;
      for (Alert& a : importer_alerts_) {
        if (a.week == week) of_week.push_back(std::move(a));
      }
      std::stable_sort(of_week.begin(), of_week.end(), [](const Alert& a, const Alert& b) {
        return a.detector != b.detector ? a.detector < b.detector : a.subject < b.subject;
      });
      append(std::move(of_week));
    }
  }

  Store& store_;
  const UnixMillis from_, to_, read_from_;
  const ScanConfig& config_;
  WeeklySeries goods_, lanes_, importers_;
  absl::flat_hash_map<std::string, FirstSeen> first_seen_;
  std::vector<std::pair<std::string, EpochDay>> findings_;  // importer, day of a non-compliant inspection
  std::optional<EpochDay> history_start_;                   // the day of the first declaration read
  std::vector<Alert> importer_alerts_;  // behaviour, split and phoenix alerts of every week read
  std::optional<NewImporterBursts> bursts_;
  ScanResult result_;
};

}  // namespace

absl::StatusOr<ScanResult> ScanHistory(Store& store, UnixMillis from, UnixMillis to, const ScanConfig& config) {
  if (to <= from) return absl::InvalidArgumentError("the period is empty: 'to' must be after 'from'");
  return HistoryScan(store, from, to, config).Run();
}

}  // namespace aduana::warn
