// The risk profiles of every entity, kept up to date incrementally: a declaration being lodged and an outcome
// being recorded each touch only the profiles of the entities involved (no rebuild). Replaying the store's
// history in time order through a book gives, at each moment, exactly what was known then.
//
// Hit rates are smoothed toward a parent level so that thin histories do not produce extreme rates:
//   HS line -> HS6 -> HS4 -> HS2 -> all;  importer -> its sector (or, unknown, its lane) -> all; ...
//   rate = (non_compliant + m * parent_rate) / (inspections + m), m = ProfileConfig::smoothing.
//
// Not thread-safe: one writer; concurrent readers need the owner's lock.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/outcome.h"
#include "core/party.h"
#include "profile/declaration_keys.h"
#include "profile/entity.h"
#include "profile/reference_prices.h"
#include "store/store.h"

namespace aduana::profile {

struct ProfileConfig {
  double smoothing = 20;                // pseudo-inspections drawn from the parent level
  double half_life_days = 180;          // recency weighting of inspections and findings
  double activity_half_life_days = 7;   // recency weighting of declaration counts (current activity)
  // Classes: an entity is high risk when its smoothed hit rate is at least high_ratio x the overall rate,
  // medium from medium_ratio x, with at least min_inspections of its own; otherwise low.
  double high_ratio = 2.0;
  double medium_ratio = 1.25;
  int min_inspections = 3;
};

// An importer whose post-clearance audit found non-compliance is high risk for this long after the audit
// closed, whatever its inspections say (classes change when the book's time passes the end of the closing day).
constexpr int64_t kAuditFindingMemoryDays = 730;

// A serious incident in transit: a high-severity cargo alert (cargo/transit_monitor.h: route deviation, opened
// seal, device alarm, never arrived, wrong destination) that no analyst dismissed. The importer of the goods
// and the carrier of their transport document are at least medium risk for kTransitIncidentMemoryDays after
// it was raised, high with two or more in that time (classes change when the book's time passes it).
struct TransitIncident {
  UnixMillis known_at = 0;
  std::string importer_id;
  std::string carrier_id;  // "" when the declaration names no transport document
  std::string what;        // "cargo.seal_opened on transit T2025-000123"
};
constexpr int64_t kTransitIncidentMemoryDays = 365;

// A change of an entity's risk class, with the reason a trader can be told.
struct ClassChange {
  EntityType type = EntityType::kAll;
  std::string key;
  UnixMillis at = 0;
  RiskClass from = RiskClass::kLow;
  RiskClass to = RiskClass::kLow;
  std::string reason;
};

class ProfileBook {
 public:
  explicit ProfileBook(ProfileConfig config = {});

  const ProfileConfig& config() const { return config_; }

  // The registry: companies with their related parties (shared director or address).
  void SetCompanies(std::vector<Company> companies);
  const Company* FindCompany(std::string_view id) const;
  // Companies related to `id` (not itself), through a shared director or business address.
  const std::vector<int>& RelatedCompanies(std::string_view id) const;
  const Company& CompanyAt(int index) const { return companies_[static_cast<size_t>(index)]; }

  // Audit outcomes, any order; only those closed before a moment count at that moment.
  void SetAudits(std::vector<AuditOutcome> audits);
  // One more audit outcome (a case closed while the book is live).
  void AddAudit(AuditOutcome audit);
  struct AuditHistory {
    int audits = 0;
    int non_compliant = 0;
    double assessed = 0;
  };
  AuditHistory AuditsBefore(std::string_view company_id, UnixMillis t) const;

  // Transit incidents, any order; one more while the book is live.
  void SetTransitIncidents(std::vector<TransitIncident> incidents);
  void AddTransitIncident(TransitIncident incident);

  // A declaration lodged at `t`: counts, value, first/last seen, reference unit values.
  void ObserveDeclaration(const DeclarationKeys& keys, UnixMillis t);
  // Its inspection outcome recorded at `t`: inspections, findings, revenue; risk classes re-evaluated.
  void ApplyOutcome(const DeclarationKeys& keys, const InspectionOutcome& outcome, UnixMillis t);

  const EntityProfile* Find(EntityType type, std::string_view key) const;
  const ReferencePrices& prices() const { return prices_; }

  // Smoothed hit rate of a profile (nullptr = never seen) toward `prior`; the recent rate uses the decayed
  // counts as of `t`.
  double Rate(const EntityProfile* p, double prior) const;
  double RecentRate(const EntityProfile* p, double prior, UnixMillis t) const;
  double CriticalRate(const EntityProfile* p, double prior) const;
  double RecentDeclarations(const EntityProfile* p, UnixMillis t) const;
  double OverallRate() const;

  RiskClass ClassOf(EntityType type, std::string_view key) const;
  const std::vector<ClassChange>& class_changes() const { return class_changes_; }

 private:
  EntityProfile& Touch(EntityType type, std::string_view key);
  void Decay(EntityProfile& p, UnixMillis t) const;
  void Reclassify(EntityType type, std::string_view key, const EntityProfile& p, UnixMillis t);
  // The latest non-compliant audit of a company known at `t` and within kAuditFindingMemoryDays, or null.
  const AuditOutcome* RecentFinding(std::string_view company_id, UnixMillis t) const;
  // Reclassifies the importers whose non-compliant audits became known by `t`.
  void AdvanceAudits(UnixMillis t);
  // How many transit incidents of an importer or carrier are known at `t` and within the memory, and the latest.
  std::pair<int, const TransitIncident*> RecentIncidents(EntityType type, std::string_view key, UnixMillis t) const;
  // Reclassifies the importers and carriers whose transit incidents became known by `t`.
  void AdvanceIncidents(UnixMillis t);

  ProfileConfig config_;
  double decay_per_ms_ = 0;           // ln 2 / half-life
  double activity_decay_per_ms_ = 0;
  std::array<absl::flat_hash_map<std::string, EntityProfile>, kEntityTypeCount> profiles_;
  std::array<absl::flat_hash_map<std::string, RiskClass>, kEntityTypeCount> classes_;
  std::vector<ClassChange> class_changes_;
  ReferencePrices prices_;

  std::vector<Company> companies_;
  absl::flat_hash_map<std::string, int> company_index_;
  std::vector<std::vector<int>> related_;
  absl::flat_hash_map<std::string, std::vector<AuditOutcome>> audits_;  // by company, closing order
  std::vector<std::pair<UnixMillis, std::string>> audit_events_;        // non-compliant audits: known at, company
  size_t audits_applied_ = 0;                                           // of audit_events_
  std::vector<TransitIncident> incidents_;                               // as added
  std::vector<std::pair<UnixMillis, size_t>> incident_events_;          // known at, index; by time
  size_t incidents_applied_ = 0;                                        // of incident_events_
  absl::flat_hash_map<std::string, std::vector<size_t>> incidents_of_importer_, incidents_of_carrier_;
};

// Loads the company registry, the audit outcomes and the transit incidents of `store` into `book`.
absl::Status LoadRegistry(Store& store, ProfileBook* book);

}  // namespace aduana::profile
