// The goods catalogue: a few hundred HS6 subheadings with their national tariff lines, duty rates,
// anti-dumping duties, typical unit prices and masses, and world reference prices per origin.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "generate/random.h"

namespace aduana::gen {

struct Product {
  std::string hs6;
  std::string description;           // subheading description (what the goods are)
  std::string manifest_description;  // how a carrier writes it on a manifest (upper case, heading level)
  int chapter = 0;
  double duty_rate = 0;       // MFN ad valorem, percent
  double antidumping_cn = 0;  // extra ad valorem duty on origin CN, percent (0 = none)
  std::string unit;           // UN/ECE Rec. 20
  double kg_per_unit = 1;
  double usd_per_unit = 1;  // world reference price, before the origin's price level
  double kg_per_package = 20;
  double shipment_usd = 15'000;  // typical value of one goods item
  double popularity = 1;
  std::vector<std::string> national_lines;  // 10-digit national tariff lines
  std::vector<int> lower_duty_neighbours;   // same heading (else chapter) with a clearly lower duty
  std::vector<int> cheaper_other_chapter;   // lower-duty goods of other chapters (for false descriptions)
};

class Catalogue {
 public:
  // The tariff is part of the modelled country, not of a run: the catalogue does not depend on the seed.
  static Catalogue Build();

  size_t size() const { return products_.size(); }
  const Product& product(size_t i) const { return products_[i]; }
  // Products whose chapter is in `chapters`.
  std::vector<int> ProductsInChapters(const std::vector<int>& chapters) const;
  std::vector<int> AntidumpingProducts() const;
  // World reference unit price in USD of a product from an origin (reference x the origin's price level x a
  // fixed per product/origin dispersion).
  double WorldPriceUsd(size_t product, int origin_country) const;
  bool IsCountUnit(std::string_view unit) const;

 private:
  std::vector<Product> products_;
};

// Sector (ISIC division) of an importer and the chapters of goods it imports.
struct SectorProfile {
  std::string_view isic;
  double share;
  std::vector<int> chapters;
};
const std::vector<SectorProfile>& ImporterSectors();

}  // namespace aduana::gen
