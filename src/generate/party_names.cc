// Names, addresses and tax numbers of the companies of the synthetic registry.
#include <array>
#include <cstdio>
#include <string>

#include "generate/parties.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

constexpr std::array<std::string_view, 12> kCompanyKinds = {
    "Comercializadora", "Importadora", "Distribuidora", "Grupo",       "Industrias", "Corporativo",
    "Manufacturas",     "Proveedora",  "Servicios",     "Exportadora", "Operadora",  "Suministros"};
constexpr std::array<std::string_view, 28> kCompanyWords = {
    "Alfa",     "Azteca", "Bajío",   "Centauro", "Delta",   "Monarca", "Golfo",  "Sierra", "Nova",    "Omega",
    "Pacífico", "Maya",   "Tolteca", "Jaguar",   "Quetzal", "Roble",   "Cumbre", "Lince",  "Vértice", "Halcón",
    "Orión",    "Tulum",  "Zafiro",  "Puma",     "Ébano",   "Cobalto", "Kappa",  "Fénix"};
constexpr std::array<std::string_view, 10> kCompanyQualifiers = {
    "del Norte",    "del Centro", "Internacional", "de México", "Global",
    "del Pacífico", "Industrial", "del Sureste",   "Comercial", "Logística"};
constexpr std::array<std::string_view, 20> kSurnames = {
    "García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Sánchez",   "Ramírez", "Torres",
    "Flores", "Rivera",    "Gómez", "Díaz",     "Cruz",     "Morales",   "Reyes", "Gutiérrez", "Ortiz",   "Mendoza"};
constexpr std::array<std::string_view, 20> kSupplierWords = {
    "Golden", "Pacific", "Global", "United", "Prime",   "Star",    "Orient", "Apex", "Summit", "Harvest",
    "Bright", "Ever",    "Silver", "Grand",  "Pioneer", "Horizon", "Royal",  "Jade", "Ocean",  "Crown"};
constexpr std::array<std::string_view, 10> kSupplierTrades = {
    "Trading",  "Industrial",    "Manufacturing", "Electronics",   "Metals",
    "Textiles", "Import Export", "Technology",    "International", "Supply"};

struct State {
  std::string_view name;
  double weight;
  std::array<std::string_view, 2> cities;
  int postal_prefix;
};
constexpr std::array<State, 18> kStates = {{
    {"Ciudad de México", 22, {"Ciudad de México", "Ciudad de México"}, 1},
    {"Estado de México", 12, {"Tlalnepantla", "Naucalpan"}, 54},
    {"Nuevo León", 12, {"Monterrey", "Apodaca"}, 64},
    {"Jalisco", 10, {"Guadalajara", "Zapopan"}, 44},
    {"Baja California", 6, {"Tijuana", "Mexicali"}, 22},
    {"Chihuahua", 6, {"Ciudad Juárez", "Chihuahua"}, 32},
    {"Tamaulipas", 5, {"Nuevo Laredo", "Reynosa"}, 88},
    {"Guanajuato", 5, {"León", "Celaya"}, 37},
    {"Querétaro", 4, {"Querétaro", "San Juan del Río"}, 76},
    {"Coahuila", 4, {"Saltillo", "Torreón"}, 25},
    {"Puebla", 3, {"Puebla", "Cholula"}, 72},
    {"Veracruz", 3, {"Veracruz", "Xalapa"}, 91},
    {"Colima", 2, {"Manzanillo", "Colima"}, 28},
    {"Michoacán", 2, {"Morelia", "Lázaro Cárdenas"}, 58},
    {"Sonora", 2, {"Hermosillo", "Nogales"}, 83},
    {"San Luis Potosí", 2, {"San Luis Potosí", "Soledad"}, 78},
    {"Aguascalientes", 1, {"Aguascalientes", "Jesús María"}, 20},
    {"Yucatán", 1, {"Mérida", "Progreso"}, 97},
}};
constexpr std::array<std::string_view, 12> kStreets = {
    "Av. Insurgentes Sur",   "Calle Hidalgo",   "Av. Juárez",       "Blvd. Manuel Ávila Camacho",
    "Av. Revolución",        "Calle Morelos",   "Av. Constitución", "Periférico Sur",
    "Av. de las Industrias", "Calle 5 de Mayo", "Av. Vallarta",     "Carretera Federal 57"};
constexpr std::array<std::string_view, 10> kNeighbourhoods = {
    "Centro",     "Del Valle", "Industrial", "San Rafael", "Las Águilas", "Parque Industrial Norte",
    "Roma Norte", "Obrera",    "Santa Fe",   "Los Pinos"};

template <size_t N>
std::string_view Pick(const std::array<std::string_view, N>& words, Rng& rng) {
  return words[rng.Index(N)];
}

char AsciiInitial(std::string_view word) {
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') return c;
    if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  }
  return 'X';
}

bool IsConnector(std::string_view word) {
  return word == "de" || word == "del" || word == "la" || word == "y" || word == "S.A." || word == "C.V.";
}

}  // namespace

std::string MakeCompanyName(Rng& rng) {
  std::string name = Concat(Pick(kCompanyKinds, rng), " ", Pick(kCompanyWords, rng));
  if (rng.Chance(0.6)) Append(&name, " ", Pick(kCompanyQualifiers, rng));
  Append(&name, rng.Chance(0.8) ? " S.A. de C.V." : " S. de R.L. de C.V.");
  return name;
}

std::string MakeBrokerName(Rng& rng) {
  if (rng.Chance(0.5)) {
    return Concat("Agencia Aduanal ", Pick(kSurnames, rng), " y Asociados S.C.");
  }
  return Concat(Pick(kSurnames, rng), " ", Pick(kSurnames, rng), " Agentes Aduanales S.C.");
}

std::string MakeSupplierName(Rng& rng, std::string_view suffix) {
  return Concat(Pick(kSupplierWords, rng), " ", Pick(kSupplierWords, rng), " ", Pick(kSupplierTrades, rng), " ",
                suffix);
}

std::string MakeAddress(Rng& rng, std::string* region) {
  std::vector<double> weights;
  for (const State& s : kStates) weights.push_back(s.weight);
  static const WeightedTable kStateTable(weights);
  const State& state = kStates[kStateTable.Sample(rng)];
  *region = std::string(state.name);
  char postal[8];
  std::snprintf(postal, sizeof postal, "%02d%03d", state.postal_prefix, static_cast<int>(rng.Int(0, 999)));
  return Concat(Pick(kStreets, rng), " ", rng.Int(1, 4999), ", Col. ", Pick(kNeighbourhoods, rng), ", C.P. ", postal,
                ", ", state.cities[rng.Index(2)], ", ", state.name);
}

// Mexican RFC of a legal person: three initials of the name, the registration date YYMMDD and a
// three-character homoclave.
std::string MakeTaxId(const std::string& name, EpochDay registered_on, Rng& rng) {
  std::string initials;
  size_t pos = 0;
  while (pos < name.size() && initials.size() < 3) {
    size_t end = name.find(' ', pos);
    if (end == std::string::npos) end = name.size();
    std::string_view word(name.data() + pos, end - pos);
    if (!word.empty() && !IsConnector(word)) initials.push_back(AsciiInitial(word));
    pos = end + 1;
  }
  while (initials.size() < 3) initials.push_back('X');
  int year;
  unsigned month, day;
  CivilFromDay(registered_on, &year, &month, &day);
  char date[8];
  std::snprintf(date, sizeof date, "%02d%02u%02u", year % 100, month, day);
  constexpr std::string_view kHomoclave = "ABCDEFGHJKLMNPQRSTUVWXYZ123456789";
  std::string id = initials + date;
  for (int i = 0; i < 3; ++i) id.push_back(kHomoclave[rng.Index(kHomoclave.size())]);
  return id;
}

std::string NewPersonId(Parties& parties) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "P%06d", parties.next_person++);
  return buf;
}

int AddCompany(Parties& parties, std::string name, EpochDay registered_on, std::string sector, Rng& rng) {
  Company company;
  do {
    company.company_id = MakeTaxId(name, registered_on, rng);
  } while (!parties.used_ids.insert(company.company_id).second);
  company.name = std::move(name);
  company.registered_on = registered_on;
  company.sector = std::move(sector);
  company.address = MakeAddress(rng, &company.region);
  company.country = "MX";
  int directors = rng.Chance(0.55) ? 1 : rng.Chance(0.7) ? 2 : 3;
  for (int i = 0; i < directors; ++i) company.directors.push_back(NewPersonId(parties));
  parties.companies.push_back(std::move(company));
  parties.related.push_back(-1);
  parties.company_importer.push_back(-1);
  return static_cast<int>(parties.companies.size()) - 1;
}

}  // namespace aduana::gen
