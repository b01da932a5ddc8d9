// The parties of the synthetic world: importers (with their goods, suppliers, broker and any planted fraud
// behaviour), customs brokers, carriers, foreign suppliers and other registry companies.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "core/party.h"
#include "generate/catalogue.h"
#include "generate/random.h"
#include "generate/table.h"

namespace aduana::gen {

// Fraud behaviour planted on an importer (all off for honest importers). Each applies from its `since` day.
struct FraudProfile {
  bool undervalues = false;
  double undervalued_share = 0;
  EpochDay undervalues_since = 0;

  bool shifts_tariff = false;
  double shifted_share = 0;
  EpochDay shifts_since = 0;

  bool launders_origin = false;
  int laundering_country = -1;   // country index the goods are routed through
  int laundering_supplier = -1;  // supplier index of the front trading company there
  EpochDay launders_since = 0;

  bool splits = false;
  EpochDay splits_since = 0;

  bool mismatches_manifest = false;
  double mismatch_share = 0;
  EpochDay mismatches_since = 0;

  bool Any() const { return undervalues || shifts_tariff || launders_origin || splits || mismatches_manifest; }
};

struct Importer {
  int company = -1;    // index in Parties::companies
  int declarant = -1;  // company index of its broker (its own index when it declares itself)
  std::vector<int> products;
  WeightedTable product_table;  // over `products`
  std::vector<int> suppliers;   // indexes in Parties::suppliers
  WeightedTable supplier_table;
  bool small_parcel = false;
  double price_factor = 1;
  int size_rank = 0;  // 0 = largest
  EpochDay active_from = 0;
  EpochDay active_to = 0;  // exclusive
  int successor = -1;      // phoenix successor (importer index)
  int predecessor = -1;
  FraudProfile fraud;
};

struct Supplier {
  std::string id;
  std::string name;
  int country = 0;
};

struct Carrier {
  int company = -1;
  int mode = 0;
  std::string code;             // SCAC-like prefix of bills, airline prefix of air waybills, ...
  std::string conveyance;       // vessel IMO numbers, flight prefix, plate prefix
  std::string container_owner;  // ISO 6346 owner code (3 letters), sea carriers only
};

struct Parties {
  std::vector<Company> companies;
  std::vector<Importer> importers;
  std::vector<int> slot_importer;  // volume slot (Zipf rank order) -> first importer of its chain
  WeightedTable slot_table;
  std::vector<int> brokers;  // company indexes
  WeightedTable broker_table;
  std::vector<int> colluding_brokers;  // company indexes
  std::vector<Carrier> carriers;
  std::vector<Supplier> suppliers;
  std::vector<std::vector<int>> suppliers_by_country;  // country index -> supplier indexes
  std::vector<int> registry_only;                      // company indexes of companies that never trade
  std::vector<int> related;                            // company index -> a related company sharing a director, or -1
  std::vector<TruthRow> truth;                         // ground truth of planted entities
  std::vector<int> company_importer;                   // company index -> importer index or -1
  std::unordered_set<std::string> used_ids;
  int next_person = 1;

  bool IsColludingBroker(int company) const;
};

struct PartyOptions {
  int64_t declarations = 0;
  EpochDay first_day = 0;
  int days = 365;
};

Parties BuildParties(const PartyOptions& options, const Catalogue& catalogue, Rng& rng);

// Plants the entity-level fraud mechanisms (fraud_profiles.cc): undervaluers, tariff shifters, origin
// launderers, splitters, manifest mismatchers, colluding brokers and phoenix successors.
void PlantFraudProfiles(const PartyOptions& options, const Catalogue& catalogue, Rng& rng, Parties& parties);

// Company records (party_names.cc).
std::string MakeCompanyName(Rng& rng);
std::string MakeBrokerName(Rng& rng);
std::string MakeSupplierName(Rng& rng, std::string_view suffix);
std::string MakeAddress(Rng& rng, std::string* region);
std::string MakeTaxId(const std::string& name, EpochDay registered_on, Rng& rng);

// Appends an importer registered during the period that trades in [active_from, active_to), outside the volume
// slots (the market-level mechanisms give it its declarations): goods of the sector's chapters, suppliers, a
// broker and registry scores like any small honest importer. Returns its importer index.
int AddEntrant(Parties& parties, const Catalogue& catalogue, const SectorProfile& sector, EpochDay registered,
               EpochDay active_from, EpochDay active_to, Rng& rng);

// Appends a new importing company; used for the initial importers and for phoenix successors.
// Gives it one to three new directors (person ids "P000123") and a fresh address.
int AddCompany(Parties& parties, std::string name, EpochDay registered_on, std::string sector, Rng& rng);
std::string NewPersonId(Parties& parties);
// Adds a foreign supplier of a country and returns its index.
int AddSupplier(Parties& parties, int country, Rng& rng);

}  // namespace aduana::gen
