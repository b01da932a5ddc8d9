// Post-clearance audits: a few hundred a year, partly targeted on intelligence about fraud (weighted by the
// revenue at stake), partly on volume. Non-compliant results recover most of the planted loss of the audited
// period; honest companies are mostly compliant with small assessments when not.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "generate/controls.h"
#include "generate/parameters.h"

namespace aduana::gen {
namespace {

constexpr int kBucketDays = 30;
constexpr double kFraudFoundRate = 0.85;
constexpr double kRecoveryMin = 0.75, kRecoveryMax = 1.0;
constexpr double kHonestFindingRate = 0.12;

double LossInBuckets(const ImporterLedger& ledger, int from, int to) {
  double loss = 0;
  for (int b = from; b <= to && b < static_cast<int>(ledger.monthly_loss.size()); ++b) {
    loss += ledger.monthly_loss[static_cast<size_t>(b)];
  }
  return loss;
}

std::string FraudFindings(const FraudProfile& f, bool phoenix_successor) {
  std::string text;
  auto add = [&](std::string_view part) {
    if (!text.empty()) text += "; ";
    text += part;
  };
  if (f.undervalues) add("transaction values well below reference prices");
  if (f.shifts_tariff) add("goods classified under lower-duty tariff lines");
  if (f.launders_origin) add("origin not supported: goods of Chinese origin subject to anti-dumping duty");
  if (f.splits) add("consignments split under the de minimis");
  if (f.mismatches_manifest) add("quantities and goods declared differ from transport documents");
  if (phoenix_successor) add("continuation of the business of a closed company with tax debts");
  if (text.empty()) add("undeclared revenue found in the records");
  return text;
}

std::vector<int> ChooseAudited(const std::vector<ImporterLedger>& ledgers, int count, Rng& rng) {
  std::vector<double> targeted, general;
  for (size_t i = 0; i < ledgers.size(); ++i) {
    bool eligible = ledgers[i].declarations >= 3;
    targeted.push_back(eligible ? LossInBuckets(ledgers[i], 0, 1 << 20) : 0.0);
    general.push_back(eligible ? std::sqrt(static_cast<double>(ledgers[i].declarations)) : 0.0);
  }
  WeightedTable targeted_table(targeted), general_table(general);
  bool any_targeted = std::any_of(targeted.begin(), targeted.end(), [](double w) { return w > 0; });
  std::set<int> chosen;
  std::vector<int> order;
  for (int tries = 0; static_cast<int>(order.size()) < count && tries < count * 30; ++tries) {
    bool use_targeted = any_targeted && rng.Chance(kTargetedAuditShare);
    int importer = static_cast<int>((use_targeted ? targeted_table : general_table).Sample(rng));
    if ((use_targeted ? targeted : general)[static_cast<size_t>(importer)] <= 0) continue;
    if (chosen.insert(importer).second) order.push_back(importer);
  }
  return order;
}

}  // namespace

std::vector<AuditOutcome> PlanAudits(const World& world, const std::vector<ImporterLedger>& ledgers, uint64_t seed) {
  Rng rng(seed);
  const GeneratorOptions& options = world.options;
  double per_year = std::clamp(static_cast<double>(options.declarations) * kAuditsPerDeclaration,
                               static_cast<double>(kMinAuditsPerYear), static_cast<double>(kMaxAuditsPerYear));
  int count = static_cast<int>(std::lround(per_year * options.days / 365.0));
  int buckets = std::max(1, (options.days + kBucketDays - 1) / kBucketDays);
  std::vector<AuditOutcome> audits;
  for (int importer_index : ChooseAudited(ledgers, count, rng)) {
    const Importer& importer = world.parties.importers[static_cast<size_t>(importer_index)];
    const ImporterLedger& ledger = ledgers[static_cast<size_t>(importer_index)];
    int length = static_cast<int>(std::min<int64_t>(buckets, rng.Int(3, 12)));
    int first = static_cast<int>(rng.Int(0, buckets - length));
    AuditOutcome audit;
    audit.company_id = world.parties.companies[static_cast<size_t>(importer.company)].company_id;
    audit.period_from = options.first_day + first * kBucketDays;
    audit.period_to =
        std::min(options.first_day + (first + length) * kBucketDays, options.first_day + options.days) - 1;
    audit.closed_on = audit.period_to + static_cast<EpochDay>(rng.Int(30, 240));
    double loss = LossInBuckets(ledger, first, first + length - 1);
    if (loss > 0 && rng.Chance(kFraudFoundRate)) {
      audit.non_compliant = true;
      audit.amount_assessed = loss * rng.Uniform(kRecoveryMin, kRecoveryMax);
      audit.findings = FraudFindings(importer.fraud, importer.predecessor >= 0);
    } else if (rng.Chance(kHonestFindingRate)) {
      double share = static_cast<double>(length) / buckets;
      audit.non_compliant = true;
      audit.amount_assessed = std::max(500.0, ledger.duty_paid * share * rng.Uniform(0.005, 0.03));
      audit.findings = "minor classification and valuation errors";
    } else {
      audit.findings = "no findings";
    }
    audit.amount_assessed = std::round(audit.amount_assessed * 100) / 100;
    audits.push_back(std::move(audit));
  }
  std::sort(audits.begin(), audits.end(), [](const AuditOutcome& a, const AuditOutcome& b) {
    return a.closed_on != b.closed_on ? a.closed_on < b.closed_on : a.company_id < b.company_id;
  });
  for (size_t i = 0; i < audits.size(); ++i) {
    int year;
    unsigned month, day;
    CivilFromDay(audits[i].closed_on, &year, &month, &day);
    char id[32];
    std::snprintf(id, sizeof id, "PCA-%04d-%05d", year, static_cast<int>(i) + 1);
    audits[i].audit_id = id;
  }
  return audits;
}

}  // namespace aduana::gen
