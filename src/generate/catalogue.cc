#include "generate/catalogue.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "generate/catalogue_data.h"
#include "generate/geography.h"

namespace aduana::gen {
namespace {

constexpr double kNeighbourDutyGap = 5.0;      // a tariff shift must save at least this many points
constexpr double kOtherChapterDutyGap = 10.0;  // ... and a false description of another chapter this many
constexpr double kOriginPriceSigma = 0.15;     // fixed dispersion of reference prices per product x origin
constexpr size_t kMaxOtherChapterChoices = 6;

// National lines: the HS6 code, a 2-digit national subdivision and a 2-digit statistical suffix (NICO).
std::vector<std::string> NationalLines(const std::string& hs6) {
  uint64_t key = 0;
  for (char c : hs6) key = key * 10 + static_cast<uint64_t>(c - '0');
  uint64_t h = HashValues(key, 0x7A21F);
  int count = 1 + static_cast<int>(h % 3);
  std::vector<std::string> lines;
  for (int k = 0; k < count; ++k) {
    int subdivision = k + 1 == count && count > 1 ? 99 : k + 1;
    int nico = (h >> (8 + k)) % 4 == 0 ? 1 : 0;
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%02d%02d", subdivision, nico);
    lines.push_back(hs6 + suffix);
  }
  return lines;
}

double HashedNormal(uint64_t a, uint64_t b) {
  uint64_t h1 = HashValues(a, b, 1);
  uint64_t h2 = HashValues(a, b, 2);
  double u1 = (static_cast<double>(h1 >> 11) + 0.5) * 0x1.0p-53;
  double u2 = static_cast<double>(h2 >> 11) * 0x1.0p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

void LinkNeighbours(std::vector<Product>& products) {
  for (size_t i = 0; i < products.size(); ++i) {
    Product& p = products[i];
    std::vector<int> same_heading, same_chapter, other_chapter;
    for (size_t j = 0; j < products.size(); ++j) {
      const Product& q = products[j];
      if (i == j || q.unit != p.unit) continue;
      if (q.chapter != p.chapter) {
        if (q.duty_rate <= p.duty_rate - kOtherChapterDutyGap) other_chapter.push_back(static_cast<int>(j));
      } else if (q.duty_rate <= p.duty_rate - kNeighbourDutyGap) {
        (q.hs6.compare(0, 4, p.hs6, 0, 4) == 0 ? same_heading : same_chapter).push_back(static_cast<int>(j));
      }
    }
    p.lower_duty_neighbours = same_heading.empty() ? same_chapter : same_heading;
    // Goods of another chapter with a similar mass per unit make a believable false description.
    std::sort(other_chapter.begin(), other_chapter.end(), [&](int a, int b) {
      double da = std::fabs(std::log(products[static_cast<size_t>(a)].kg_per_unit / p.kg_per_unit));
      double db = std::fabs(std::log(products[static_cast<size_t>(b)].kg_per_unit / p.kg_per_unit));
      return da != db ? da < db : a < b;
    });
    if (other_chapter.size() > kMaxOtherChapterChoices) other_chapter.resize(kMaxOtherChapterChoices);
    p.cheaper_other_chapter = other_chapter;
  }
}

}  // namespace

Catalogue Catalogue::Build() {
  std::map<std::string_view, const HeadingRow*> headings;
  for (const HeadingRow& h : HeadingRows()) headings[h.heading] = &h;
  std::map<std::string_view, double> antidumping;
  for (const AntidumpingRow& a : AntidumpingRows()) antidumping[a.hs6] = a.rate;

  Catalogue catalogue;
  for (const SubheadingRow& row : SubheadingRows()) {
    auto it = headings.find(row.hs6.substr(0, 4));
    if (it == headings.end()) continue;
    const HeadingRow& h = *it->second;
    Product p;
    p.hs6 = std::string(row.hs6);
    p.description = std::string(row.description);
    p.manifest_description = std::string(h.manifest);
    p.chapter = (row.hs6[0] - '0') * 10 + (row.hs6[1] - '0');
    p.duty_rate = row.duty_rate;
    auto ad = antidumping.find(row.hs6);
    p.antidumping_cn = ad == antidumping.end() ? 0.0 : ad->second;
    p.unit = std::string(h.unit);
    p.kg_per_unit = h.kg_per_unit * (p.unit == "C62" || p.unit == "PR" ? std::sqrt(row.price_factor) : 1.0);
    p.usd_per_unit = h.usd_per_unit * row.price_factor;
    p.kg_per_package = h.kg_per_package;
    p.shipment_usd = h.shipment_usd;
    p.popularity = h.popularity;
    p.national_lines = NationalLines(p.hs6);
    catalogue.products_.push_back(std::move(p));
  }
  LinkNeighbours(catalogue.products_);
  return catalogue;
}

std::vector<int> Catalogue::ProductsInChapters(const std::vector<int>& chapters) const {
  std::vector<int> result;
  for (size_t i = 0; i < products_.size(); ++i) {
    if (std::find(chapters.begin(), chapters.end(), products_[i].chapter) != chapters.end()) {
      result.push_back(static_cast<int>(i));
    }
  }
  return result;
}

std::vector<int> Catalogue::AntidumpingProducts() const {
  std::vector<int> result;
  for (size_t i = 0; i < products_.size(); ++i) {
    if (products_[i].antidumping_cn > 0) result.push_back(static_cast<int>(i));
  }
  return result;
}

double Catalogue::WorldPriceUsd(size_t product, int origin_country) const {
  const Product& p = products_[product];
  double level = Countries()[static_cast<size_t>(origin_country)].price_factor;
  double dispersion = std::exp(kOriginPriceSigma * HashedNormal(product, static_cast<uint64_t>(origin_country)));
  return p.usd_per_unit * level * dispersion;
}

bool Catalogue::IsCountUnit(std::string_view unit) const {
  return unit == "C62" || unit == "NAR" || unit == "PR" || unit == "DZN" || unit == "SET";
}

const std::vector<SectorProfile>& ImporterSectors() {
  static const std::vector<SectorProfile> kSectors = {
      {"46", 0.28, {39, 61, 62, 64, 72, 73, 76, 84, 85, 94, 95, 33, 40, 87}},
      {"47", 0.09, {61, 62, 64, 85, 95, 33, 42, 94, 96}},
      {"29", 0.08, {87, 40, 84, 85, 73}},
      {"26", 0.08, {85, 84, 90}},
      {"28", 0.06, {84, 73, 40, 90}},
      {"22", 0.05, {39, 40}},
      {"20", 0.05, {29, 33, 34, 38, 39}},
      {"24", 0.04, {72, 74, 76}},
      {"25", 0.05, {72, 73, 76, 82, 83}},
      {"13", 0.03, {52, 54, 63}},
      {"14", 0.04, {61, 62}},
      {"15", 0.03, {42, 64}},
      {"10", 0.04, {2, 3, 4, 7, 8, 9, 10, 12, 15, 17, 18, 20, 21}},
      {"11", 0.01, {22}},
      {"21", 0.02, {30, 90}},
      {"27", 0.03, {85, 94}},
      {"31", 0.02, {94, 44}},
      {"32", 0.03, {95, 96, 39}},
      {"19", 0.01, {27}},
      {"17", 0.01, {48}},
      {"23", 0.01, {69, 70}},
      {"12", 0.005, {24}},
  };
  return kSectors;
}

}  // namespace aduana::gen
