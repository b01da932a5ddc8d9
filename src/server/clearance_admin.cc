// ClearanceService: rules management, token management and the trader's view of its own rating.
#include <algorithm>

#include "core/status_macros.h"
#include "model/rule_binding.h"
#include "nlohmann/json.hpp"
#include "rules/rule.h"
#include "server/clearance_service.h"
#include "store/sqlite_store.h"

namespace aduana::server {

using nlohmann::json;

absl::StatusOr<std::vector<RuleView>> ClearanceService::ListRules() {
  std::lock_guard lock(reader_mutex_);
  ADUANA_ASSIGN_OR_RETURN(std::vector<StoredRule> rules, reader_->ListRules());
  ADUANA_ASSIGN_OR_RETURN(std::vector<RuleStatisticsRecord> stats, reader_->LoadRuleStatistics());
  ADUANA_ASSIGN_OR_RETURN(std::vector<RuleLiveStatistics> live, reader_->LoadRuleLiveStatistics());
  std::vector<RuleView> out;
  for (StoredRule& r : rules) {
    RuleView v{std::move(r), std::nullopt, std::nullopt};
    auto l = std::find_if(live.begin(), live.end(), [&](const RuleLiveStatistics& x) {
      return x.rule_id == v.rule.rule_id && x.version == v.rule.version;
    });
    if (l != live.end()) v.live = *l;
    auto s = std::find_if(stats.begin(), stats.end(), [&](const RuleStatisticsRecord& x) {
      return x.rule_id == v.rule.rule_id && x.version == v.rule.version;
    });
    if (s != stats.end()) v.statistics = *s;
    out.push_back(std::move(v));
  }
  return out;
}

// On a connection of its own: a dry run reads the whole window of history, and must not hold up decisions.
absl::StatusOr<model::DryRun> ClearanceService::DryRunRules(std::string_view source, UnixMillis from, UnixMillis to) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(db_path_));
  return model::DryRunRules(*store, source, "rules", from, to);
}

absl::StatusOr<RulesActivation> ClearanceService::ActivateRules(std::string_view source, const Principal& who) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(db_path_));
  ADUANA_ASSIGN_OR_RETURN(model::RuleBinding binding, model::RuleBindingForStore(*store));
  ADUANA_ASSIGN_OR_RETURN(rules::RuleSet set, binding.Compile(source, "rules"));
  UnixMillis now = clock_();
  std::vector<StoredRule> stored;
  json ids = json::array();
  for (const rules::Rule& r : set.rules()) {
    stored.push_back({r.id, r.version, rules::FormatRule(r), r.author.empty() ? who.name : r.author, now, true});
    ids.push_back(r.id + " v" + std::to_string(r.version));
  }
  ADUANA_ASSIGN_OR_RETURN(int added, store->ActivateRules(stored));
  AuditEntry entry{0, now, who.name, "rules_activated", "rules", json({{"rules", ids}}).dump(), "", ""};
  ADUANA_RETURN_IF_ERROR(Persist([&](Store& s) { return s.AppendAudit(entry).status(); }));
  ADUANA_RETURN_IF_ERROR(ReloadRules());
  return RulesActivation{static_cast<int>(stored.size()), added};
}

absl::StatusOr<std::vector<ApiToken>> ClearanceService::ListTokens() {
  std::lock_guard lock(reader_mutex_);
  return reader_->ListTokens();
}

absl::Status ClearanceService::RevokeToken(std::string_view hash_prefix, const Principal& who) {
  if (hash_prefix.size() < 8 || !std::all_of(hash_prefix.begin(), hash_prefix.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      })) {
    return absl::InvalidArgumentError("token: at least the first 8 hex characters of its hash (GET /v1/tokens)");
  }
  ADUANA_ASSIGN_OR_RETURN(std::vector<ApiToken> tokens, ListTokens());
  std::vector<const ApiToken*> matching;
  for (const ApiToken& t : tokens) {
    if (t.token_hash.compare(0, hash_prefix.size(), hash_prefix) == 0) matching.push_back(&t);
  }
  if (matching.empty()) return absl::NotFoundError("no token whose hash starts with " + std::string(hash_prefix));
  if (matching.size() > 1) return absl::InvalidArgumentError("token: the prefix matches several tokens; give more");
  const ApiToken& token = *matching.front();
  if (token.revoked_at) return absl::FailedPreconditionError("token of " + token.name + " is already revoked");
  UnixMillis now = clock_();
  json detail = {{"name", token.name}, {"role", token.role}};
  AuditEntry entry{0, now, who.name, "token_revoked", token.name, detail.dump(), "", ""};
  return Persist([&](Store& store) -> absl::Status {
    ADUANA_RETURN_IF_ERROR(store.RevokeToken(token.token_hash, now));
    return store.AppendAudit(entry).status();
  });
}

absl::StatusOr<TraderRating> ClearanceService::RatingOf(std::string_view importer_id) {
  TraderRating r;
  r.importer_id = importer_id;
  {
    std::lock_guard engine(engine_mutex_);
    const profile::ProfileBook& book = assessor_->book();
    const Company* company = book.FindCompany(importer_id);
    if (company == nullptr) return absl::NotFoundError("no company " + std::string(importer_id) + " in the registry");
    r.aeo_status = company->aeo_status;
    r.risk_class = profile::RiskClassName(book.ClassOf(profile::EntityType::kImporter, importer_id));
    const profile::EntityProfile* p = book.Find(profile::EntityType::kImporter, importer_id);
    if (p != nullptr) r.profile = *p;
    r.all_traders_rate = book.OverallRate();
    r.finding_rate = book.Rate(p, r.all_traders_rate);
  }
  std::lock_guard lock(reader_mutex_);
  ADUANA_ASSIGN_OR_RETURN(r.history, reader_->ClassChanges("importer", importer_id));
  return r;
}

void ClearanceService::LearnAudit(const AuditOutcome& audit) {
  std::lock_guard engine(engine_mutex_);
  assessor_->LearnAudit(audit);
}

void ClearanceService::LearnTransitIncident(const profile::TransitIncident& incident) {
  std::lock_guard engine(engine_mutex_);
  assessor_->LearnTransitIncident(incident);
}

}  // namespace aduana::server
