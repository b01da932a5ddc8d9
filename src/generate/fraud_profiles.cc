// Plants the entity-level fraud mechanisms on the parties and records their ground truth.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "generate/geography.h"
#include "generate/parameters.h"
#include "generate/parties.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

using Eligible = std::function<bool(const Importer&)>;

bool IsAeo(const Parties& parties, const Importer& importer) {
  return parties.companies[static_cast<size_t>(importer.company)].aeo_status != "none";
}

int CountFor(const Parties& parties, double share, int minimum) {
  return std::max(minimum, static_cast<int>(std::lround(share * static_cast<double>(parties.importers.size()))));
}

// Draws `count` distinct importers among the eligible ones with enough volume to show a pattern (Zipf ranks
// from `top_share` (1% by default) to 70%) that trade over the whole period; AEOs and importers that already
// commit another fraud are less likely.
std::vector<int> PickImporters(const Parties& parties, int count, const Eligible& eligible, Rng& rng,
                               double top_share = 0.01) {
  size_t n = parties.slot_importer.size();
  size_t lo = static_cast<size_t>(static_cast<double>(n) * top_share);
  size_t hi = std::max(lo + 1, n * 7 / 10);
  EpochDay first_active = parties.importers.empty() ? 0 : parties.importers[0].active_from;
  for (const Importer& importer : parties.importers) first_active = std::min(first_active, importer.active_from);
  std::vector<double> weights(parties.importers.size(), 0.0);
  int eligible_count = 0;
  for (size_t slot = lo; slot < hi && slot < n; ++slot) {
    const Importer& importer = parties.importers[static_cast<size_t>(parties.slot_importer[slot])];
    bool whole_period = importer.active_from == first_active &&
                        !parties.companies[static_cast<size_t>(importer.company)].closed_on.has_value();
    if (!eligible(importer) || !whole_period || importer.successor >= 0) continue;
    double w = IsAeo(parties, importer) ? kAeoFraudWeight : 1.0;
    if (importer.fraud.Any()) w *= 0.2;
    weights[static_cast<size_t>(parties.slot_importer[slot])] = w;
    ++eligible_count;
  }
  std::vector<int> picked;
  if (eligible_count == 0) return picked;
  WeightedTable table(weights);
  count = std::min(count, eligible_count);
  for (int tries = 0; static_cast<int>(picked.size()) < count && tries < count * 50; ++tries) {
    int index = static_cast<int>(table.Sample(rng));
    if (weights[static_cast<size_t>(index)] <= 0) continue;
    if (std::find(picked.begin(), picked.end(), index) != picked.end()) continue;
    picked.push_back(index);
  }
  return picked;
}

EpochDay SinceDay(const PartyOptions& options, Rng& rng) {
  if (rng.Chance(0.7)) return options.first_day;
  return options.first_day + static_cast<EpochDay>(rng.Int(options.days / 10, options.days * 6 / 10));
}

bool HasShiftableProduct(const Importer& importer, const Catalogue& catalogue) {
  for (int p : importer.products) {
    if (!catalogue.product(static_cast<size_t>(p)).lower_duty_neighbours.empty()) return true;
  }
  return false;
}

void PutFirst(std::vector<int>& values, int value) {
  values.erase(std::remove(values.begin(), values.end(), value), values.end());
  values.insert(values.begin(), value);
}

void PlantUndervaluers(const PartyOptions& options, Rng& rng, Parties& parties) {
  auto eligible = [](const Importer& i) { return !i.small_parcel; };
  for (int index : PickImporters(parties, CountFor(parties, kUndervaluerShare, kMinUndervaluers), eligible, rng)) {
    FraudProfile& fraud = parties.importers[static_cast<size_t>(index)].fraud;
    fraud.undervalues = true;
    fraud.undervalued_share = rng.Uniform(kUndervaluedItemShareMin, kUndervaluedItemShareMax);
    fraud.undervalues_since = SinceDay(options, rng);
  }
}

void PlantTariffShifters(const PartyOptions& options, const Catalogue& catalogue, Rng& rng, Parties& parties) {
  auto eligible = [&](const Importer& i) { return !i.small_parcel && HasShiftableProduct(i, catalogue); };
  for (int index : PickImporters(parties, CountFor(parties, kTariffShifterShare, kMinTariffShifters), eligible, rng)) {
    FraudProfile& fraud = parties.importers[static_cast<size_t>(index)].fraud;
    fraud.shifts_tariff = true;
    fraud.shifted_share = rng.Uniform(kShiftedItemShareMin, kShiftedItemShareMax);
    fraud.shifts_since = SinceDay(options, rng);
  }
}

// Launderers import anti-dumping goods from China, honestly at first when they start mid-period, then
// through a front trading company in a third country.
void PlantLaunderers(const PartyOptions& options, const Catalogue& catalogue, Rng& rng, Parties& parties) {
  auto eligible = [&](const Importer& i) {
    std::string_view sector = parties.companies[static_cast<size_t>(i.company)].sector;
    return !i.small_parcel && (sector == "24" || sector == "25" || sector == "46");
  };
  std::vector<int> antidumping = catalogue.AntidumpingProducts();
  const std::vector<std::string_view> kVia = {"VN", "MY", "TH", "TW"};
  int china = CountryIndex("CN");
  for (int index : PickImporters(parties, CountFor(parties, kLaundererShare, kMinLaunderers), eligible, rng)) {
    Importer& importer = parties.importers[static_cast<size_t>(index)];
    int first = antidumping[rng.Index(antidumping.size())];
    int second = antidumping[rng.Index(antidumping.size())];
    PutFirst(importer.products, second);
    PutFirst(importer.products, first);
    importer.product_table = WeightedTable(ZipfWeights(importer.products.size(), 1.0, 0.5));
    const std::vector<int>& chinese = parties.suppliers_by_country[static_cast<size_t>(china)];
    PutFirst(importer.suppliers, chinese[rng.Index(chinese.size())]);
    importer.supplier_table = WeightedTable(ZipfWeights(importer.suppliers.size(), 1.2, 0.3));
    FraudProfile& fraud = importer.fraud;
    fraud.launders_origin = true;
    fraud.laundering_country = CountryIndex(kVia[rng.Index(kVia.size())]);
    fraud.laundering_supplier = AddSupplier(parties, fraud.laundering_country, rng);
    fraud.launders_since = rng.Chance(0.5)
                               ? options.first_day
                               : options.first_day + static_cast<EpochDay>(rng.Int(options.days / 5, options.days / 2));
  }
}

void PlantSplitters(const PartyOptions& options, Rng& rng, Parties& parties) {
  auto eligible = [](const Importer& i) { return i.small_parcel; };
  // Splitters are small traders: their groups multiply their declarations.
  for (int index :
       PickImporters(parties, CountFor(parties, kSplitterShare, kMinSplitters), eligible, rng, kSplitterTopShare)) {
    FraudProfile& fraud = parties.importers[static_cast<size_t>(index)].fraud;
    fraud.splits = true;
    fraud.splits_since = SinceDay(options, rng);
  }
}

void PlantMismatchers(const PartyOptions& options, Rng& rng, Parties& parties) {
  auto eligible = [](const Importer& i) { return !i.small_parcel; };
  for (int index : PickImporters(parties, CountFor(parties, kMismatcherShare, kMinMismatchers), eligible, rng)) {
    FraudProfile& fraud = parties.importers[static_cast<size_t>(index)].fraud;
    fraud.mismatches_manifest = true;
    fraud.mismatch_share = rng.Uniform(kMismatchShareMin, kMismatchShareMax);
    fraud.mismatches_since = SinceDay(options, rng);
  }
}

void PlantColludingBrokers(Rng& rng, Parties& parties) {
  size_t count = parties.brokers.size() >= 60 ? 2 : 1;
  for (size_t k = 0; k < count; ++k) {
    int64_t last = std::min<int64_t>(15, static_cast<int64_t>(parties.brokers.size()) - 1);
    size_t rank = static_cast<size_t>(rng.Int(std::min<int64_t>(3, last), last));
    int broker = parties.brokers[rank];
    if (!parties.IsColludingBroker(broker)) parties.colluding_brokers.push_back(broker);
  }
  for (Importer& importer : parties.importers) {
    if (!importer.fraud.Any() || importer.declarant == importer.company) continue;
    if (rng.Chance(kFraudsterUsesColludingBroker)) {
      importer.declarant = parties.colluding_brokers[rng.Index(parties.colluding_brokers.size())];
    }
  }
}

// A fraudulent importer closes mid-period; a new company registered shortly after shares its directors or
// its address, takes over its suppliers and goods and goes on with the same fraud.
void PlantPhoenixes(const PartyOptions& options, Rng& rng, Parties& parties) {
  if (options.days < 60) return;
  auto eligible = [](const Importer& i) {
    return !i.small_parcel && (i.fraud.undervalues || i.fraud.shifts_tariff || i.fraud.mismatches_manifest);
  };
  for (int index : PickImporters(parties, CountFor(parties, kPhoenixShare, kMinPhoenixes), eligible, rng)) {
    EpochDay closed = options.first_day + static_cast<EpochDay>(rng.Int(options.days * 3 / 10, options.days * 13 / 20));
    EpochDay registered = closed + static_cast<EpochDay>(rng.Int(5, 45));
    Importer successor = parties.importers[static_cast<size_t>(index)];
    const Company& old_company = parties.companies[static_cast<size_t>(successor.company)];
    std::string sector = old_company.sector;
    int company = AddCompany(parties, MakeCompanyName(rng), registered, sector, rng);
    Company& old_ref = parties.companies[static_cast<size_t>(successor.company)];
    Company& new_company = parties.companies[static_cast<size_t>(company)];
    bool share_directors = rng.Chance(0.8);
    bool share_address = !share_directors || rng.Chance(0.5);
    if (share_directors) new_company.directors = {old_ref.directors.front()};
    if (share_directors && rng.Chance(0.5)) new_company.directors.push_back(NewPersonId(parties));
    if (share_address) {
      new_company.address = old_ref.address;
      new_company.region = old_ref.region;
    }
    old_ref.closed_on = closed;
    successor.company = company;
    successor.predecessor = index;
    successor.active_from = registered + static_cast<EpochDay>(rng.Int(3, 15));
    successor.active_to = options.first_day + options.days;
    if (rng.Chance(0.3)) successor.declarant = parties.brokers[parties.broker_table.Sample(rng)];
    FraudProfile& fraud = successor.fraud;
    fraud.undervalues_since = std::max(fraud.undervalues_since, successor.active_from);
    fraud.shifts_since = std::max(fraud.shifts_since, successor.active_from);
    fraud.mismatches_since = std::max(fraud.mismatches_since, successor.active_from);
    fraud.launders_since = std::max(fraud.launders_since, successor.active_from);
    fraud.splits_since = std::max(fraud.splits_since, successor.active_from);
    int successor_index = static_cast<int>(parties.importers.size());
    parties.company_importer[static_cast<size_t>(company)] = successor_index;
    Importer& predecessor = parties.importers[static_cast<size_t>(index)];
    predecessor.active_to = closed;
    predecessor.successor = successor_index;
    std::string old_id = parties.companies[static_cast<size_t>(predecessor.company)].company_id;
    std::string new_id = parties.companies[static_cast<size_t>(company)].company_id;
    parties.importers.push_back(std::move(successor));
    std::string shared = share_directors && share_address ? "directors,address"
                         : share_directors                ? "directors"
                                                          : "address";
    parties.truth.push_back({"phoenix_company", "company", old_id, "", closed,
                             Concat("role=predecessor;successor=", new_id, ";shared=", shared)});
    parties.truth.push_back({"phoenix_company", "company", new_id, "", registered,
                             Concat("role=successor;predecessor=", old_id, ";shared=", shared)});
  }
}

void RecordEntityTruth(Parties& parties) {
  for (const Importer& importer : parties.importers) {
    const FraudProfile& f = importer.fraud;
    const std::string& id = parties.companies[static_cast<size_t>(importer.company)].company_id;
    if (f.undervalues) {
      parties.truth.push_back({"undervaluation", "company", id, "", f.undervalues_since,
                               Concat("item_share=", FormatFixed(f.undervalued_share, 2),
                                      ";price_factor=", FormatFixed(kUndervaluationFactorMin, 2), "-",
                                      FormatFixed(kUndervaluationFactorMax, 2))});
    }
    if (f.shifts_tariff) {
      parties.truth.push_back({"tariff_shifting", "company", id, "", f.shifts_since,
                               Concat("item_share=", FormatFixed(f.shifted_share, 2))});
    }
    if (f.launders_origin) {
      parties.truth.push_back(
          {"origin_laundering", "company", id, "", f.launders_since,
           Concat("true_origin=CN;declared_origin=", CountryCode(f.laundering_country),
                  ";front_supplier=", parties.suppliers[static_cast<size_t>(f.laundering_supplier)].id)});
    }
    if (f.splits) {
      parties.truth.push_back({"split_shipment", "company", id, "", f.splits_since,
                               Concat("de_minimis_usd=", FormatFixed(kDeMinimisUsd, 0))});
    }
    if (f.mismatches_manifest) {
      parties.truth.push_back({"manifest_mismatch", "company", id, "", f.mismatches_since,
                               Concat("declaration_share=", FormatFixed(f.mismatch_share, 2))});
    }
  }
}

void RecordBrokerTruth(const PartyOptions& options, Parties& parties) {
  for (int broker : parties.colluding_brokers) {
    int clients = 0, fraudulent = 0;
    for (const Importer& importer : parties.importers) {
      if (importer.declarant != broker) continue;
      ++clients;
      if (importer.fraud.Any()) ++fraudulent;
    }
    parties.truth.push_back({"colluding_broker", "company", parties.companies[static_cast<size_t>(broker)].company_id,
                             "", options.first_day,
                             Concat("clients=", clients, ";fraudulent_clients=", fraudulent,
                                    ";extra_fraud_rate=", FormatFixed(kColludingBrokerExtraFraudRate, 2))});
  }
}

}  // namespace

void PlantFraudProfiles(const PartyOptions& options, const Catalogue& catalogue, Rng& rng, Parties& parties) {
  PlantUndervaluers(options, rng, parties);
  PlantTariffShifters(options, catalogue, rng, parties);
  PlantLaunderers(options, catalogue, rng, parties);
  PlantSplitters(options, rng, parties);
  PlantMismatchers(options, rng, parties);
  PlantColludingBrokers(rng, parties);
  PlantPhoenixes(options, rng, parties);
  RecordEntityTruth(parties);
  RecordBrokerTruth(options, parties);
}

}  // namespace aduana::gen
