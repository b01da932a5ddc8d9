// Phoenix companies: a company that starts importing shortly after its registration and shares a director or an
// address with a company that closed recently or that is high-risk. The closed company's debts and record stay
// behind; its people, premises, suppliers and often its fraud carry on under the new name.
//
// Links:
// - a shared director (a person id in both companies' `directors`);
// - a shared address, unless more than `max_companies_at_address` companies of the registry sit there: a business
//   centre or a registered-agent address links companies that have nothing to do with each other, so it is no
//   evidence on its own (the same linked company through a shared director still counts).
// A linked company counts when it closed between `closed_within_days` before the new company's registration and
// its first declaration, or when it shows at least `min_risk_signs` of: a compliance rating among
// `high_risk_ratings`, a tax debt of at least `big_tax_debt`, a non-compliant inspection or audit in the
// `findings_within_days` before the first declaration. One sign alone is common among honest companies (a
// sixth of them are rated D or E), two together are not.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/party.h"
#include "warn/detectors.h"

namespace aduana::warn {

struct PhoenixConfig {
  int max_days_registered = 365;  // the new company's first declaration comes at most this long after registration
  int closed_within_days = 180;
  int findings_within_days = 365;
  double big_tax_debt = 1'000'000;  // national currency
  std::vector<std::string> high_risk_ratings = {"D", "E"};
  int min_risk_signs = 2;
  size_t max_companies_at_address = 3;
};

class PhoenixLinks {
 public:
  // `history_start`: the day of the first declaration read; a company registered before it may have imported
  // before it, so it is not known to be starting.
  PhoenixLinks(PhoenixConfig config, std::vector<Company> registry, EpochDay history_start);

  // A non-compliant inspection or audit of `company_id` on `day`.
  void AddFinding(const std::string& company_id, EpochDay day);

  // The alert for `company_id` starting to import at `first_declared_at` with `first_declarations`, if it is a
  // new company linked to a closed or high-risk one.
  std::optional<Alert> Check(const std::string& company_id, UnixMillis first_declared_at,
                             const std::vector<std::string>& first_declarations) const;

 private:
  struct Link {
    size_t company;                      // index in registry_
    std::vector<std::string> directors;  // shared
    bool address = false;                // shared
  };

  std::vector<Link> LinksOf(size_t company) const;
  // Why the linked company counts ("closed 2025-03-02, 12 days before ..."), or "" when it does not.
  std::string Risk(const Company& linked, EpochDay registered, EpochDay first_declared, bool* closed) const;
  int FindingsBetween(const std::string& company_id, EpochDay from, EpochDay to) const;

  const PhoenixConfig config_;
  const std::vector<Company> registry_;
  const EpochDay history_start_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_director_;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_address_;  // normalised
  absl::flat_hash_map<std::string, std::vector<EpochDay>> findings_;
};

}  // namespace aduana::warn
