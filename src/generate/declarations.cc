// Honest declarations: parties, routing, goods items, values, currency, incoterm and duties. Planted fraud
// (fraud_planting.cc) and transport documents (documents.cc) hook in at fixed points of Build().
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/codes.h"
#include "generate/draft.h"
#include "generate/parameters.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

constexpr std::array<double, 9> kItemCountWeights = {0.33, 0.26, 0.17, 0.11, 0.07, 0.03, 0.015, 0.01, 0.005};
constexpr double kInwardProcessingShare = 0.08;  // of manufacturers' declarations (procedure 5100)

struct IncotermWeight {
  std::string_view term;
  double sea, air, land, parcel;
};
constexpr std::array<IncotermWeight, 12> kIncoterms = {{
    {"FOB", 0.35, 0.00, 0.00, 0.00},
    {"CIF", 0.20, 0.00, 0.00, 0.00},
    {"EXW", 0.08, 0.15, 0.20, 0.00},
    {"FCA", 0.10, 0.35, 0.40, 0.00},
    {"CFR", 0.10, 0.00, 0.00, 0.00},
    {"DAP", 0.08, 0.20, 0.30, 0.60},
    {"DDP", 0.03, 0.05, 0.05, 0.30},
    {"CIP", 0.03, 0.10, 0.00, 0.00},
    {"CPT", 0.02, 0.15, 0.05, 0.10},
    {"DPU", 0.01, 0.00, 0.00, 0.00},
    {"FAS", 0.005, 0.00, 0.00, 0.00},
    {"DAT", 0.0, 0.00, 0.00, 0.00},
}};

std::string_view PickIncoterm(int mode, bool small_parcel, Rng& rng) {
  std::vector<double> weights;
  for (const IncotermWeight& w : kIncoterms) {
    weights.push_back(small_parcel ? w.parcel : mode == kSea ? w.sea : mode == kAir ? w.air : w.land);
  }
  return kIncoterms[WeightedTable(weights).Sample(rng)].term;
}

double FreightShare(int mode, Rng& rng) {
  double median = mode == kSea ? 0.06 : mode == kAir ? 0.12 : mode == kPost ? 0.10 : 0.04;
  return std::min(0.4, rng.LogNormal(median, 0.35));
}

double Round2(double v) { return std::round(v * 100.0) / 100.0; }

double RoundQuantity(double q, bool count_unit) {
  if (count_unit) return std::max(1.0, std::round(q));
  return std::max(0.001, std::round(q * 1000.0) / 1000.0);
}

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

}  // namespace

double TaxAtStake(double customs_value, double duty_rate) {
  double duty = customs_value * duty_rate / 100.0;
  return duty + kVatRate * (customs_value + duty);
}

DeclarationBuilder::DeclarationBuilder(const World& world, uint64_t seed)
    : world_(world), rng_(seed), seed_(seed), carriers_by_mode_(8) {
  for (size_t c = 0; c < world.parties.carriers.size(); ++c) {
    carriers_by_mode_[static_cast<size_t>(world.parties.carriers[c].mode)].push_back(static_cast<int>(c));
  }
}

std::string DeclarationBuilder::NextDeclarationId(UnixMillis lodged_at) {
  int year;
  unsigned month, day;
  CivilFromDay(static_cast<EpochDay>(lodged_at / kMillisPerDay), &year, &month, &day);
  if (year != id_year_) {
    id_year_ = year;
    id_counter_ = 0;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "D%04d-%08lld", year, static_cast<long long>(++id_counter_));
  return buf;
}

void DeclarationBuilder::ChooseRouting(DeclarationDraft& d, bool small_parcel, bool by_sea) {
  const Supplier& supplier = world_.parties.suppliers[static_cast<size_t>(d.supplier)];
  const CountryInfo& country = Countries()[static_cast<size_t>(supplier.country)];
  int mode = by_sea ? kSea : PickTransportMode(country.region, small_parcel, rng_);
  const EntryOffice& office = EntryOffices()[static_cast<size_t>(PickEntryOffice(mode, country.region, rng_))];
  Declaration& decl = d.declaration;
  decl.transport_mode = mode;
  decl.customs_office = std::string(office.office_id);
  decl.port_of_entry = std::string(office.locode);
  if (mode == kRoad || mode == kRail) {
    bool canada = country.code == "CA";
    decl.port_of_loading = canada                        ? "CATOR"
                           : office.office_id == "MX070" ? "USELP"
                           : office.office_id == "MX400" ? "USSAN"
                                                         : "USLRD";
  } else {
    decl.port_of_loading = std::string(country.ports[mode == kAir ? 2 : rng_.Index(2)]);
  }
}

ItemTruth DeclarationBuilder::MakeItem(int product, int origin, bool small_parcel, double price_factor) {
  const Catalogue& catalogue = world_.catalogue;
  const Product& p = catalogue.product(static_cast<size_t>(product));
  ItemTruth item;
  item.product = item.declared_product = product;
  item.true_origin = item.declared_origin = origin;
  bool count_unit = catalogue.IsCountUnit(p.unit);
  double unit_price = catalogue.WorldPriceUsd(static_cast<size_t>(product), origin) * price_factor *
                      rng_.LogNormal(1.0, kTransactionPriceSigma);
  double target_value =
      small_parcel ? std::clamp(rng_.LogNormal(45, 1.0), 3.0, 3000.0) : rng_.LogNormal(p.shipment_usd, kItemValueSigma);
  item.quantity_true = item.quantity_declared = RoundQuantity(target_value / unit_price, count_unit);
  item.unit_usd_true = item.unit_usd_declared = unit_price;
  double kg = p.unit == "KGM" ? item.quantity_true : item.quantity_true * p.kg_per_unit * rng_.LogNormal(1.0, 0.05);
  item.net_mass_true = item.net_mass_declared = std::max(0.001, std::round(kg * 1000.0) / 1000.0);
  double packages = p.unit == "TNE" ? 1.0 : std::ceil(kg / p.kg_per_package * rng_.LogNormal(1.0, 0.25));
  item.packages_true = item.packages_declared = std::max<int64_t>(1, static_cast<int64_t>(packages));
  return item;
}

void DeclarationBuilder::AddItems(DeclarationDraft& d, bool antidumping_shipment, bool laundering) {
  const Importer& importer = world_.parties.importers[static_cast<size_t>(d.importer)];
  bool small = importer.small_parcel;
  int supplier_country = world_.parties.suppliers[static_cast<size_t>(d.supplier)].country;
  int china = CountryIndex("CN");
  std::vector<int> antidumping;  // the importer's goods under anti-dumping duty (origin laundering targets)
  for (int p : importer.products) {
    if (world_.catalogue.product(static_cast<size_t>(p)).antidumping_cn > 0) antidumping.push_back(p);
  }
  antidumping_shipment = antidumping_shipment && !antidumping.empty();
  laundering = laundering && antidumping_shipment;
  size_t count =
      small ? (rng_.Chance(0.75) ? 1 : 2)
      : antidumping_shipment
          ? static_cast<size_t>(rng_.Int(1, 2))
          : 1 + WeightedTable(std::vector<double>(kItemCountWeights.begin(), kItemCountWeights.end())).Sample(rng_);
  for (size_t i = 0; i < count; ++i) {
    int product = antidumping_shipment ? antidumping[rng_.Index(antidumping.size())]
                                       : importer.products[importer.product_table.Sample(rng_)];
    int origin = supplier_country;
    if (antidumping_shipment) {
      origin = china;
    } else if (rng_.Chance(kOtherOriginShare)) {
      origin = supplier_country == china ? static_cast<int>(rng_.Index(Countries().size())) : china;
    }
    ItemTruth item = MakeItem(product, origin, small, importer.price_factor);
    if (laundering) {
      item.declared_origin = supplier_country;
      item.fraud_type = kOrigin;
    }
    d.truth.push_back(item);
  }
}

double DeclarationBuilder::MfnRate(int product, int origin) const {
  const Product& p = world_.catalogue.product(static_cast<size_t>(product));
  return p.duty_rate + (CountryCode(origin) == "CN" ? p.antidumping_cn : 0.0);
}

// The rate the goods should have paid: the declared one unless a planted fraud changed goods, origin or the
// de minimis treatment.
double DeclarationBuilder::TrueDutyRate(const DeclarationDraft& d, const ItemTruth& item, double declared_rate,
                                        bool preference_claimed) const {
  if (d.duty_suspended) return 0;
  if (d.split_target > 0) return MfnRate(item.product, item.true_origin);
  switch (item.fraud_type) {
    case kMisclassification:
      return preference_claimed ? 0.0 : MfnRate(item.product, item.true_origin);
    case kOrigin:
      return MfnRate(item.product, item.true_origin);
    default:
      return declared_rate;
  }
}

double DeclarationBuilder::DeclaredDutyRate(const DeclarationDraft& d, const ItemTruth& item, std::string* preference) {
  preference->clear();
  if (d.duty_suspended || d.de_minimis) return 0;
  const Product& p = world_.catalogue.product(static_cast<size_t>(item.declared_product));
  const CountryInfo& origin = Countries()[static_cast<size_t>(item.declared_origin)];
  bool may_claim = item.fraud_type != kMisclassification || rng_.Chance(0.2);  // shifting pays off without one
  if (!origin.preference.empty() && p.duty_rate > 0 && may_claim && rng_.Chance(kPreferenceClaimShare)) {
    *preference = std::string(origin.preference);
    return 0;
  }
  return MfnRate(item.declared_product, item.declared_origin);
}

// Currency, incoterm, freight and insurance, customs value (invoice + freight + insurance) x rate, then the
// items' shares of it and their duties; fills the revenue at stake of any planted item fraud.
void DeclarationBuilder::ComputeValues(DeclarationDraft& d) {
  Declaration& decl = d.declaration;
  const Supplier& supplier = world_.parties.suppliers[static_cast<size_t>(d.supplier)];
  const CountryInfo& country = Countries()[static_cast<size_t>(supplier.country)];
  bool small = world_.parties.importers[static_cast<size_t>(d.importer)].small_parcel;
  std::string_view currency = rng_.Chance(country.local_currency_share) ? country.currency : "USD";
  if (country.code == "US" && rng_.Chance(0.04)) currency = "MXN";
  int currency_index = ExchangeRates::CurrencyIndex(currency);
  decl.currency = std::string(currency);
  decl.exchange_rate = world_.rates.NationalPerUnit(currency_index, d.day);
  double usd_rate = world_.rates.UsdRate(d.day);
  decl.incoterm = d.split_target > 0 ? "DAP" : std::string(PickIncoterm(decl.transport_mode, small, rng_));
  double threshold = kDeMinimisUsd * usd_rate;

  double usd_declared = 0;
  for (const ItemTruth& item : d.truth) usd_declared += item.UsdDeclared();
  if (d.split_target > 0) {  // a split member is priced just under the de minimis
    double scale = d.split_target * threshold / (usd_declared * usd_rate);
    for (ItemTruth& item : d.truth) item.unit_usd_declared = item.unit_usd_true = item.unit_usd_true * scale;
    usd_declared *= scale;
  }
  double to_currency = usd_rate / decl.exchange_rate;
  decl.invoice_amount = Round2(usd_declared * to_currency);
  bool includes_freight = IncotermIncludesFreight(decl.incoterm) || decl.incoterm == "CFR" || decl.incoterm == "CPT";
  decl.freight = includes_freight ? 0.0 : Round2(decl.invoice_amount * FreightShare(decl.transport_mode, rng_));
  decl.insurance =
      IncotermIncludesFreight(decl.incoterm) ? 0.0 : Round2(decl.invoice_amount * rng_.Uniform(0.001, 0.006));
  double base = decl.invoice_amount + decl.freight + decl.insurance;
  if (decl.freight > 0 && rng_.Chance(kFreightOmittedRate)) base = decl.invoice_amount;  // honest clerical slip
  decl.customs_value = Round2(base * decl.exchange_rate);
  d.de_minimis = decl.customs_value < threshold;
  WriteItems(d, usd_declared > 0 ? decl.customs_value / usd_declared : 0.0);
}

void DeclarationBuilder::WriteItems(DeclarationDraft& d, double national_per_declared_usd) {
  Declaration& decl = d.declaration;
  const Importer& importer = world_.parties.importers[static_cast<size_t>(d.importer)];
  bool upper_case = importer.size_rank % 3 == 0;  // some brokers type descriptions in capitals
  double allocated = 0;
  double net_declared = 0, net_true = 0;
  decl.packages = 0;
  d.items.resize(d.truth.size());
  for (size_t i = 0; i < d.truth.size(); ++i) {
    ItemTruth& t = d.truth[i];
    GoodsItem& item = d.items[i];
    const Product& declared = world_.catalogue.product(static_cast<size_t>(t.declared_product));
    const Product& real = world_.catalogue.product(static_cast<size_t>(t.product));
    item.declaration_id = decl.declaration_id;
    item.item_number = static_cast<int>(i) + 1;
    item.hs_code =
        declared
            .national_lines[HashValues(static_cast<uint64_t>(d.importer), static_cast<uint64_t>(t.declared_product)) %
                            declared.national_lines.size()];
    item.description = t.describe_true_goods ? real.description : declared.description;
    if (upper_case) item.description = Upper(item.description);
    item.country_of_origin = std::string(CountryCode(t.declared_origin));
    item.quantity = t.quantity_declared;
    item.quantity_unit = declared.unit;
    item.net_mass_kg = t.net_mass_declared;
    bool last = i + 1 == d.truth.size();
    item.customs_value = last ? std::max(0.0, Round2(decl.customs_value - allocated))
                              : Round2(t.UsdDeclared() * national_per_declared_usd);
    allocated += item.customs_value;
    item.duty_rate = DeclaredDutyRate(d, t, &item.preference_code);
    item.duty_declared = Round2(item.customs_value * item.duty_rate / 100.0);
    if (t.fraud_type >= 0) {
      double true_rate = TrueDutyRate(d, t, item.duty_rate, !item.preference_code.empty());
      double true_value = t.UsdDeclared() > 0 ? item.customs_value * t.UsdTrue() / t.UsdDeclared() : 0.0;
      double declared_tax = d.de_minimis ? 0.0 : TaxAtStake(item.customs_value, item.duty_rate);
      double at_stake = TaxAtStake(true_value, true_rate) - declared_tax;
      if (at_stake > 0) d.loss[static_cast<size_t>(t.fraud_type)] += at_stake;
    }
    net_declared += t.net_mass_declared;
    net_true += t.net_mass_true;
    decl.packages += t.packages_declared;
  }
  decl.gross_mass_kg = Round2(net_declared * d.gross_factor);
  d.document.gross_mass_kg = Round2(net_true * d.gross_factor * rng_.LogNormal(1.0, 0.004));
}

void DeclarationBuilder::Build(const DeclarationPlan& plan, DeclarationDraft* out) {
  DeclarationDraft& d = *out;
  d = DeclarationDraft();
  d.importer = plan.importer;
  d.day = static_cast<EpochDay>(plan.lodged_at / kMillisPerDay);
  const Importer& importer = world_.parties.importers[static_cast<size_t>(plan.importer)];
  const FraudProfile& fraud = importer.fraud;
  Declaration& decl = d.declaration;
  decl.declaration_id = NextDeclarationId(plan.lodged_at);
  decl.lodged_at = plan.lodged_at;
  decl.importer_id = world_.parties.companies[static_cast<size_t>(importer.company)].company_id;
  decl.declarant_id = world_.parties.companies[static_cast<size_t>(importer.declarant)].company_id;

  const bool wave = plan.surge_wave && world_.market.wave;
  bool antidumping_shipment = !wave && fraud.launders_origin && rng_.Chance(0.5);
  bool laundering = antidumping_shipment && d.day >= fraud.launders_since && rng_.Chance(kLaunderedShare);
  d.supplier = plan.split_supplier >= 0 ? plan.split_supplier
               : wave                   ? world_.market.wave->suppliers[rng_.Index(world_.market.wave->suppliers.size())]
               : laundering             ? fraud.laundering_supplier
               : antidumping_shipment   ? importer.suppliers.front()
                                        : importer.suppliers[importer.supplier_table.Sample(rng_)];
  if (plan.split_group >= 0) d.split_target = rng_.Uniform(kSplitValueMin, kSplitValueMax);
  const Supplier& supplier = world_.parties.suppliers[static_cast<size_t>(d.supplier)];
  decl.supplier_id = supplier.id;
  decl.supplier_country = decl.country_of_export = std::string(CountryCode(supplier.country));
  ChooseRouting(d, importer.small_parcel, antidumping_shipment || wave);  // steel and aluminium travel by sea
  std::string_view sector = world_.parties.companies[static_cast<size_t>(importer.company)].sector;
  bool manufacturer = sector == "26" || sector == "27" || sector == "28" || sector == "29";
  d.duty_suspended = manufacturer && !fraud.Any() && rng_.Chance(kInwardProcessingShare);
  decl.procedure_code = d.duty_suspended ? "5100" : "4000";
  d.gross_factor = rng_.Uniform(1.03, 1.15);
  if (wave) {
    AddWaveItems(d);
  } else {
    AddItems(d, antidumping_shipment, laundering);
  }
  if (plan.split_group >= 0) {
    for (ItemTruth& item : d.truth) item.fraud_type = kQuantity;
  }
  if (laundering) {
    if (rng_.Chance(kLaunderingLoadsInChina)) {  // transshipped: the bill of lading starts in China
      decl.port_of_loading = std::string(Countries()[static_cast<size_t>(CountryIndex("CN"))].ports[rng_.Index(3)]);
    }
    AddTruth(
        d, "origin_laundering",
        Concat("true_origin=CN;declared_origin=", decl.supplier_country, ";port_of_loading=", decl.port_of_loading));
  }
  if (!d.duty_suspended) {
    PlantImporterFraud(d);
    PlantBrokerFraud(d);
    PlantPriceCollapse(d);
  }
  ApplyMismatchToItems(d);
  ComputeValues(d);
  BuildDocument(d);
  ApplyMismatchToDocument(d);
  AddHonestNoise(d);
  PlantSmuggling(d);
  if (plan.split_group >= 0) {
    AddTruth(d, "split_shipment",
             Concat("group=G", plan.split_group, ";members=", plan.split_members,
                    ";value_share_of_de_minimis=", FormatFixed(d.split_target, 2)));
  }
}

}  // namespace aduana::gen
