#include "profile/profile_book.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace aduana::profile {
namespace {

const std::vector<int> kNoCompanies;

// Types whose class is tracked (the ones an administration rates and must explain).
bool IsRatedType(EntityType type) {
  switch (type) {
    case EntityType::kImporter:
    case EntityType::kDeclarant:
    case EntityType::kSupplier:
    case EntityType::kHsSubheading:
    case EntityType::kOrigin:
    case EntityType::kLane:
    case EntityType::kCarrier:
      return true;
    default:
      return false;
  }
}

std::string Percent(double rate) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * rate);
  return buf;
}

}  // namespace

ProfileBook::ProfileBook(ProfileConfig config) : config_(config) {
  decay_per_ms_ = std::log(2.0) / (config_.half_life_days * kMillisPerDay);
  activity_decay_per_ms_ = std::log(2.0) / (config_.activity_half_life_days * kMillisPerDay);
}

void ProfileBook::SetCompanies(std::vector<Company> companies) {
  companies_ = std::move(companies);
  company_index_.clear();
  related_.assign(companies_.size(), {});
  absl::flat_hash_map<std::string, std::vector<int>> by_link;  // "d:<person>" or "a:<address>" -> companies
  for (size_t i = 0; i < companies_.size(); ++i) {
    const Company& c = companies_[i];
    company_index_[c.company_id] = static_cast<int>(i);
    for (const std::string& person : c.directors) by_link["d:" + person].push_back(static_cast<int>(i));
    if (!c.address.empty()) by_link["a:" + c.address].push_back(static_cast<int>(i));
  }
  for (const auto& [link, members] : by_link) {
    if (members.size() < 2 || members.size() > 50) continue;  // a registered-agent address links nothing
    for (int a : members) {
      for (int b : members) {
        if (a != b) related_[static_cast<size_t>(a)].push_back(b);
      }
    }
  }
  for (std::vector<int>& r : related_) {
    std::sort(r.begin(), r.end());
    r.erase(std::unique(r.begin(), r.end()), r.end());
  }
}

const Company* ProfileBook::FindCompany(std::string_view id) const {
  auto it = company_index_.find(HashKey(id));
  return it == company_index_.end() ? nullptr : &companies_[static_cast<size_t>(it->second)];
}

const std::vector<int>& ProfileBook::RelatedCompanies(std::string_view id) const {
  auto it = company_index_.find(HashKey(id));
  return it == company_index_.end() ? kNoCompanies : related_[static_cast<size_t>(it->second)];
}

void ProfileBook::SetAudits(std::vector<AuditOutcome> audits) {
  audits_.clear();
  audit_events_.clear();
  audits_applied_ = 0;
  std::sort(audits.begin(), audits.end(),
            [](const AuditOutcome& a, const AuditOutcome& b) { return a.closed_on < b.closed_on; });
  for (AuditOutcome& a : audits) {
    if (a.non_compliant) audit_events_.emplace_back(static_cast<UnixMillis>(a.closed_on + 1) * kMillisPerDay, a.company_id);
    audits_[a.company_id].push_back(std::move(a));
  }
}

void ProfileBook::AddAudit(AuditOutcome audit) {
  if (audit.non_compliant) {
    // Applied when the book's time passes the end of the closing day, as a replay from the store would.
    std::pair<UnixMillis, std::string> event(static_cast<UnixMillis>(audit.closed_on + 1) * kMillisPerDay,
                                             audit.company_id);
    auto at = std::upper_bound(audit_events_.begin() + static_cast<std::ptrdiff_t>(audits_applied_),
                               audit_events_.end(), event);
    audit_events_.insert(at, std::move(event));
  }
  std::vector<AuditOutcome>& list = audits_[audit.company_id];
  auto at = std::upper_bound(list.begin(), list.end(), audit.closed_on,
                             [](EpochDay day, const AuditOutcome& a) { return day < a.closed_on; });
  list.insert(at, std::move(audit));
}

ProfileBook::AuditHistory ProfileBook::AuditsBefore(std::string_view company_id, UnixMillis t) const {
  AuditHistory h;
  auto it = audits_.find(HashKey(company_id));
  if (it == audits_.end()) return h;
  for (const AuditOutcome& a : it->second) {
    // An audit closed on day D is known from the end of that day.
    if (static_cast<UnixMillis>(a.closed_on + 1) * kMillisPerDay > t) break;
    ++h.audits;
    h.non_compliant += a.non_compliant ? 1 : 0;
    h.assessed += a.amount_assessed;
  }
  return h;
}

EntityProfile& ProfileBook::Touch(EntityType type, std::string_view key) {
  auto& map = profiles_[static_cast<size_t>(type)];
  auto it = map.find(HashKey(key));
  if (it == map.end()) it = map.emplace(std::string(key), EntityProfile{}).first;
  return it->second;
}

const EntityProfile* ProfileBook::Find(EntityType type, std::string_view key) const {
  const auto& map = profiles_[static_cast<size_t>(type)];
  auto it = map.find(HashKey(key));
  return it == map.end() ? nullptr : &it->second;
}

void ProfileBook::Decay(EntityProfile& p, UnixMillis t) const {
  if (t > p.decayed_at) {
    double dt = static_cast<double>(t - p.decayed_at);
    double f = std::exp(-decay_per_ms_ * dt);
    p.recent_inspections *= f;
    p.recent_non_compliant *= f;
    p.recent_declarations *= std::exp(-activity_decay_per_ms_ * dt);
    p.decayed_at = t;
  }
}

void ProfileBook::ObserveDeclaration(const DeclarationKeys& keys, UnixMillis t) {
  AdvanceAudits(t);
  AdvanceIncidents(t);
  ForEachEntity(keys, [&](EntityType type, std::string_view key) {
    EntityProfile& p = Touch(type, key);
    Decay(p, t);
    ++p.declarations;
    p.recent_declarations += 1;
    p.value += keys.customs_value;
    if (p.first_seen == 0 || t < p.first_seen) p.first_seen = t;
    p.last_seen = std::max(p.last_seen, t);
  });
  for (const ItemKeys& item : keys.items) {
    prices_.Observe(item.hs6_origin, item.customs_value, item.net_mass_kg);
    prices_.Observe(item.hs6, item.customs_value, item.net_mass_kg);
  }
}

void ProfileBook::ApplyOutcome(const DeclarationKeys& keys, const InspectionOutcome& outcome, UnixMillis t) {
  AdvanceAudits(t);
  AdvanceIncidents(t);
  ForEachEntity(keys, [&](EntityType type, std::string_view key) {
    EntityProfile& p = Touch(type, key);
    Decay(p, t);
    ++p.inspections;
    p.recent_inspections += 1;
    if (outcome.non_compliant) {
      ++p.non_compliant;
      p.recent_non_compliant += 1;
    }
    if (outcome.critical_level > 0) ++p.critical;
    p.revenue += outcome.additional_revenue;
    if (IsRatedType(type)) Reclassify(type, key, p, t);
  });
}

double ProfileBook::Rate(const EntityProfile* p, double prior) const {
  double m = config_.smoothing;
  if (p == nullptr) return prior;
  return (static_cast<double>(p->non_compliant) + m * prior) / (static_cast<double>(p->inspections) + m);
}

double ProfileBook::RecentRate(const EntityProfile* p, double prior, UnixMillis t) const {
  if (p == nullptr) return prior;
  double f = t > p->decayed_at ? std::exp(-decay_per_ms_ * static_cast<double>(t - p->decayed_at)) : 1.0;
  double m = config_.smoothing;
  return (f * p->recent_non_compliant + m * prior) / (f * p->recent_inspections + m);
}

double ProfileBook::CriticalRate(const EntityProfile* p, double prior) const {
  double m = config_.smoothing;
  if (p == nullptr) return prior;
  return (static_cast<double>(p->critical) + m * prior) / (static_cast<double>(p->inspections) + m);
}

double ProfileBook::RecentDeclarations(const EntityProfile* p, UnixMillis t) const {
  if (p == nullptr) return 0;
  if (t <= p->decayed_at) return p->recent_declarations;
  return p->recent_declarations * std::exp(-activity_decay_per_ms_ * static_cast<double>(t - p->decayed_at));
}

double ProfileBook::OverallRate() const {
  const EntityProfile* all = Find(EntityType::kAll, "");
  if (all == nullptr || all->inspections == 0) return 0;
  return static_cast<double>(all->non_compliant) / static_cast<double>(all->inspections);
}

RiskClass ProfileBook::ClassOf(EntityType type, std::string_view key) const {
  const auto& map = classes_[static_cast<size_t>(type)];
  auto it = map.find(HashKey(key));
  return it == map.end() ? RiskClass::kLow : it->second;
}

void ProfileBook::Reclassify(EntityType type, std::string_view key, const EntityProfile& p, UnixMillis t) {
  double overall = OverallRate();
  double rate = Rate(&p, overall);
  RiskClass to = RiskClass::kLow;
  if (p.inspections >= config_.min_inspections && overall > 0) {
    if (rate >= config_.high_ratio * overall) {
      to = RiskClass::kHigh;
    } else if (rate >= config_.medium_ratio * overall) {
      to = RiskClass::kMedium;
    }
  }
  std::string reason;
  const AuditOutcome* audit = type == EntityType::kImporter ? RecentFinding(key, t) : nullptr;
  if (audit != nullptr && to != RiskClass::kHigh) {
    to = RiskClass::kHigh;
    char amount[32];
    std::snprintf(amount, sizeof amount, "%.0f", audit->amount_assessed);
    reason = "post-clearance audit " + audit->audit_id + " closed " + FormatDate(audit->closed_on) +
             " found non-compliance (MXN " + amount + " assessed)";
  }
  if (type == EntityType::kImporter || type == EntityType::kCarrier) {
    const auto [incidents, latest] = RecentIncidents(type, key, t);
    const RiskClass floor = incidents >= 2 ? RiskClass::kHigh : incidents == 1 ? RiskClass::kMedium : RiskClass::kLow;
    if (floor > to) {
      to = floor;
      reason = std::to_string(incidents) + " serious transit incident(s) in the last " +
               std::to_string(kTransitIncidentMemoryDays) + " days, the latest " + latest->what + " at " +
               FormatTimestamp(latest->known_at);
    }
  }
  auto& map = classes_[static_cast<size_t>(type)];
  auto it = map.find(HashKey(key));
  RiskClass from = it == map.end() ? RiskClass::kLow : it->second;
  if (from == to) return;
  if (it == map.end()) {
    map.emplace(std::string(key), to);
  } else {
    it->second = to;
  }
  if (reason.empty()) {
    reason = std::to_string(p.non_compliant) + " non-compliant in " + std::to_string(p.inspections) +
             " inspections: smoothed hit rate " + Percent(rate) + " against " + Percent(overall) + " overall";
  }
  class_changes_.push_back({type, std::string(key), t, from, to, std::move(reason)});
}

const AuditOutcome* ProfileBook::RecentFinding(std::string_view company_id, UnixMillis t) const {
  auto it = audits_.find(HashKey(company_id));
  if (it == audits_.end()) return nullptr;
  const AuditOutcome* latest = nullptr;
  for (const AuditOutcome& a : it->second) {
    UnixMillis known = static_cast<UnixMillis>(a.closed_on + 1) * kMillisPerDay;
    if (known > t) break;
    if (a.non_compliant && t - known < kAuditFindingMemoryDays * kMillisPerDay) latest = &a;
  }
  return latest;
}

void ProfileBook::AdvanceAudits(UnixMillis t) {
  while (audits_applied_ < audit_events_.size() && audit_events_[audits_applied_].first <= t) {
    const auto& [known, company] = audit_events_[audits_applied_++];
    const EntityProfile* p = Find(EntityType::kImporter, company);
    Reclassify(EntityType::kImporter, company, p != nullptr ? *p : EntityProfile{}, known);
  }
}

void ProfileBook::SetTransitIncidents(std::vector<TransitIncident> incidents) {
  incidents_.clear();
  incident_events_.clear();
  incidents_applied_ = 0;
  incidents_of_importer_.clear();
  incidents_of_carrier_.clear();
  for (TransitIncident& incident : incidents) AddTransitIncident(std::move(incident));
}

void ProfileBook::AddTransitIncident(TransitIncident incident) {
  const size_t index = incidents_.size();
  incidents_of_importer_[incident.importer_id].push_back(index);
  if (!incident.carrier_id.empty()) incidents_of_carrier_[incident.carrier_id].push_back(index);
  // Applied when the book's time passes it, as a replay from the store would.
  const std::pair<UnixMillis, size_t> event(incident.known_at, index);
  auto at = std::upper_bound(incident_events_.begin() + static_cast<std::ptrdiff_t>(incidents_applied_),
                             incident_events_.end(), event);
  incident_events_.insert(at, event);
  incidents_.push_back(std::move(incident));
}

std::pair<int, const TransitIncident*> ProfileBook::RecentIncidents(EntityType type, std::string_view key,
                                                                    UnixMillis t) const {
  const auto& index = type == EntityType::kImporter ? incidents_of_importer_ : incidents_of_carrier_;
  auto it = index.find(HashKey(key));
  if (it == index.end()) return {0, nullptr};
  int count = 0;
  const TransitIncident* latest = nullptr;
  for (size_t i : it->second) {
    const TransitIncident& incident = incidents_[i];
    if (incident.known_at > t || t - incident.known_at >= kTransitIncidentMemoryDays * kMillisPerDay) continue;
    ++count;
    if (latest == nullptr || incident.known_at > latest->known_at) latest = &incident;
  }
  return {count, latest};
}

void ProfileBook::AdvanceIncidents(UnixMillis t) {
  while (incidents_applied_ < incident_events_.size() && incident_events_[incidents_applied_].first <= t) {
    const auto [known, index] = incident_events_[incidents_applied_++];
    const TransitIncident& incident = incidents_[index];
    for (auto [type, key] : {std::pair<EntityType, const std::string*>{EntityType::kImporter, &incident.importer_id},
                             {EntityType::kCarrier, &incident.carrier_id}}) {
      if (key->empty()) continue;
      const EntityProfile* p = Find(type, *key);
      Reclassify(type, *key, p != nullptr ? *p : EntityProfile{}, known);
    }
  }
}

absl::Status LoadRegistry(Store& store, ProfileBook* book) {
  absl::StatusOr<std::vector<Company>> companies = store.LoadCompanies();
  if (!companies.ok()) return companies.status();
  absl::StatusOr<std::vector<AuditOutcome>> audits = store.LoadAuditOutcomes();
  if (!audits.ok()) return audits.status();
  absl::StatusOr<std::vector<StoredTransitIncident>> incidents = store.LoadTransitIncidents();
  if (!incidents.ok()) return incidents.status();
  book->SetCompanies(*std::move(companies));
  book->SetAudits(*std::move(audits));
  std::vector<TransitIncident> known;
  for (StoredTransitIncident& i : *incidents) {
    known.push_back({i.raised_at, std::move(i.importer_id), std::move(i.carrier_id),
                     i.detector + " on transit " + i.transit_id});
  }
  book->SetTransitIncidents(std::move(known));
  return absl::OkStatus();
}

}  // namespace aduana::profile
