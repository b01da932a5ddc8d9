#include "warn/importer_behaviour.h"

#include <algorithm>

#include "warn/alert_text.h"

namespace aduana::warn {

void ImporterBehaviour::Absorb(History& h, const ImporterDeclaration& d) {
  ++h.declarations;
  h.chapters.insert(d.chapters.begin(), d.chapters.end());
  h.origins.insert(d.origins.begin(), d.origins.end());
  h.declarants.insert(d.declarant_id);
  if (d.price_ratio > 0) h.price_ratios.push_back(d.price_ratio);
}

void ImporterBehaviour::Observe(const ImporterDeclaration& d, std::vector<Alert>* alerts) {
  History& h = importers_[d.importer_id];
  h.window.push_back(d);
  if (static_cast<int>(h.window.size()) > config_.window) {
    Absorb(h, h.window.front());
    h.window.pop_front();
  }
  if (static_cast<int>(h.window.size()) == config_.window && h.declarations >= config_.min_history) Check(h, alerts);
}

bool ImporterBehaviour::Quiet(History& h, const std::string& signal, UnixMillis at) const {
  auto last = h.last_alert.find(signal);
  if (last != h.last_alert.end() && at - last->second < config_.quiet_days * kMillisPerDay) return true;
  h.last_alert[signal] = at;
  return false;
}

Alert ImporterBehaviour::MakeAlert(const History& h, const std::string& signal, double observed, double baseline,
                                   std::string evidence) const {
  const ImporterDeclaration& latest = h.window.back();
  Alert a;
  a.detector = signal;
  a.subject_kind = "importer";
  a.subject = latest.importer_id;
  a.week = WeekOf(latest.lodged_at);
  a.observed = observed;
  a.baseline = baseline;
  a.baseline_weeks = 0;
  a.evidence = std::move(evidence) + " (its latest " + std::to_string(h.window.size()) + " declarations against " +
               std::to_string(h.declarations) + " before)";
  for (const ImporterDeclaration& d : h.window) a.declarations.push_back(d.declaration_id);
  a.suggested_rule = SuggestedRule("EW-" + signal + "-" + latest.importer_id,
                                   "Early warning: " + signal + " of importer " + latest.importer_id,
                                   ImportersCondition({latest.importer_id}), "score + 0.15",
                                   "Compare the goods, origin and value with the importer's usual trade.");
  return a;
}

void ImporterBehaviour::Check(History& h, std::vector<Alert>* alerts) {
  const UnixMillis at = h.window.back().lodged_at;
  const double n = static_cast<double>(h.window.size());
  // New chapters, new origins: the share of the window's declarations with one never seen before.
  auto new_share = [&](auto field, const absl::flat_hash_set<std::string>& seen, std::vector<std::string>* fresh) {
    int with_new = 0;
    for (const ImporterDeclaration& d : h.window) {
      bool any = false;
      for (const std::string& v : d.*field) {
        if (!seen.contains(v)) {
          any = true;
          fresh->push_back(v);
        }
      }
      with_new += any ? 1 : 0;
    }
    return with_new / n;
  };
  struct NewValues {
    std::vector<std::string> ImporterDeclaration::*field;
    const absl::flat_hash_set<std::string>* seen;
    const char* signal;
    const char* what;
  };
  for (const NewValues& v : {NewValues{&ImporterDeclaration::chapters, &h.chapters, "new_hs_chapters", "HS chapters"},
                             NewValues{&ImporterDeclaration::origins, &h.origins, "new_origins", "origins"}}) {
    std::vector<std::string> fresh;
    double share = new_share(v.field, *v.seen, &fresh);
    if (share < config_.min_new_share || Quiet(h, v.signal, at)) continue;
    Alert a = MakeAlert(h, v.signal, share, 0,
                        Percent(share) + " of its latest declarations carry " + v.what + " it never declared (" +
                            Joined(fresh) + ")");
    a.severity = Severity::kMedium;
    alerts->push_back(std::move(a));
  }
  bool all_new_brokers = std::all_of(h.window.begin(), h.window.end(), [&](const ImporterDeclaration& d) {
    return !h.declarants.contains(d.declarant_id);
  });
  if (all_new_brokers && !Quiet(h, "switched_broker", at)) {
    std::vector<std::string> brokers;
    for (const ImporterDeclaration& d : h.window) brokers.push_back(d.declarant_id);
    Alert a = MakeAlert(h, "switched_broker", 1, 0,
                        "all its latest declarations lodged by declarants it never used (" + Joined(brokers) + ")");
    a.severity = Severity::kLow;
    alerts->push_back(std::move(a));
  }
  std::vector<double> recent;
  for (const ImporterDeclaration& d : h.window) {
    if (d.price_ratio > 0) recent.push_back(d.price_ratio);
  }
  if (static_cast<int>(recent.size()) == config_.window &&
      static_cast<int>(h.price_ratios.size()) >= config_.min_history) {
    double usual = Median(h.price_ratios), now = Median(recent);
    if (usual > 0 && now <= config_.max_price_ratio * usual && !Quiet(h, "importer_price_drop", at)) {
      Alert a = MakeAlert(h, "importer_price_drop", now, usual,
                          "its goods declared at " + Percent(now) + " of reference prices, against its usual " +
                              Percent(usual));
      a.severity = now <= 0.45 * usual ? Severity::kHigh : Severity::kMedium;
      alerts->push_back(std::move(a));
    }
  }
}

}  // namespace aduana::warn
