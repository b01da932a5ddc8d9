// When declarations are lodged and by whom: daily volumes with monthly and weekly seasonality and holidays,
// business-hours lodgement (Mexico City time, UTC-6), importers drawn by volume, planted split-shipment groups
// and the declarations of the market mechanisms. Produces one day of plans at a time, sorted by lodgement time,
// totalling exactly N.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/time.h"
#include "generate/market.h"
#include "generate/parties.h"
#include "generate/random.h"

namespace aduana::gen {

struct DeclarationPlan {
  UnixMillis lodged_at = 0;
  int importer = -1;
  int split_group = -1;     // >= 0: member of a planted split-shipment group
  int split_supplier = -1;  // the group's supplier
  int split_members = 0;
  bool surge_wave = false;  // a declaration of the planted transshipment wave (market.h)
  int64_t sequence = 0;     // tie-breaker and creation order
};

class Timeline {
 public:
  // `market`: the declarations of the market mechanisms, by day; each takes the place of an ordinary plan of its
  // day, drawn with `market_seed`.
  Timeline(int64_t declarations, EpochDay first_day, int days, const Parties& parties, uint64_t seed,
           const std::vector<MarketDeclaration>& market, uint64_t market_seed);

  // Fills `plans` with the next day's declarations; returns false after the last day.
  bool NextDay(std::vector<DeclarationPlan>* plans);

 private:
  UnixMillis RandomLodgementTime(EpochDay day);
  int PickActiveImporter(EpochDay day);
  void MaybeStartSplitGroup(const DeclarationPlan& first, EpochDay day, std::vector<DeclarationPlan>* today);
  void HandOverToMarket(EpochDay day, std::vector<DeclarationPlan>* today);

  int64_t declarations_;
  EpochDay first_day_;
  int days_;
  const Parties& parties_;
  Rng rng_;
  std::vector<int64_t> cumulative_target_;  // declarations planned up to and including each day
  int day_index_ = 0;
  int64_t planned_ = 0;
  int64_t regular_left_today_ = 0;  // regular plans still to come today (a split group must leave room)
  int64_t sequence_ = 0;
  int next_split_group_ = 0;
  std::map<int, std::vector<DeclarationPlan>> carried_;  // day index -> split members planned for that day
  WeightedTable hour_table_;
  const std::vector<MarketDeclaration>& market_;
  size_t next_market_ = 0;
  Rng market_rng_;
};

}  // namespace aduana::gen
