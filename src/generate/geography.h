// Countries, ports, customs offices and currencies of the synthetic world (an importing country modelled on
// Mexico: national currency MXN, customs offices at sea ports, land borders and airports).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "generate/random.h"

namespace aduana::gen {

enum class Region { kNorthAmerica, kAsia, kEurope, kLatinAmerica };

struct CountryInfo {
  std::string_view code;
  double import_share;  // share of the importing country's suppliers
  Region region;
  std::array<std::string_view, 3> ports;  // UN/LOCODEs of loading (sea or air)
  std::string_view currency;              // local invoice currency ("USD" when invoices are in dollars)
  double local_currency_share;            // share of invoices in `currency` (rest in USD)
  std::string_view preference;            // trade agreement code for originating goods ("" none)
  double price_factor;                    // price level relative to the world reference
  std::string_view company_suffix;        // e.g. "Co., Ltd."
};

const std::vector<CountryInfo>& Countries();
int CountryIndex(std::string_view code);  // -1 when unknown
std::string_view CountryCode(int index);

enum TransportMode { kSea = 1, kRail = 2, kRoad = 3, kAir = 4, kPost = 5 };

// A customs office of the importing country where goods enter.
struct EntryOffice {
  std::string_view office_id;  // customs_office
  std::string_view locode;     // port_of_entry
  int mode;                    // main transport mode
  std::string_view name;
};

const std::vector<EntryOffice>& EntryOffices();
// Picks an office of entry for a mode and a supplier region (sea ports on the right coast, etc.).
int PickEntryOffice(int mode, Region region, Rng& rng);
// Picks the transport mode for a shipment from a supplier region; small parcels go by air or post.
int PickTransportMode(Region region, bool small_parcel, Rng& rng);

// Exchange rates: national currency (MXN) per unit of each invoice currency, one published rate per day,
// following a random walk from realistic 2024 levels.
class ExchangeRates {
 public:
  ExchangeRates(uint64_t seed, EpochDay first_day, int days);
  static const std::vector<std::string_view>& Currencies();
  static int CurrencyIndex(std::string_view code);  // -1 when unknown
  double NationalPerUnit(int currency, EpochDay day) const;
  double UsdRate(EpochDay day) const { return NationalPerUnit(0, day); }

 private:
  EpochDay first_day_;
  int days_;
  std::vector<std::vector<double>> rates_;  // [currency][day]
};

}  // namespace aduana::gen
