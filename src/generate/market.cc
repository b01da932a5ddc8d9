// Plans the market-level mechanisms and plants them on declarations (DeclarationBuilder::AddWaveItems,
// DeclarationBuilder::PlantPriceCollapse).
#include "generate/market.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "generate/draft.h"
#include "generate/geography.h"
#include "generate/parameters.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

constexpr double kItemsPerDeclaration = 2.5;  // mean goods items of an ordinary declaration
constexpr int kBurstDeclarationDays = 90;     // a burst importer's declarations fall within this many days
constexpr int kMaxRegionDraws = 5000;         // addresses drawn until one lies in the burst's region
constexpr std::array<std::string_view, 3> kWaveCountries = {"VN", "MY", "TH"};

EpochDay StartDay(const PartyOptions& options, Rng& rng) {
  return options.first_day + static_cast<EpochDay>(rng.Int(static_cast<int64_t>(options.days * kMarketStartMin),
                                                           static_cast<int64_t>(options.days * kMarketStartMax)));
}

// Expected declarations of each importer over the period: N times its volume slot's share.
std::vector<double> ExpectedDeclarations(const PartyOptions& options, const Parties& parties) {
  std::vector<double> volume(parties.importers.size(), 0.0);
  for (size_t slot = 0; slot < parties.slot_importer.size(); ++slot) {
    volume[static_cast<size_t>(parties.slot_importer[slot])] +=
        static_cast<double>(options.declarations) * parties.slot_table.Probability(slot);
  }
  return volume;
}

bool TradesWholePeriod(const Parties& parties, const Importer& importer, EpochDay first_day) {
  const Company& company = parties.companies[static_cast<size_t>(importer.company)];
  return importer.active_from == first_day && !company.closed_on && importer.successor < 0 && !importer.small_parcel;
}

// Up to `count` distinct indexes drawn with the given weights.
std::vector<int> DrawDistinct(const std::vector<double>& weights, int count, Rng& rng) {
  std::vector<int> picked;
  if (std::none_of(weights.begin(), weights.end(), [](double w) { return w > 0; })) return picked;
  WeightedTable table(weights);
  for (int tries = 0; static_cast<int>(picked.size()) < count && tries < count * 50; ++tries) {
    int i = static_cast<int>(table.Sample(rng));
    if (weights[static_cast<size_t>(i)] > 0 && std::find(picked.begin(), picked.end(), i) == picked.end()) {
      picked.push_back(i);
    }
  }
  return picked;
}

// Declarations spread over the weekdays of [from, to), `per_week` a week, each to one of `importers`.
void ScheduleWave(const SurgeWave& wave, const std::vector<int>& importers, double per_week, Rng& rng,
                  std::vector<MarketDeclaration>* schedule) {
  for (EpochDay day = wave.from; day < wave.to; ++day) {
    int weekday = ((day + 3) % 7 + 7) % 7;  // 0 = Monday
    if (weekday >= 5) continue;
    double today = per_week / 5;
    int count = static_cast<int>(today) + (rng.Chance(today - std::floor(today)) ? 1 : 0);
    for (int k = 0; k < count; ++k) {
      schedule->push_back({day, importers[rng.Index(importers.size())], true});
    }
  }
}

std::optional<SurgeWave> PlanWave(const PartyOptions& options, const Catalogue& catalogue,
                                  const std::vector<double>& volume, Rng& rng, Parties& parties,
                                  std::vector<MarketDeclaration>* schedule) {
  std::vector<double> weights(parties.importers.size(), 0.0);
  for (size_t i = 0; i < parties.importers.size(); ++i) {
    const Importer& importer = parties.importers[i];
    const Company& company = parties.companies[static_cast<size_t>(importer.company)];
    bool metals = company.sector == "24" || company.sector == "25" || company.sector == "46";
    if (metals && company.aeo_status == "none" && TradesWholePeriod(parties, importer, options.first_day)) {
      weights[i] = volume[i];
    }
  }
  std::vector<int> importers = DrawDistinct(weights, kSurgeImporters, rng);
  std::vector<int> antidumping = catalogue.AntidumpingProducts();
  if (importers.size() < 3 || antidumping.empty()) return std::nullopt;
  SurgeWave wave;
  wave.product = antidumping[rng.Index(antidumping.size())];
  wave.declared_origin = CountryIndex(kWaveCountries[rng.Index(kWaveCountries.size())]);
  for (int k = 0; k < 2; ++k) wave.suppliers.push_back(AddSupplier(parties, wave.declared_origin, rng));
  wave.from = StartDay(options, rng);
  wave.to = std::min(wave.from + kSurgeWeeks * 7, options.first_day + options.days);
  const double weeks = std::max(1.0, options.days / 7.0);
  double per_week = std::max<double>(kSurgeMinPerWeek, kSurgeShareOfWeek * static_cast<double>(options.declarations) / weeks);
  per_week = std::min(per_week, kSurgeMaxShare * static_cast<double>(options.declarations) / kSurgeWeeks);
  ScheduleWave(wave, importers, per_week, rng, schedule);
  parties.truth.push_back({"volume_surge", "hs6_origin", GoodsSubject(catalogue, wave.product, wave.declared_origin),
                           "", wave.from,
                           Concat("true_origin=CN;importers=", importers.size(), ";per_week=",
                                  FormatFixed(per_week, 1), ";until=", FormatDate(wave.to - 1))});
  return wave;
}

// The busiest dutiable HS6 x origin by expected declarations (an item of each of an importer's goods with its
// share of the draws, from each of its suppliers' countries with theirs); one of the first few is drawn.
std::optional<PriceCollapse> PlanCollapse(const PartyOptions& options, const Catalogue& catalogue,
                                          const std::vector<double>& volume, Rng& rng, Parties& parties) {
  std::map<std::pair<int, int>, double> flow;
  for (size_t i = 0; i < parties.importers.size(); ++i) {
    const Importer& importer = parties.importers[i];
    if (volume[i] <= 0 || importer.small_parcel) continue;
    for (size_t k = 0; k < importer.products.size(); ++k) {
      double items = std::min(1.0, kItemsPerDeclaration * importer.product_table.Probability(k));
      for (size_t s = 0; s < importer.suppliers.size(); ++s) {
        int country = parties.suppliers[static_cast<size_t>(importer.suppliers[s])].country;
        flow[{importer.products[k], country}] += volume[i] * items * importer.supplier_table.Probability(s);
      }
    }
  }
  std::vector<std::pair<double, std::pair<int, int>>> busiest;
  for (const auto& [subject, declarations] : flow) {
    if (catalogue.product(static_cast<size_t>(subject.first)).duty_rate > 0) busiest.push_back({declarations, subject});
  }
  if (busiest.empty()) return std::nullopt;
  std::sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  busiest.resize(std::min<size_t>(busiest.size(), kCollapseCandidates));
  const auto& [expected, subject] = busiest[rng.Index(busiest.size())];
  PriceCollapse collapse{subject.first, subject.second, StartDay(options, rng)};
  parties.truth.push_back({"unit_value_collapse", "hs6_origin", GoodsSubject(catalogue, subject.first, subject.second),
                           "", collapse.from,
                           Concat("price_factor=", FormatFixed(kCollapseFactorMin, 2), "-",
                                  FormatFixed(kCollapseFactorMax, 2), ";expected_declarations=",
                                  static_cast<int64_t>(std::lround(expected)))});
  return collapse;
}

// Moves the company to an address in `region`: addresses are drawn by trade weight until one lies there.
void MoveToRegion(Company& company, const std::string& region, Rng& rng) {
  for (int draw = 0; draw < kMaxRegionDraws && company.region != region; ++draw) {
    company.address = MakeAddress(rng, &company.region);
  }
}

void PlanBurst(const PartyOptions& options, const Catalogue& catalogue, Rng& rng, Parties& parties,
               std::vector<MarketDeclaration>* schedule) {
  const int count = std::max(kMinBurstImporters, static_cast<int>(std::lround(
                                                      kBurstImporterShare * static_cast<double>(parties.slot_importer.size()))));
  std::vector<double> shares;
  for (const SectorProfile& s : ImporterSectors()) shares.push_back(s.share);
  const SectorProfile& sector = ImporterSectors()[WeightedTable(shares).Sample(rng)];
  const EpochDay from = StartDay(options, rng);
  const EpochDay end = options.first_day + options.days;
  std::string region;
  for (int k = 0; k < count; ++k) {
    EpochDay registered = from + static_cast<EpochDay>(rng.Int(0, kBurstRegistrationDays - 1));
    EpochDay first = registered + static_cast<EpochDay>(rng.Int(kBurstStartMin, kBurstStartMax));
    int importer = AddEntrant(parties, catalogue, sector, registered, first, end, rng);
    Company& company = parties.companies[static_cast<size_t>(parties.importers[static_cast<size_t>(importer)].company)];
    if (k == 0) region = company.region;
    MoveToRegion(company, region, rng);
    if (first < end) schedule->push_back({first, importer, false});
    for (int64_t n = rng.Int(kBurstDeclarationsMin, kBurstDeclarationsMax) - 1; n > 0; --n) {
      EpochDay day = first + static_cast<EpochDay>(rng.Int(1, kBurstDeclarationDays - 1));
      if (day < end) schedule->push_back({day, importer, false});
    }
    parties.truth.push_back({"new_importer_burst", "company", company.company_id, "", registered,
                             Concat("burst=", sector.isic, "|", region)});
  }
  parties.truth.push_back({"new_importer_burst", "sector_region", Concat(sector.isic, "|", region), "", from,
                           Concat("importers=", count, ";registered_within_days=", kBurstRegistrationDays)});
}

}  // namespace

std::string GoodsSubject(const Catalogue& catalogue, int product, int origin) {
  return Concat(catalogue.product(static_cast<size_t>(product)).hs6, "|", CountryCode(origin));
}

MarketPlan PlanMarketMechanisms(const PartyOptions& options, const Catalogue& catalogue, Parties& parties, Rng& rng) {
  MarketPlan plan;
  if (options.days < kMarketMinDays) return plan;
  const std::vector<double> volume = ExpectedDeclarations(options, parties);
  plan.wave = PlanWave(options, catalogue, volume, rng, parties, &plan.schedule);
  plan.collapse = PlanCollapse(options, catalogue, volume, rng, parties);
  PlanBurst(options, catalogue, rng, parties, &plan.schedule);
  std::stable_sort(plan.schedule.begin(), plan.schedule.end(),
                   [](const MarketDeclaration& a, const MarketDeclaration& b) { return a.day < b.day; });
  return plan;
}

// A declaration of the wave: one or two lines of the anti-dumping goods, Chinese goods at Chinese prices,
// declared as of the third country and shipped by one of the front suppliers there.
void DeclarationBuilder::AddWaveItems(DeclarationDraft& d) {
  const SurgeWave& wave = *world_.market.wave;
  const Importer& importer = world_.parties.importers[static_cast<size_t>(d.importer)];
  for (int64_t n = rng_.Int(1, 2); n > 0; --n) {
    ItemTruth item = MakeItem(wave.product, CountryIndex("CN"), false, importer.price_factor);
    item.declared_origin = wave.declared_origin;
    item.fraud_type = kOrigin;
    d.truth.push_back(item);
  }
  AddTruth(d, "volume_surge",
           Concat("subject=", GoodsSubject(world_.catalogue, wave.product, wave.declared_origin), ";true_origin=CN"));
}

// From the collapse's start every importer declares the goods at a fraction of their price.
void DeclarationBuilder::PlantPriceCollapse(DeclarationDraft& d) {
  const std::optional<PriceCollapse>& collapse = world_.market.collapse;
  if (!collapse || d.day < collapse->from || d.split_target > 0) return;
  auto collapsing = [&](const ItemTruth& item) {
    return item.fraud_type < 0 && item.product == collapse->product && item.declared_origin == collapse->origin;
  };
  if (std::none_of(d.truth.begin(), d.truth.end(), collapsing)) return;
  const double factor = rng_.Uniform(kCollapseFactorMin, kCollapseFactorMax);
  int count = 0;
  for (ItemTruth& item : d.truth) {
    if (!collapsing(item)) continue;
    item.unit_usd_declared = item.unit_usd_true * factor;
    item.fraud_type = kUndervaluation;
    ++count;
  }
  AddTruth(d, "unit_value_collapse",
           Concat("subject=", GoodsSubject(world_.catalogue, collapse->product, collapse->origin), ";items=", count,
                  ";price_factor=", FormatFixed(factor, 2)));
}

}  // namespace aduana::gen
