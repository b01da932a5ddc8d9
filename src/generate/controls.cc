#include "generate/controls.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "generate/parameters.h"

namespace aduana::gen {
namespace {

constexpr UnixMillis kHour = 3'600'000;
constexpr double kRedShare = 0.55;  // inspected declarations sent to physical (red) rather than documentary
// Chance that an examiner finds each fraud type, by channel.
constexpr std::array<double, kFraudTypes> kDetectRed = {0.80, 0.75, 0.45, 0.90, 0.95, 0.85};
constexpr std::array<double, kFraudTypes> kDetectYellow = {0.60, 0.55, 0.35, 0.50, 0.15, 0.40};
constexpr std::array<int, 6> kSensitiveChapters = {24, 61, 62, 64, 72, 95};

bool InSensitiveChapter(int chapter) {
  return std::find(kSensitiveChapters.begin(), kSensitiveChapters.end(), chapter) != kSensitiveChapters.end();
}

}  // namespace

std::string_view FraudTypeName(int type) {
  constexpr std::array<std::string_view, kFraudTypes> kNames = {"undervaluation", "misclassification", "origin",
                                                                "quantity",       "prohibited",        "smuggling"};
  return type >= 0 && type < kFraudTypes ? kNames[static_cast<size_t>(type)] : "";
}

InspectionSelector::InspectionSelector(const World& world, uint64_t seed) : world_(world), rng_(seed) {}

// The legacy selector's crude rules: sensitive goods, Chinese metals, a low value per kilogram against the
// tariff's reference, new or badly rated importers, first declarations, no transport document.
int InspectionSelector::LegacyRiskScore(const DeclarationDraft& d, const ImporterLedger& ledger) const {
  const Company& importer =
      world_.parties.companies[static_cast<size_t>(world_.parties.importers[static_cast<size_t>(d.importer)].company)];
  const ItemTruth& first = d.truth.front();
  const Product& declared = world_.catalogue.product(static_cast<size_t>(first.declared_product));
  int score = 0;
  if (InSensitiveChapter(declared.chapter)) ++score;
  if (d.items.front().country_of_origin == "CN")
    score += (declared.chapter == 72 || declared.chapter == 73 || declared.chapter == 76) ? 2 : 1;
  double usd_rate = world_.rates.UsdRate(d.day);
  double reference_per_kg = declared.usd_per_unit / declared.kg_per_unit;
  double declared_per_kg = d.items.front().customs_value / usd_rate / std::max(0.001, d.items.front().net_mass_kg);
  if (declared_per_kg < 0.5 * reference_per_kg) score += 2;
  if (importer.registered_on && d.day - *importer.registered_on < 365) score += 2;
  if (importer.compliance_rating == "D" || importer.compliance_rating == "E") ++score;
  if (ledger.declarations < 3) ++score;
  if (d.declaration.transport_document_id.empty()) ++score;
  return score;
}

std::optional<InspectionOutcome> InspectionSelector::Inspect(const DeclarationDraft& d, const ImporterLedger& ledger) {
  const Company& importer =
      world_.parties.companies[static_cast<size_t>(world_.parties.importers[static_cast<size_t>(d.importer)].company)];
  double rule_rate = std::min(kRuleMaxRate, kRuleBaseRate + kRulePerPoint * LegacyRiskScore(d, ledger));
  if (importer.aeo_status != "none") rule_rate *= kAeoInspectionFactor;
  bool random = rng_.Chance(kRandomInspectionRate);
  bool tip = d.smuggling != SmugglingKind::kNone && rng_.Chance(kSmugglingTipRate);
  bool rule = rng_.Chance(rule_rate);
  if (!random && !tip && !rule) return std::nullopt;
  InspectionOutcome outcome;
  outcome.declaration_id = d.declaration.declaration_id;
  outcome.channel = tip || rng_.Chance(kRedShare) ? "red" : "yellow";
  double hours = outcome.channel == "red" ? rng_.Uniform(2, 30) : rng_.Uniform(1, 10);
  UnixMillis at = d.declaration.lodged_at + static_cast<UnixMillis>(hours * static_cast<double>(kHour));
  outcome.inspected_at = at - at % 1000;
  RecordFindings(d, outcome);
  return outcome;
}

void InspectionSelector::RecordFindings(const DeclarationDraft& d, InspectionOutcome& outcome) {
  const auto& detect = outcome.channel == "red" ? kDetectRed : kDetectYellow;
  std::array<bool, kFraudTypes> present{};
  for (int t = 0; t < kFraudTypes; ++t) present[static_cast<size_t>(t)] = d.loss[static_cast<size_t>(t)] > 0;
  SmugglingTraits traits = TraitsOf(d.smuggling);
  if (traits.fraud_type >= 0) present[static_cast<size_t>(traits.fraud_type)] = true;
  double revenue = 0;
  for (int t = 0; t < kFraudTypes; ++t) {
    if (!present[static_cast<size_t>(t)] || !rng_.Chance(detect[static_cast<size_t>(t)])) continue;
    outcome.fraud_types.emplace_back(FraudTypeName(t));
    revenue += d.loss[static_cast<size_t>(t)];
    if (t == traits.fraud_type) {
      outcome.seizure = true;
      outcome.critical_level = traits.critical_level;
    }
  }
  if (outcome.fraud_types.empty() && !d.Fraudulent() && rng_.Chance(kHonestErrorFoundRate)) {
    static const WeightedTable kHonestTypes({0.5, 0.25, 0.10, 0.15});
    constexpr std::array<int, 4> kTypes = {kUndervaluation, kMisclassification, kOrigin, kQuantity};
    outcome.fraud_types.emplace_back(FraudTypeName(kTypes[kHonestTypes.Sample(rng_)]));
    revenue = TaxAtStake(d.declaration.customs_value, 10.0) * rng_.Uniform(0.01, 0.08);
  }
  outcome.non_compliant = !outcome.fraud_types.empty();
  outcome.additional_revenue = std::round(revenue * 100) / 100;
}

}  // namespace aduana::gen
