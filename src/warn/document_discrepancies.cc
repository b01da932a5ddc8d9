#include "warn/document_discrepancies.h"

#include <algorithm>
#include <map>

#include "warn/alert_text.h"

namespace aduana::warn {

DocumentDiscrepancies::DocumentDiscrepancies(DocumentDiscrepancyConfig config)
    : config_(std::move(config)), kinds_(config_.kinds.begin(), config_.kinds.end()) {}

void DocumentDiscrepancies::NoteWeek(const DocumentedDeclaration& d) {
  const Week week = WeekOf(d.lodged_at);
  if (week != week_) {
    if (!importers_this_week_.empty()) importers_last_week_ = importers_this_week_.size();
    importers_this_week_.clear();
    week_ = week;
  }
  importers_this_week_.insert(d.importer_id);
}

void DocumentDiscrepancies::Observe(const DocumentedDeclaration& d, std::vector<Alert>* alerts) {
  NoteWeek(d);
  Seen seen{d.declaration_id, {}};
  for (const std::string& kind : d.discrepancy_kinds) {
    if (kinds_.contains(kind)) seen.kinds.push_back(kind);
  }
  const bool flagged = !seen.kinds.empty();
  History& h = importers_[d.importer_id];
  h.window.push_back(std::move(seen));
  if (static_cast<int>(h.window.size()) > config_.window) {
    ++h.declarations;
    h.window.pop_front();
  }
  // The overall rate is of the declarations before this one: a burst does not raise its own baseline.
  if (flagged && declarations_ >= std::max<int64_t>(1, config_.warmup_declarations)) Check(d, h, alerts);
  ++declarations_;
  with_discrepancy_ += flagged ? 1 : 0;
}

void DocumentDiscrepancies::Check(const DocumentedDeclaration& d, History& h, std::vector<Alert>* alerts) {
  int64_t hits = 0;
  for (const Seen& s : h.window) hits += s.kinds.empty() ? 0 : 1;
  if (hits < config_.min_hits) return;
  const double rate = static_cast<double>(with_discrepancy_) / static_cast<double>(declarations_);
  const double tail = BinomialUpperTail(hits, static_cast<int64_t>(h.window.size()), rate);
  const double tested = static_cast<double>(std::max<size_t>(1, importers_last_week_));
  if (tail > config_.family_alpha / tested) return;
  if (h.alerted && d.lodged_at - h.last_alert < config_.quiet_days * kMillisPerDay) return;
  h.alerted = true;
  h.last_alert = d.lodged_at;
  alerts->push_back(MakeAlert(d, h, hits, rate, tail));
}

Alert DocumentDiscrepancies::MakeAlert(const DocumentedDeclaration& d, const History& h, int64_t hits, double rate,
                                       double tail) const {
  std::map<std::string, int> by_kind;
  Alert a;
  for (const Seen& s : h.window) {
    if (s.kinds.empty()) continue;
    a.declarations.push_back(s.declaration_id);
    for (const std::string& kind : s.kinds) ++by_kind[kind];
  }
  std::string kinds;
  for (const auto& [kind, n] : by_kind) {
    kinds.append(kinds.empty() ? "" : ", ").append(kind).append(" ").append(std::to_string(n));
  }
  const double share = static_cast<double>(hits) / static_cast<double>(h.window.size());
  a.detector = "document_discrepancies";
  a.subject_kind = "importer";
  a.subject = d.importer_id;
  a.week = WeekOf(d.lodged_at);
  a.observed = share;
  a.baseline = rate;
  a.severity = hits >= 5 ? Severity::kHigh : Severity::kMedium;
  a.evidence = std::to_string(hits) + " of its latest " + std::to_string(h.window.size()) +
               " declarations differ from their transport documents (" + kinds + "), against " + Percent(rate) +
               " of all declarations; probability " + Scientific(tail);
  a.suggested_rule = SuggestedRule(RuleId("EW-DOCS-", d.importer_id, a.week),
                                   "Early warning: declarations of importer " + d.importer_id +
                                       " keep differing from their transport documents",
                                   ImportersCondition({d.importer_id}), "score + 0.2",
                                   "Weigh and count the consignment and check it against the manifest.");
  return a;
}

}  // namespace aduana::warn
