#include "warn/split_shipments.h"

#include <algorithm>

#include "warn/alert_text.h"

namespace aduana::warn {
namespace {

constexpr UnixMillis kMillisPerHour = 3'600'000;

// Drops the entries of `q` (oldest first) lodged before `since`; `at` gives an entry's time.
template <typename T, typename At>
void DropBefore(std::deque<T>& q, UnixMillis since, At at) {
  while (!q.empty() && at(q.front()) < since) q.pop_front();
}

UnixMillis Itself(UnixMillis t) { return t; }

}  // namespace

SplitShipments::SplitShipments(SplitConfig config) : config_(std::move(config)) {
  for (const ValueThreshold& t : config_.thresholds) watches_.push_back(Watch{t, {}, {}, {}});
}

void SplitShipments::Observe(const SplitDeclaration& d, std::vector<Alert>* alerts) {
  const Week week = WeekOf(d.lodged_at);
  if (open_week_ && week != *open_week_) CloseWeek(alerts);
  open_week_ = week;
  if (d.exchange_rate > 0 && !d.currency.empty()) rates_[d.currency] = d.exchange_rate;
  first_seen_.try_emplace(d.importer_id, d.lodged_at);
  for (Watch& watch : watches_) {
    auto rate = rates_.find(watch.threshold.currency);
    if (rate != rates_.end()) Place(watch, d, rate->second);
  }
}

void SplitShipments::Finish(std::vector<Alert>* alerts) {
  if (open_week_) CloseWeek(alerts);
  open_week_.reset();
}

// Files the declaration in the band or a neighbour band of the threshold, and tests the importer's cluster.
void SplitShipments::Place(Watch& watch, const SplitDeclaration& d, double rate) {
  const double threshold = watch.threshold.amount * rate;
  const double share = d.customs_value / threshold;
  const double band = config_.band_share;
  const bool in_band = share >= band && share < 1;
  const bool below = share >= band * band && share < band;
  const bool above = share >= 1 && share < 1 / band;
  if (!in_band && !below && !above) return;
  Near& near = watch.importers[d.importer_id];
  DropBefore(near.window, d.lodged_at - config_.window_hours * kMillisPerHour, [](const Part& p) { return p.at; });
  const UnixMillis rate_since = d.lodged_at - config_.rate_days * kMillisPerDay;
  DropBefore(near.below, rate_since, Itself);
  DropBefore(near.above, rate_since, Itself);
  if (below) near.below.push_back(d.lodged_at);
  if (above) near.above.push_back(d.lodged_at);
  if (!in_band) return;
  near.window.push_back(Part{d.declaration_id, d.supplier_id, d.lodged_at, d.customs_value});
  watch.in_band_this_week.insert(d.importer_id);
  Consider(watch, d.importer_id, near, threshold, rate, first_seen_.at(d.importer_id));
}

void SplitShipments::Consider(Watch& watch, const std::string& importer, Near& near, double threshold, double rate,
                              UnixMillis first_seen) {
  if (static_cast<int>(near.window.size()) < config_.min_parts) return;
  double sum = 0;
  for (const Part& p : near.window) sum += p.value;
  if (sum <= threshold) return;
  const UnixMillis now = near.window.back().at;
  if (near.last_alert && now - *near.last_alert < config_.quiet_days * kMillisPerDay) return;
  const double window_days = config_.window_hours / 24.0;
  const double days_seen = std::min<double>(config_.rate_days, static_cast<double>(now - first_seen) / kMillisPerDay);
  const size_t neighbours = std::max(near.below.size(), near.above.size());
  // A rate measured over less than the window itself is no rate: the span is at least the window.
  const double neighbour_rate =
      config_.smoothness * static_cast<double>(neighbours) / std::max(days_seen, window_days);
  const double prior_rate = 1 / (days_seen + config_.prior_days);
  const double expected = std::max(neighbour_rate, prior_rate) * window_days;
  const double p = PoissonUpperTail(static_cast<int64_t>(near.window.size()), expected);
  Candidate& best = watch.candidates[importer];
  if (!best.parts.empty() && best.p <= p) return;
  best = Candidate{p, expected, threshold, rate, near.below.size(), near.above.size(),
                   std::vector<Part>(near.window.begin(), near.window.end())};
}

void SplitShipments::CloseWeek(std::vector<Alert>* alerts) {
  std::vector<Alert> week_alerts;
  for (Watch& watch : watches_) {
    const size_t family = std::max<size_t>(watch.in_band_this_week.size(), 1);
    for (const auto& [importer, c] : watch.candidates) {
      if (c.p > config_.family_alpha / static_cast<double>(family)) continue;
      watch.importers[importer].last_alert = c.parts.back().at;
      week_alerts.push_back(MakeAlert(watch, importer, c, family));
    }
    watch.candidates.clear();
    watch.in_band_this_week.clear();
  }
  std::sort(week_alerts.begin(), week_alerts.end(), [](const Alert& a, const Alert& b) {
    return a.subject != b.subject ? a.subject < b.subject : a.evidence < b.evidence;
  });
  for (Alert& a : week_alerts) alerts->push_back(std::move(a));
}

Alert SplitShipments::MakeAlert(const Watch& watch, const std::string& importer, const Candidate& c,
                                size_t family) const {
  const ValueThreshold& t = watch.threshold;
  double sum = 0;
  std::string values;  // in lodging order
  std::vector<std::string> suppliers;
  Alert a;
  for (const Part& p : c.parts) {
    sum += p.value;
    values += (values.empty() ? "" : ", ") + Fixed(p.value, 2);
    suppliers.push_back(p.supplier_id);
    a.declarations.push_back(p.declaration_id);
  }
  std::sort(suppliers.begin(), suppliers.end());
  suppliers.erase(std::unique(suppliers.begin(), suppliers.end()), suppliers.end());
  const double hours = static_cast<double>(c.parts.back().at - c.parts.front().at) / kMillisPerHour;
  const double times = sum / c.threshold;
  a.detector = "split_shipment";
  a.subject_kind = "importer";
  a.subject = importer;
  a.week = WeekOf(c.parts.back().at);
  a.severity = times >= 4 ? Severity::kHigh : times >= 2.5 ? Severity::kMedium : Severity::kLow;
  a.observed = static_cast<double>(c.parts.size());
  a.baseline = c.expected;
  a.evidence = std::to_string(c.parts.size()) + " declarations in " + Fixed(hours, 0) + " hours, each just under the " +
               t.name + " of " + Fixed(t.amount, 2) + " " + t.currency + " (" + Fixed(c.threshold, 2) + " at " +
               Fixed(c.rate, 4) + "): " + values + "; together " + Fixed(sum, 2) + ", " + Fixed(times, 1) +
               " times the threshold; " + (suppliers.size() == 1 ? "supplier " : "suppliers ") +
               Joined(suppliers) + "; expected " + Fixed(c.expected, 3) +
               " such declarations in " + std::to_string(config_.window_hours) + " hours from its " +
               std::to_string(c.below) + " declarations just below the band and " + std::to_string(c.above) +
               " just over the threshold in " + std::to_string(config_.rate_days) + " days: P = " +
               Scientific(c.p) + " with " + std::to_string(family) + " importers in the band that week";
  const std::string condition = ImportersCondition({importer}) + " and declaration.customs_value between " +
                                Fixed(config_.band_share * c.threshold, 2) + " and " + Fixed(c.threshold, 2);
  a.suggested_rule = SuggestedRule("EW-SPLIT-" + importer + "-W" + std::to_string(a.week),
                                   "Early warning: " + importer + " splits consignments under the " + t.name,
                                   condition, "score + 0.2",
                                   "Look for the other parts of the consignment and assess duty on the whole.");
  return a;
}

}  // namespace aduana::warn
