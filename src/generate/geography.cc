#include "generate/geography.h"

#include <algorithm>
#include <cmath>

namespace aduana::gen {
namespace {

using R = Region;

// Import shares loosely follow Mexico's import origins (US first, then China, Asia, Europe).
const std::vector<CountryInfo>& CountryTable() {
  static const std::vector<CountryInfo> kTable = {
      {"US", 40.0, R::kNorthAmerica, {"USHOU", "USLAX", "USMIA"}, "USD", 1.0, "TMEC", 1.15, "Inc."},
      {"CN", 20.0, R::kAsia, {"CNSHA", "CNNGB", "CNSZX"}, "CNY", 0.2, "", 0.80, "Co., Ltd."},
      {"KR", 4.0, R::kAsia, {"KRPUS", "KRINC", "KRPUS"}, "KRW", 0.15, "", 1.05, "Co., Ltd."},
      {"DE", 3.5, R::kEurope, {"DEHAM", "DEBRV", "DEFRA"}, "EUR", 0.8, "TLCUEM", 1.30, "GmbH"},
      {"JP", 3.5, R::kAsia, {"JPTYO", "JPYOK", "JPNGO"}, "JPY", 0.4, "AAEMJ", 1.25, "Co., Ltd."},
      {"TW", 2.5, R::kAsia, {"TWKHH", "TWTPE", "TWKEL"}, "USD", 1.0, "", 0.95, "Co., Ltd."},
      {"VN", 2.5, R::kAsia, {"VNSGN", "VNHPH", "VNCMT"}, "USD", 1.0, "CPTPP", 0.88, "Co., Ltd."},
      {"MY", 2.0, R::kAsia, {"MYPKG", "MYPEN", "MYTPP"}, "USD", 1.0, "CPTPP", 0.92, "Sdn. Bhd."},
      {"CA", 2.0, R::kNorthAmerica, {"CAVAN", "CAMTR", "CATOR"}, "CAD", 0.3, "TMEC", 1.10, "Inc."},
      {"IN", 1.5, R::kAsia, {"INNSA", "INMAA", "INMUN"}, "USD", 1.0, "", 0.85, "Pvt. Ltd."},
      {"IT", 1.3, R::kEurope, {"ITGOA", "ITSPE", "ITMIL"}, "EUR", 0.85, "TLCUEM", 1.30, "S.p.A."},
      {"TH", 1.2, R::kAsia, {"THLCH", "THBKK", "THLCH"}, "USD", 1.0, "", 0.90, "Co., Ltd."},
      {"ES", 1.0, R::kEurope, {"ESVLC", "ESALG", "ESBCN"}, "EUR", 0.85, "TLCUEM", 1.20, "S.L."},
      {"BR", 1.0, R::kLatinAmerica, {"BRSSZ", "BRPNG", "BRRIG"}, "USD", 1.0, "ACE53", 0.95, "Ltda."},
      {"FR", 0.8, R::kEurope, {"FRLEH", "FRMRS", "FRCDG"}, "EUR", 0.85, "TLCUEM", 1.30, "SAS"},
      {"NL", 0.6, R::kEurope, {"NLRTM", "NLAMS", "NLRTM"}, "EUR", 0.8, "TLCUEM", 1.25, "B.V."},
      {"GB", 0.5, R::kEurope, {"GBFXT", "GBSOU", "GBLHR"}, "GBP", 0.5, "", 1.25, "Ltd"},
      {"CH", 0.4, R::kEurope, {"CHBSL", "CHZRH", "CHBSL"}, "CHF", 0.5, "", 1.40, "AG"},
      {"ID", 0.5, R::kAsia, {"IDTPP", "IDJKT", "IDSUB"}, "USD", 1.0, "", 0.85, "PT"},
      {"PH", 0.4, R::kAsia, {"PHMNL", "PHMNL", "PHCEB"}, "USD", 1.0, "", 0.90, "Inc."},
      {"SG", 0.5, R::kAsia, {"SGSIN", "SGSIN", "SGSIN"}, "USD", 1.0, "CPTPP", 1.05, "Pte. Ltd."},
      {"HK", 0.5, R::kAsia, {"HKHKG", "HKHKG", "HKHKG"}, "USD", 1.0, "", 0.90, "Ltd."},
      {"TR", 0.4, R::kEurope, {"TRMER", "TRIST", "TRIZM"}, "USD", 1.0, "", 0.90, "A.S."},
      {"CO", 0.4, R::kLatinAmerica, {"COBUN", "COCTG", "COBAQ"}, "USD", 1.0, "AP", 0.95, "S.A.S."},
      {"CL", 0.3, R::kLatinAmerica, {"CLSAI", "CLVAP", "CLSCL"}, "USD", 1.0, "AP", 1.00, "SpA"},
      {"AR", 0.3, R::kLatinAmerica, {"ARBUE", "ARBUE", "ARROS"}, "USD", 1.0, "", 0.95, "S.A."},
      {"PE", 0.2, R::kLatinAmerica, {"PECLL", "PECLL", "PEPAI"}, "USD", 1.0, "AP", 0.95, "S.A.C."},
  };
  return kTable;
}

const std::vector<EntryOffice>& OfficeTable() {
  static const std::vector<EntryOffice> kTable = {
      {"MX160", "MXZLO", kSea, "Manzanillo"},     {"MX510", "MXLZC", kSea, "Lazaro Cardenas"},
      {"MX430", "MXVER", kSea, "Veracruz"},       {"MX810", "MXATM", kSea, "Altamira"},
      {"MX240", "MXNLD", kRoad, "Nuevo Laredo"},  {"MX400", "MXTIJ", kRoad, "Tijuana"},
      {"MX070", "MXCJS", kRoad, "Ciudad Juarez"}, {"MX470", "MXMEX", kAir, "Mexico City airport"},
      {"MX730", "MXGDL", kAir, "Guadalajara"},    {"MX190", "MXMTY", kAir, "Monterrey"},
      {"MX640", "MXQRO", kAir, "Queretaro"},
  };
  return kTable;
}

int FindOffice(std::string_view office_id) {
  const auto& offices = OfficeTable();
  for (size_t i = 0; i < offices.size(); ++i) {
    if (offices[i].office_id == office_id) return static_cast<int>(i);
  }
  return 0;
}

struct CurrencyStart {
  std::string_view code;
  double national_per_unit;  // MXN per unit at the start of 2024
  double daily_sigma;        // daily log-change of the cross rate against USD
};

constexpr std::array<CurrencyStart, 11> kCurrencyStarts = {{
    {"USD", 17.00, 0.0045},
    {"EUR", 18.70, 0.003},
    {"CNY", 2.37, 0.0015},
    {"JPY", 0.1190, 0.004},
    {"KRW", 0.01300, 0.004},
    {"GBP", 21.60, 0.003},
    {"CAD", 12.60, 0.0025},
    {"CHF", 19.80, 0.003},
    {"INR", 0.2050, 0.002},
    {"BRL", 3.45, 0.005},
    {"MXN", 1.0, 0.0},
}};

}  // namespace

const std::vector<CountryInfo>& Countries() { return CountryTable(); }

int CountryIndex(std::string_view code) {
  const auto& countries = CountryTable();
  for (size_t i = 0; i < countries.size(); ++i) {
    if (countries[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

std::string_view CountryCode(int index) { return CountryTable()[static_cast<size_t>(index)].code; }

const std::vector<EntryOffice>& EntryOffices() { return OfficeTable(); }

int PickTransportMode(Region region, bool small_parcel, Rng& rng) {
  double u = rng.Uniform();
  if (small_parcel) return u < 0.75 ? kAir : kPost;
  if (region == Region::kNorthAmerica) {
    if (u < 0.70) return kRoad;
    if (u < 0.80) return kRail;
    if (u < 0.92) return kAir;
    return kSea;
  }
  return u < 0.80 ? kSea : kAir;
}

int PickEntryOffice(int mode, Region region, Rng& rng) {
  double u = rng.Uniform();
  switch (mode) {
    case kSea:
      if (region == Region::kAsia) return FindOffice(u < 0.60 ? "MX160" : u < 0.88 ? "MX510" : "MX430");
      if (region == Region::kEurope) return FindOffice(u < 0.65 ? "MX430" : "MX810");
      if (region == Region::kNorthAmerica) return FindOffice(u < 0.5 ? "MX810" : "MX430");
      return FindOffice(u < 0.5 ? "MX160" : "MX430");
    case kRail:
      return FindOffice("MX240");
    case kRoad:
      return FindOffice(u < 0.60 ? "MX240" : u < 0.82 ? "MX070" : "MX400");
    case kPost:
      return FindOffice("MX470");
    default:
      return FindOffice(u < 0.60 ? "MX470" : u < 0.78 ? "MX730" : u < 0.92 ? "MX190" : "MX640");
  }
}

ExchangeRates::ExchangeRates(uint64_t seed, EpochDay first_day, int days) : first_day_(first_day), days_(days) {
  Rng rng(MixSeed(seed, 0xFE));
  int span = std::max(days, 1) + 30;  // rates exist a little past the period (late inspections, transits)
  rates_.assign(kCurrencyStarts.size(), std::vector<double>(static_cast<size_t>(span)));
  std::vector<double> log_cross(kCurrencyStarts.size(), 0.0);
  double log_usd = std::log(kCurrencyStarts[0].national_per_unit);
  for (int d = 0; d < span; ++d) {
    log_usd += rng.Normal(0.0, kCurrencyStarts[0].daily_sigma) - 0.02 * (log_usd - std::log(18.0));
    for (size_t c = 0; c < kCurrencyStarts.size(); ++c) {
      const CurrencyStart& start = kCurrencyStarts[c];
      if (start.code == "MXN") {
        rates_[c][static_cast<size_t>(d)] = 1.0;
        continue;
      }
      if (c > 0) log_cross[c] += rng.Normal(0.0, start.daily_sigma) - 0.01 * log_cross[c];
      double usd_per_unit = start.national_per_unit / kCurrencyStarts[0].national_per_unit;
      double rate = std::exp(log_usd + log_cross[c]) * usd_per_unit;
      rates_[c][static_cast<size_t>(d)] = std::round(rate * 1e6) / 1e6;
    }
  }
}

const std::vector<std::string_view>& ExchangeRates::Currencies() {
  static const std::vector<std::string_view> kCodes = [] {
    std::vector<std::string_view> codes;
    for (const CurrencyStart& c : kCurrencyStarts) codes.push_back(c.code);
    return codes;
  }();
  return kCodes;
}

int ExchangeRates::CurrencyIndex(std::string_view code) {
  const auto& codes = Currencies();
  auto it = std::find(codes.begin(), codes.end(), code);
  return it == codes.end() ? -1 : static_cast<int>(it - codes.begin());
}

double ExchangeRates::NationalPerUnit(int currency, EpochDay day) const {
  int offset = std::clamp(day - first_day_, 0, static_cast<int>(rates_[0].size()) - 1);
  return rates_[static_cast<size_t>(currency)][static_cast<size_t>(offset)];
}

}  // namespace aduana::gen
