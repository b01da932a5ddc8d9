#include "generate/parties.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "generate/geography.h"
#include "generate/parameters.h"

namespace aduana::gen {
namespace {

constexpr int kSuppliersPerImporterDivisor = 2;  // supplier pool = importers / 2

struct CarrierSpec {
  std::string_view name;
  int mode;
  std::string_view code;
  std::string_view sector;
};

constexpr std::array<CarrierSpec, 31> kCarriers = {{
    {"Naviera Transpacífico S.A. de C.V.", kSea, "NTPA", "50"},
    {"Líneas Marítimas del Golfo S.A. de C.V.", kSea, "LMGF", "50"},
    {"Oceanic Container Line México S.A. de C.V.", kSea, "OCLM", "50"},
    {"Pacific Star Shipping México S.A. de C.V.", kSea, "PSSM", "50"},
    {"Atlántica Navegación S.A. de C.V.", kSea, "ATNV", "50"},
    {"Blue Anchor Lines México S.A. de C.V.", kSea, "BALM", "50"},
    {"Eastern Sea Freight México S.A. de C.V.", kSea, "ESFM", "50"},
    {"Hanse Container Agencia S.A. de C.V.", kSea, "HCAG", "50"},
    {"Marítima Sol del Sur S.A. de C.V.", kSea, "MSDS", "50"},
    {"Coral Bay Shipping México S.A. de C.V.", kSea, "CBSM", "50"},
    {"Aerocarga Azteca S.A. de C.V.", kAir, "139", "51"},
    {"Transportes Aéreos del Pacífico S.A. de C.V.", kAir, "865", "51"},
    {"Global Air Cargo México S.A. de C.V.", kAir, "406", "51"},
    {"Cargo Jet Internacional S.A. de C.V.", kAir, "176", "51"},
    {"Eurofreight Airlines México S.A. de C.V.", kAir, "057", "51"},
    {"Asia Pacific Air Freight S.A. de C.V.", kAir, "618", "51"},
    {"Mensajería Express Global S.A. de C.V.", kAir, "235", "53"},
    {"Paquetería Rápida Internacional S.A. de C.V.", kAir, "020", "53"},
    {"Transportes del Norte Hermanos S.A. de C.V.", kRoad, "TNH", "49"},
    {"Autotransportes Frontera S.A. de C.V.", kRoad, "AFR", "49"},
    {"Fletes y Carga del Bajío S.A. de C.V.", kRoad, "FCB", "49"},
    {"Logística Terrestre Regiomontana S.A. de C.V.", kRoad, "LTR", "49"},
    {"Transportes Paso del Río S.A. de C.V.", kRoad, "TPR", "49"},
    {"Carga Pesada de Chihuahua S.A. de C.V.", kRoad, "CPC", "49"},
    {"Autolíneas Tijuana Express S.A. de C.V.", kRoad, "ATE", "49"},
    {"Transportes Sierra Madre S.A. de C.V.", kRoad, "TSM", "49"},
    {"Ferrocarriles del Noreste S.A. de C.V.", kRail, "FNE", "49"},
    {"Ferrovías del Bajío S.A. de C.V.", kRail, "FDB", "49"},
    {"Correos de México", kPost, "CMX", "53"},
    {"Servicio Postal Internacional S.A. de C.V.", kPost, "SPI", "53"},
    {"Transportes Golfo Centro S.A. de C.V.", kRoad, "TGC", "49"},
}};

constexpr std::array<std::string_view, 5> kBusinessCentres = {
    "Av. Paseo de la Reforma 250, Piso 10, Col. Juárez, C.P. 06600, Ciudad de México, Ciudad de México",
    "Av. Constitución 2050, Oficina 301, Col. Centro, C.P. 64000, Monterrey, Nuevo León",
    "Av. Vallarta 6503, Local 12, Col. Ciudad Granja, C.P. 45010, Zapopan, Jalisco",
    "Blvd. Agua Caliente 10611, Piso 4, Col. Aviación, C.P. 22014, Tijuana, Baja California",
    "Calle Hidalgo 120, Interior 5, Col. Centro, C.P. 88000, Nuevo Laredo, Tamaulipas",
};

// A sector's preferred supplier countries (food from the Americas and Europe, metals from Asia, ...).
double CountryWeightForSector(std::string_view sector, const CountryInfo& country) {
  double w = country.import_share;
  if (sector == "10" || sector == "11") {
    if (country.code == "CN" || country.code == "KR" || country.code == "TW") w *= 0.2;
    if (country.region == Region::kLatinAmerica) w *= 4;
    if (country.code == "ES" || country.code == "FR" || country.code == "IT") w *= 2;
  } else if (sector == "24" || sector == "25") {
    if (country.code == "CN" || country.code == "KR" || country.code == "JP" || country.code == "TW") w *= 1.6;
  } else if (sector == "13" || sector == "14" || sector == "15") {
    if (country.code == "CN" || country.code == "VN" || country.code == "IN" || country.code == "TR") w *= 2;
  }
  return w;
}

EpochDay PastRegistrationDay(EpochDay first_day, Rng& rng, double median_years) {
  double years = std::clamp(rng.LogNormal(median_years, 0.8), 0.3, 40.0);
  return first_day - static_cast<EpochDay>(years * 365.25) - static_cast<EpochDay>(rng.Int(0, 180));
}

void AddCarriers(Parties& parties, EpochDay first_day, Rng& rng) {
  for (const CarrierSpec& spec : kCarriers) {
    int company = AddCompany(parties, std::string(spec.name), PastRegistrationDay(first_day, rng, 15),
                             std::string(spec.sector), rng);
    if (rng.Chance(0.3)) parties.companies[static_cast<size_t>(company)].aeo_status = "AEOS";
    Carrier carrier;
    carrier.company = company;
    carrier.mode = spec.mode;
    carrier.code = std::string(spec.code);
    if (spec.mode == kSea) carrier.container_owner = std::string(spec.code.substr(0, 3));
    parties.carriers.push_back(std::move(carrier));
  }
}

void AddBrokers(Parties& parties, int count, EpochDay first_day, Rng& rng) {
  for (int i = 0; i < count; ++i) {
    int company = AddCompany(parties, MakeBrokerName(rng), PastRegistrationDay(first_day, rng, 12), "5229", rng);
    if (rng.Chance(0.10)) parties.companies[static_cast<size_t>(company)].aeo_status = "AEOC";
    parties.brokers.push_back(company);
  }
  parties.broker_table = WeightedTable(ZipfWeights(static_cast<size_t>(count), kBrokerZipfExponent, 2));
}

void AddSuppliers(Parties& parties, int count, Rng& rng) {
  const auto& countries = Countries();
  double total = 0;
  for (const CountryInfo& c : countries) total += c.import_share;
  parties.suppliers_by_country.assign(countries.size(), {});
  for (size_t c = 0; c < countries.size(); ++c) {
    int n = std::max(2, static_cast<int>(std::lround(count * countries[c].import_share / total)));
    for (int i = 0; i < n; ++i) AddSupplier(parties, static_cast<int>(c), rng);
  }
}

int PickSupplierOf(const Parties& parties, int country, Rng& rng) {
  const std::vector<int>& candidates = parties.suppliers_by_country[static_cast<size_t>(country)];
  return candidates[rng.Index(candidates.size())];
}

std::vector<int> SmallParcelProducts(const Catalogue& catalogue) {
  std::vector<int> result;
  for (int p : catalogue.ProductsInChapters({33, 42, 61, 62, 64, 85, 95, 96})) {
    const Product& product = catalogue.product(static_cast<size_t>(p));
    if (catalogue.IsCountUnit(product.unit) && product.kg_per_unit < 3 && product.usd_per_unit < 400) {
      result.push_back(p);
    }
  }
  return result;
}

// Picks `count` distinct products, more popular ones first, and weighs them with a Zipf law.
void AssignProducts(Importer& importer, const Catalogue& catalogue, const std::vector<int>& candidates, int count,
                    Rng& rng) {
  std::vector<double> weights;
  for (int p : candidates) weights.push_back(catalogue.product(static_cast<size_t>(p)).popularity);
  WeightedTable table(weights);
  count = std::min<int>(count, static_cast<int>(candidates.size()));
  for (int tries = 0; static_cast<int>(importer.products.size()) < count && tries < count * 20; ++tries) {
    int p = candidates[table.Sample(rng)];
    if (std::find(importer.products.begin(), importer.products.end(), p) == importer.products.end()) {
      importer.products.push_back(p);
    }
  }
  importer.product_table = WeightedTable(ZipfWeights(importer.products.size(), 1.0, 0.5));
}

void AssignSuppliers(Importer& importer, const Parties& parties, std::string_view sector, int count, Rng& rng) {
  const auto& countries = Countries();
  std::vector<double> weights;
  for (const CountryInfo& c : countries) weights.push_back(CountryWeightForSector(sector, c));
  WeightedTable country_table(weights);
  int primary = static_cast<int>(country_table.Sample(rng));
  for (int i = 0; i < count; ++i) {
    int country = i == 0 || rng.Chance(0.65) ? primary : static_cast<int>(country_table.Sample(rng));
    int supplier = PickSupplierOf(parties, country, rng);
    if (std::find(importer.suppliers.begin(), importer.suppliers.end(), supplier) == importer.suppliers.end()) {
      importer.suppliers.push_back(supplier);
    }
  }
  importer.supplier_table = WeightedTable(ZipfWeights(importer.suppliers.size(), 1.2, 0.3));
}

void AddImporters(Parties& parties, int count, const PartyOptions& options, const Catalogue& catalogue, Rng& rng) {
  std::vector<double> sector_weights;
  for (const SectorProfile& s : ImporterSectors()) sector_weights.push_back(s.share);
  WeightedTable sector_table(sector_weights);
  std::vector<int> parcel_products = SmallParcelProducts(catalogue);
  EpochDay end_day = options.first_day + options.days;
  for (int rank = 0; rank < count; ++rank) {
    double top = rank < count / 50 ? 1.0 : rank < count * 15 / 100 ? 0.4 : 0.0;
    Importer importer;
    importer.size_rank = rank;
    importer.small_parcel = rng.Chance(kSmallParcelShare);
    const SectorProfile& sector = ImporterSectors()[sector_table.Sample(rng)];
    std::string sector_code(importer.small_parcel ? "47" : sector.isic);
    bool new_entrant = rng.Chance(kNewEntrantShare);
    EpochDay registered = new_entrant ? options.first_day + static_cast<EpochDay>(rng.Int(0, options.days * 4 / 5))
                                      : PastRegistrationDay(options.first_day, rng, 9);
    importer.company = AddCompany(parties, MakeCompanyName(rng), registered, sector_code, rng);
    importer.active_from = new_entrant ? registered + static_cast<EpochDay>(rng.Int(3, 30)) : options.first_day;
    importer.active_to = end_day;
    if (!new_entrant && rng.Chance(kHonestClosureShare)) {
      EpochDay closed = options.first_day + static_cast<EpochDay>(rng.Int(options.days / 5, options.days - 1));
      parties.companies[static_cast<size_t>(importer.company)].closed_on = closed;
      importer.active_to = closed;
    }
    const std::vector<int> candidates =
        importer.small_parcel ? parcel_products : catalogue.ProductsInChapters(sector.chapters);
    AssignProducts(importer, catalogue, candidates, 1 + rng.Poisson(1.5 + 12 * top), rng);
    AssignSuppliers(importer, parties, sector_code, 1 + rng.Poisson(0.8 + 5 * top), rng);
    importer.price_factor = rng.LogNormal(1.0, kImporterPriceSigma);
    bool self = rng.Chance(kSelfDeclaringShare * (top > 0.5 ? 3 : 1));
    importer.declarant = self ? importer.company : parties.brokers[parties.broker_table.Sample(rng)];
    double aeo_share = rank < count / 20 ? kAeoShareLarge : kAeoShareOther;
    if (!importer.small_parcel && rng.Chance(aeo_share)) {
      parties.companies[static_cast<size_t>(importer.company)].aeo_status = rng.Chance(0.5) ? "AEOF" : "AEOC";
    }
    parties.company_importer[static_cast<size_t>(importer.company)] = static_cast<int>(parties.importers.size());
    parties.slot_importer.push_back(static_cast<int>(parties.importers.size()));
    parties.importers.push_back(std::move(importer));
  }
  parties.slot_table =
      WeightedTable(ZipfWeights(static_cast<size_t>(count), kImporterZipfExponent, kImporterZipfOffset));
}

void AddRegistryOnlyCompanies(Parties& parties, int count, EpochDay first_day, Rng& rng) {
  std::vector<double> sector_weights;
  for (const SectorProfile& s : ImporterSectors()) sector_weights.push_back(s.share);
  WeightedTable sector_table(sector_weights);
  for (int i = 0; i < count; ++i) {
    std::string sector(ImporterSectors()[sector_table.Sample(rng)].isic);
    int company = AddCompany(parties, MakeCompanyName(rng), PastRegistrationDay(first_day, rng, 10), sector, rng);
    if (rng.Chance(0.05)) {
      parties.companies[static_cast<size_t>(company)].closed_on = first_day - static_cast<EpochDay>(rng.Int(30, 2000));
    }
    parties.registry_only.push_back(company);
  }
}

// Related companies share a director; a few companies sit at a business-centre address.
void LinkRelatedCompanies(Parties& parties, Rng& rng) {
  size_t n = parties.companies.size();
  for (size_t i = 0; i < n; ++i) {
    if (parties.companies[i].sector == "5229" || !rng.Chance(kRelatedCompanyShare)) continue;
    size_t j = rng.Index(n);
    if (j == i || parties.companies[j].sector == "5229") continue;
    parties.companies[i].directors.push_back(parties.companies[j].directors.front());
    if (parties.related[i] < 0) parties.related[i] = static_cast<int>(j);
    if (parties.related[j] < 0) parties.related[j] = static_cast<int>(i);
  }
  for (Company& company : parties.companies) {
    if (rng.Chance(kSharedAddressShare)) company.address = std::string(kBusinessCentres[rng.Index(5)]);
  }
}

bool IsFraudster(const Parties& parties, int company) {
  int importer = parties.company_importer[static_cast<size_t>(company)];
  return importer >= 0 && parties.importers[static_cast<size_t>(importer)].fraud.Any();
}

// Rating, credit score and tax debt of one company; fraudsters lean towards the bad end.
void ScoreCompany(Company& company, bool fraud, Rng& rng) {
  constexpr std::array<std::string_view, 5> kRatings = {"A", "B", "C", "D", "E"};
  static const WeightedTable kHonestRatings({0.30, 0.35, 0.20, 0.10, 0.05});
  static const WeightedTable kFraudRatings({0.08, 0.20, 0.30, 0.25, 0.17});
  if (!rng.Chance(0.08)) {
    company.compliance_rating = std::string(kRatings[(fraud ? kFraudRatings : kHonestRatings).Sample(rng)]);
  }
  if (!rng.Chance(0.05)) {
    double score = rng.Normal(fraud ? 52 : 66, 15);
    company.credit_score = static_cast<int>(std::clamp(std::lround(score), 1L, 99L));
  }
  double debt = 0;
  if (rng.Chance(fraud ? 0.45 : 0.18)) debt = rng.LogNormal(fraud ? 600'000 : 120'000, 1.4);
  company.tax_debt = std::round(debt * 100) / 100;
}

// Ratings, credit scores and tax debts of the registry; phoenix predecessors leave debts.
void AssignRegistryScores(Parties& parties, Rng& rng) {
  for (size_t c = 0; c < parties.companies.size(); ++c) {
    ScoreCompany(parties.companies[c], IsFraudster(parties, static_cast<int>(c)), rng);
  }
  for (const Importer& importer : parties.importers) {
    if (importer.successor < 0) continue;
    Company& company = parties.companies[static_cast<size_t>(importer.company)];
    company.compliance_rating.assign(1, 'E');  // (not = "E": GCC 12 -O3 reports a false -Wrestrict)
    company.tax_debt = std::round(rng.LogNormal(6'000'000, 0.8) * 100) / 100;
  }
}

}  // namespace

int AddSupplier(Parties& parties, int country, Rng& rng) {
  const CountryInfo& info = Countries()[static_cast<size_t>(country)];
  Supplier supplier;
  char id[24];
  std::snprintf(id, sizeof id, "%s-S%06d", std::string(info.code).c_str(),
                static_cast<int>(parties.suppliers.size()) + 1);
  supplier.id = id;
  supplier.name = MakeSupplierName(rng, info.company_suffix);
  supplier.country = country;
  parties.suppliers.push_back(std::move(supplier));
  int index = static_cast<int>(parties.suppliers.size()) - 1;
  parties.suppliers_by_country[static_cast<size_t>(country)].push_back(index);
  return index;
}

bool Parties::IsColludingBroker(int company) const {
  return std::find(colluding_brokers.begin(), colluding_brokers.end(), company) != colluding_brokers.end();
}

int AddEntrant(Parties& parties, const Catalogue& catalogue, const SectorProfile& sector, EpochDay registered,
               EpochDay active_from, EpochDay active_to, Rng& rng) {
  Importer importer;
  importer.size_rank = static_cast<int>(parties.importers.size());
  importer.company = AddCompany(parties, MakeCompanyName(rng), registered, std::string(sector.isic), rng);
  importer.active_from = active_from;
  importer.active_to = active_to;
  AssignProducts(importer, catalogue, catalogue.ProductsInChapters(sector.chapters), 1 + rng.Poisson(1.5), rng);
  AssignSuppliers(importer, parties, sector.isic, 1 + rng.Poisson(0.8), rng);
  importer.price_factor = rng.LogNormal(1.0, kImporterPriceSigma);
  bool self = rng.Chance(kSelfDeclaringShare);
  importer.declarant = self ? importer.company : parties.brokers[parties.broker_table.Sample(rng)];
  ScoreCompany(parties.companies[static_cast<size_t>(importer.company)], false, rng);
  int index = static_cast<int>(parties.importers.size());
  parties.company_importer[static_cast<size_t>(importer.company)] = index;
  parties.importers.push_back(std::move(importer));
  return index;
}

Parties BuildParties(const PartyOptions& options, const Catalogue& catalogue, Rng& rng) {
  Parties parties;
  int importers = std::max<int>(kMinImporters, static_cast<int>(options.declarations / kDeclarationsPerImporter));
  int brokers =
      std::clamp<int>(static_cast<int>(options.declarations / kDeclarationsPerBroker), kMinBrokers, kMaxBrokers);
  AddCarriers(parties, options.first_day, rng);
  AddBrokers(parties, brokers, options.first_day, rng);
  AddSuppliers(parties, std::max(60, importers / kSuppliersPerImporterDivisor), rng);
  AddImporters(parties, importers, options, catalogue, rng);
  AddRegistryOnlyCompanies(parties, static_cast<int>(importers * kRegistryOnlyPerImporter) + 10, options.first_day,
                           rng);
  LinkRelatedCompanies(parties, rng);
  PlantFraudProfiles(options, catalogue, rng, parties);
  AssignRegistryScores(parties, rng);
  return parties;
}

}  // namespace aduana::gen
