// Market-level mechanisms: what many importers do at once, visible in the flow of a market rather than in the
// record of one company (docs/generator.md):
// - a transshipment wave: anti-dumping goods of Chinese origin declared as of a third country by several
//   importers at once, for some weeks (an HS6 x origin volume surge);
// - a unit-value collapse: from a day on, every importer declares one HS6 x origin at 35-55% of its price;
// - a burst of new importers: companies registered within days of each other in one sector and region, each
//   lodging a few declarations.
// They are planned once, from their own random stream, after the parties. The timeline hands their importers
// declarations taken from the day's ordinary ones (so the total stays N) and the declaration builder plants them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "generate/catalogue.h"
#include "generate/parties.h"
#include "generate/random.h"

namespace aduana::gen {

struct SurgeWave {
  int product = -1;          // catalogue index of the anti-dumping goods
  int declared_origin = -1;  // country index of the third country
  std::vector<int> suppliers;  // front trading companies there (supplier indexes)
  EpochDay from = 0;
  EpochDay to = 0;  // exclusive
};

struct PriceCollapse {
  int product = -1;
  int origin = -1;  // country index
  EpochDay from = 0;
};

// A declaration the timeline gives to a market mechanism's importer on a day.
struct MarketDeclaration {
  EpochDay day = 0;
  int importer = -1;
  bool surge_wave = false;  // built as a declaration of the wave
};

struct MarketPlan {
  std::optional<SurgeWave> wave;
  std::optional<PriceCollapse> collapse;
  std::vector<MarketDeclaration> schedule;  // by day
};

// Plans the mechanisms (none for a period shorter than kMarketMinDays), adds the burst's companies and the
// front suppliers to `parties`, and the ground truth of the mechanisms and the burst's companies to parties.truth.
MarketPlan PlanMarketMechanisms(const PartyOptions& options, const Catalogue& catalogue, Parties& parties, Rng& rng);

// "HS6|CC", the subject key of goods in the ground truth and in early-warning alerts.
std::string GoodsSubject(const Catalogue& catalogue, int product, int origin);

}  // namespace aduana::gen
