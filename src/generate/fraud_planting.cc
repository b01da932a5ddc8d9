// Declaration-level planting of the fraud mechanisms: what an undervaluer, a tariff shifter, a manifest
// mismatcher, a colluding broker's client or a smuggler changes on a declaration, and its ground truth.
#include <algorithm>
#include <cmath>

#include "generate/draft.h"
#include "generate/parameters.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

struct MismatchVariant {
  std::string_view kind;
  double weight;
};
constexpr std::array<MismatchVariant, 5> kMismatchVariants = {{
    {"gross_mass", 0.30},
    {"packages", 0.20},
    {"consignee", 0.15},
    {"goods_description", 0.20},
    {"missing_document", 0.15},
}};

constexpr double kUnderdeclaredShareMin = 0.5, kUnderdeclaredShareMax = 0.8;  // declared / true quantity
constexpr double kBrokerUndervaluationMin = 0.4, kBrokerUndervaluationMax = 0.7;
constexpr double kMissingDocumentHiddenMin = 0.5, kMissingDocumentHiddenMax = 1.5;  // hidden / declared value
constexpr double kHiddenGoodsDutyRate = 15.0;

int Undervalue(std::vector<ItemTruth>& items, double share, double lo, double hi, Rng& rng, double* mean_factor) {
  int count = 0;
  double sum = 0;
  for (ItemTruth& item : items) {
    if (item.fraud_type >= 0 || !rng.Chance(share)) continue;
    double factor = rng.Uniform(lo, hi);
    item.unit_usd_declared = item.unit_usd_true * factor;
    item.fraud_type = kUndervaluation;
    sum += factor;
    ++count;
  }
  *mean_factor = count > 0 ? sum / count : 0.0;
  return count;
}

// Declares items under a lower-duty neighbour of the same heading (or chapter); returns the first shift.
int ShiftTariffs(std::vector<ItemTruth>& items, double share, const Catalogue& catalogue, Rng& rng,
                 std::string* first_shift) {
  int count = 0;
  for (ItemTruth& item : items) {
    const std::vector<int>& neighbours = catalogue.product(static_cast<size_t>(item.product)).lower_duty_neighbours;
    if (item.fraud_type >= 0 || neighbours.empty() || !rng.Chance(share)) continue;
    item.declared_product = neighbours[rng.Index(neighbours.size())];
    item.describe_true_goods = true;
    item.fraud_type = kMisclassification;
    if (count++ == 0) {
      *first_shift = Concat("true_hs6=", catalogue.product(static_cast<size_t>(item.product)).hs6,
                            ";declared_hs6=", catalogue.product(static_cast<size_t>(item.declared_product)).hs6);
    }
  }
  return count;
}

}  // namespace

SmugglingTraits TraitsOf(SmugglingKind kind) {
  switch (kind) {
    case SmugglingKind::kCounterfeit:
      return {"counterfeit_goods", kProhibited, 1};
    case SmugglingKind::kCigarettes:
      return {"undeclared_cigarettes", kSmuggling, 1};
    case SmugglingKind::kWeaponParts:
      return {"weapon_parts", kProhibited, 2};
    case SmugglingKind::kPrecursors:
      return {"drug_precursors", kProhibited, 2};
    case SmugglingKind::kUndeclaredGoods:
      return {"undeclared_goods", kSmuggling, 0};
    case SmugglingKind::kNone:
      break;
  }
  return {"none", -1, 0};
}

void DeclarationBuilder::AddTruth(DeclarationDraft& d, std::string mechanism, std::string detail) {
  const std::string& id = d.declaration.declaration_id;
  d.truth_rows.push_back({std::move(mechanism), "declaration", id, id, d.day, std::move(detail)});
}

void DeclarationBuilder::PlantImporterFraud(DeclarationDraft& d) {
  const Importer& importer = world_.parties.importers[static_cast<size_t>(d.importer)];
  const FraudProfile& f = importer.fraud;
  if (importer.small_parcel) return;
  if (f.undervalues && d.day >= f.undervalues_since) {
    double mean_factor = 0;
    int count = Undervalue(d.truth, f.undervalued_share, kUndervaluationFactorMin, kUndervaluationFactorMax, rng_,
                           &mean_factor);
    if (count > 0) {
      AddTruth(d, "undervaluation", Concat("items=", count, ";price_factor=", FormatFixed(mean_factor, 2)));
    }
  }
  if (f.shifts_tariff && d.day >= f.shifts_since) {
    std::string shift;
    int count = ShiftTariffs(d.truth, f.shifted_share, world_.catalogue, rng_, &shift);
    if (count > 0) AddTruth(d, "tariff_shifting", Concat("items=", count, ";", shift));
  }
  if (f.mismatches_manifest && d.day >= f.mismatches_since && rng_.Chance(f.mismatch_share)) {
    ChooseManifestMismatch(d, "manifest_mismatch");
  }
}

// A colluding broker adds fraud of several kinds to a share of its clients' declarations.
void DeclarationBuilder::PlantBrokerFraud(DeclarationDraft& d) {
  const Importer& importer = world_.parties.importers[static_cast<size_t>(d.importer)];
  if (importer.small_parcel || !world_.parties.IsColludingBroker(importer.declarant)) return;
  if (!d.mismatch_kind.empty()) return;  // the planted mismatch needs its items untouched
  if (!rng_.Chance(kColludingBrokerExtraFraudRate)) return;
  std::string kind;
  double u = rng_.Uniform();
  if (u >= 0.5 && u < 0.75) {
    std::string shift;
    if (ShiftTariffs(d.truth, 1.0, world_.catalogue, rng_, &shift) > 0) kind = Concat("tariff_shifting;", shift);
  } else if (u >= 0.75) {
    ChooseManifestMismatch(d, "colluding_broker");
    if (!d.mismatch_kind.empty()) kind = Concat("manifest_mismatch;variant=", d.mismatch_kind);
  }
  if (kind.empty()) {
    double mean_factor = 0;
    if (Undervalue(d.truth, 1.0, kBrokerUndervaluationMin, kBrokerUndervaluationMax, rng_, &mean_factor) > 0) {
      kind = Concat("undervaluation;price_factor=", FormatFixed(mean_factor, 2));
    }
  }
  if (kind.empty()) return;
  const std::string& broker = world_.parties.companies[static_cast<size_t>(importer.declarant)].company_id;
  AddTruth(d, "colluding_broker", Concat("broker=", broker, ";kind=", kind));
}

void DeclarationBuilder::ChooseManifestMismatch(DeclarationDraft& d, std::string mechanism) {
  std::vector<double> weights;
  for (const MismatchVariant& v : kMismatchVariants) weights.push_back(v.weight);
  std::string_view kind = kMismatchVariants[WeightedTable(weights).Sample(rng_)].kind;
  const ItemTruth& first = d.truth.front();
  int64_t packages = 0;
  for (const ItemTruth& item : d.truth) packages += item.packages_true;
  bool any_free = std::any_of(d.truth.begin(), d.truth.end(), [](const ItemTruth& i) { return i.fraud_type < 0; });
  if (kind == "goods_description" &&
      (first.fraud_type >= 0 ||
       world_.catalogue.product(static_cast<size_t>(first.product)).cheaper_other_chapter.empty())) {
    kind = "gross_mass";
  }
  if (kind == "packages" && packages < 2) kind = "gross_mass";
  if (!any_free && kind != "missing_document") kind = "consignee";
  d.mismatch_kind = std::string(kind);
  d.mismatch_mechanism = std::move(mechanism);
}

void DeclarationBuilder::ApplyMismatchToItems(DeclarationDraft& d) {
  if (d.mismatch_kind.empty()) return;
  const std::string& kind = d.mismatch_kind;
  std::string detail = Concat("variant=", kind);
  if (kind == "gross_mass" || kind == "packages") {
    double share = rng_.Uniform(kUnderdeclaredShareMin, kUnderdeclaredShareMax);
    for (ItemTruth& item : d.truth) {
      if (item.fraud_type >= 0) continue;
      bool count_unit = world_.catalogue.IsCountUnit(world_.catalogue.product(static_cast<size_t>(item.product)).unit);
      double q = item.quantity_true * share;
      item.quantity_declared = count_unit ? std::max(1.0, std::round(q)) : std::max(0.001, std::round(q * 1000) / 1000);
      item.net_mass_declared = std::max(0.001, std::round(item.net_mass_true * share * 1000) / 1000);
      if (kind == "packages" && item.packages_true > 1) {
        item.packages_declared = std::max<int64_t>(1, static_cast<int64_t>(std::floor(item.packages_true * share)));
      }
      item.fraud_type = kQuantity;
    }
    Append(&detail, ";declared_share=", FormatFixed(share, 2));
  } else if (kind == "consignee") {
    double mean_factor = 0;
    Undervalue(d.truth, 1.0, kBrokerUndervaluationMin, kBrokerUndervaluationMax, rng_, &mean_factor);
  } else if (kind == "goods_description") {
    const Product& real = world_.catalogue.product(static_cast<size_t>(d.truth.front().product));
    int declared = real.cheaper_other_chapter[rng_.Index(real.cheaper_other_chapter.size())];
    for (ItemTruth& item : d.truth) {
      const Product& p = world_.catalogue.product(static_cast<size_t>(item.product));
      if (item.fraud_type >= 0 || p.hs6.compare(0, 4, real.hs6, 0, 4) != 0) continue;
      item.declared_product = declared;
      item.fraud_type = kMisclassification;
    }
    Append(&detail, ";true_hs6=", real.hs6,
           ";declared_hs6=", world_.catalogue.product(static_cast<size_t>(declared)).hs6);
  }
  if (d.mismatch_mechanism == "manifest_mismatch") AddTruth(d, "manifest_mismatch", detail);
}

void DeclarationBuilder::ApplyMismatchToDocument(DeclarationDraft& d) {
  const std::string& kind = d.mismatch_kind;
  if (kind == "consignee") {
    const Parties& parties = world_.parties;
    int owner = parties.registry_only[rng_.Index(parties.registry_only.size())];
    d.document.consignee_id = parties.companies[static_cast<size_t>(owner)].company_id;
  } else if (kind == "goods_description") {
    d.document.hs_code = world_.catalogue.product(static_cast<size_t>(d.truth.front().product)).hs6.substr(0, 4);
  } else if (kind == "missing_document") {
    d.document_filed = false;
    double hidden = d.declaration.customs_value * rng_.Uniform(kMissingDocumentHiddenMin, kMissingDocumentHiddenMax);
    d.loss[kSmuggling] += TaxAtStake(hidden, kHiddenGoodsDutyRate);
  }
}

void DeclarationBuilder::PlantSmuggling(DeclarationDraft& d) {
  if (!rng_.Chance(kSmugglingRate)) return;
  static const WeightedTable kKinds({0.30, 0.20, 0.10, 0.10, 0.30});
  constexpr std::array<SmugglingKind, 5> kOrder = {SmugglingKind::kCounterfeit, SmugglingKind::kCigarettes,
                                                   SmugglingKind::kWeaponParts, SmugglingKind::kPrecursors,
                                                   SmugglingKind::kUndeclaredGoods};
  d.smuggling = kOrder[kKinds.Sample(rng_)];
  SmugglingTraits traits = TraitsOf(d.smuggling);
  if (d.smuggling == SmugglingKind::kCigarettes) {
    d.loss[kSmuggling] += TaxAtStake(d.declaration.customs_value * rng_.Uniform(0.5, 2.0), 67.0);
  } else if (d.smuggling == SmugglingKind::kUndeclaredGoods) {
    d.loss[kSmuggling] += TaxAtStake(d.declaration.customs_value * rng_.Uniform(0.3, 1.0), kHiddenGoodsDutyRate);
  }
  AddTruth(d, "smuggling",
           Concat("kind=", traits.name, ";fraud_type=", FraudTypeName(traits.fraud_type),
                  ";critical_level=", traits.critical_level));
}

}  // namespace aduana::gen
