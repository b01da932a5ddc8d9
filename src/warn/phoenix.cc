#include "warn/phoenix.h"

#include <algorithm>
#include <cctype>

#include "warn/alert_text.h"

namespace aduana::warn {
namespace {

// Lower-case letters and digits, words separated by one space: "Av. Juárez 12,  Col. Centro" and
// "AV JUÁREZ 12 COL CENTRO" are the same place. Bytes outside ASCII (accented letters) are kept as they are.
std::string NormalisedAddress(const std::string& address) {
  std::string out;
  bool gap = false;
  for (char c : address) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) != 0) {
      if (gap && !out.empty()) out += ' ';
      out += static_cast<char>(u >= 0x80 ? u : std::tolower(u));
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

}  // namespace

PhoenixLinks::PhoenixLinks(PhoenixConfig config, std::vector<Company> registry, EpochDay history_start)
    : config_(std::move(config)), registry_(std::move(registry)), history_start_(history_start) {
  for (size_t i = 0; i < registry_.size(); ++i) {
    const Company& c = registry_[i];
    by_id_[c.company_id] = i;
    for (const std::string& person : c.directors) by_director_[person].push_back(i);
    if (!c.address.empty()) by_address_[NormalisedAddress(c.address)].push_back(i);
  }
}

void PhoenixLinks::AddFinding(const std::string& company_id, EpochDay day) { findings_[company_id].push_back(day); }

int PhoenixLinks::FindingsBetween(const std::string& company_id, EpochDay from, EpochDay to) const {
  auto found = findings_.find(company_id);
  if (found == findings_.end()) return 0;
  return static_cast<int>(
      std::count_if(found->second.begin(), found->second.end(), [&](EpochDay d) { return d >= from && d < to; }));
}

std::vector<PhoenixLinks::Link> PhoenixLinks::LinksOf(size_t company) const {
  const Company& c = registry_[company];
  std::vector<Link> links;
  auto link_to = [&](size_t other) -> Link& {
    for (Link& l : links) {
      if (l.company == other) return l;
    }
    return links.emplace_back(Link{other, {}, false});
  };
  for (const std::string& person : c.directors) {
    for (size_t other : by_director_.at(person)) {
      if (other != company) link_to(other).directors.push_back(person);
    }
  }
  auto at_address = by_address_.find(NormalisedAddress(c.address));
  if (!c.address.empty() && at_address->second.size() <= config_.max_companies_at_address) {
    for (size_t other : at_address->second) {
      if (other != company) link_to(other).address = true;
    }
  }
  return links;
}

std::string PhoenixLinks::Risk(const Company& linked, EpochDay registered, EpochDay first_declared,
                               bool* closed) const {
  *closed = linked.closed_on && *linked.closed_on >= registered - config_.closed_within_days &&
            *linked.closed_on <= first_declared;
  std::vector<std::string> signs;
  const auto& ratings = config_.high_risk_ratings;
  if (std::find(ratings.begin(), ratings.end(), linked.compliance_rating) != ratings.end()) {
    signs.push_back("rating " + linked.compliance_rating);
  }
  if (linked.tax_debt && *linked.tax_debt >= config_.big_tax_debt) signs.push_back("tax debt " + Fixed(*linked.tax_debt, 0));
  int findings = FindingsBetween(linked.company_id, first_declared - config_.findings_within_days, first_declared);
  if (findings > 0) {
    signs.push_back(std::to_string(findings) + " non-compliant findings in the " +
                    std::to_string(config_.findings_within_days) + " days before");
  }
  if (!*closed && static_cast<int>(signs.size()) < config_.min_risk_signs) return "";
  std::string why;
  if (*closed) {
    const int gap = registered - *linked.closed_on;
    why = "closed " + FormatDate(*linked.closed_on) + ", " +
          (gap >= 0 ? std::to_string(gap) + " days before this company registered"
                    : std::to_string(-gap) + " days after this company registered");
  }
  for (const std::string& sign : signs) why += (why.empty() ? "" : "; ") + sign;
  return why;
}

std::optional<Alert> PhoenixLinks::Check(const std::string& company_id, UnixMillis first_declared_at,
                                         const std::vector<std::string>& first_declarations) const {
  auto found = by_id_.find(company_id);
  if (found == by_id_.end()) return std::nullopt;
  const Company& c = registry_[found->second];
  const EpochDay first_day = DayOf(first_declared_at);
  if (!c.registered_on || *c.registered_on < history_start_) return std::nullopt;
  const int days_registered = first_day - *c.registered_on;
  if (days_registered < 0 || days_registered > config_.max_days_registered) return std::nullopt;

  std::vector<std::string> reasons;
  bool any_closed = false;
  for (const Link& link : LinksOf(found->second)) {
    const Company& linked = registry_[link.company];
    if (linked.registered_on && *linked.registered_on > *c.registered_on) continue;  // the younger one is not the source
    bool closed = false;
    std::string risk = Risk(linked, *c.registered_on, first_day, &closed);
    if (risk.empty()) continue;
    any_closed |= closed;
    std::string shared = link.directors.empty() ? "" : "director " + Joined(link.directors);
    if (link.address) shared += std::string(shared.empty() ? "" : " and ") + "the address";
    reasons.push_back("shares " + shared + " with " + linked.company_id + " (" + risk + ")");
  }
  if (reasons.empty()) return std::nullopt;
  std::sort(reasons.begin(), reasons.end());
  Alert a;
  a.detector = "phoenix";
  a.subject_kind = "importer";
  a.subject = company_id;
  a.week = WeekOf(first_declared_at);
  a.severity = any_closed ? Severity::kHigh : Severity::kMedium;
  a.observed = static_cast<double>(reasons.size());
  a.evidence = "registered " + FormatDate(*c.registered_on) + ", first declaration " + FormatDate(first_day) + " (" +
               std::to_string(days_registered) + " days later); ";
  for (size_t i = 0; i < reasons.size(); ++i) a.evidence += (i > 0 ? "; " : "") + reasons[i];
  a.declarations = first_declarations;
  a.suggested_rule = SuggestedRule("EW-PHOENIX-" + company_id, "Early warning: " + company_id +
                                       " is linked to a closed or high-risk company",
                                   ImportersCondition({company_id}), "score + 0.2",
                                   "Check the importer's owners, premises and suppliers against the linked company.");
  return a;
}

}  // namespace aduana::warn
