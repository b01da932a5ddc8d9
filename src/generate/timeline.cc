#include "generate/timeline.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "generate/parameters.h"

namespace aduana::gen {
namespace {

constexpr UnixMillis kMillisPerHour = 3'600'000;
constexpr int kUtcOffsetHours = 6;  // Mexico City local time is UTC-6 (no daylight saving since 2022)

// Monthly pattern of Mexican imports: a slow January, an autumn peak before the holiday season.
constexpr std::array<double, 12> kMonthFactor = {0.88, 0.92, 1.00, 0.97, 1.02, 1.00,
                                                 0.98, 1.03, 1.02, 1.08, 1.06, 0.94};
// Monday..Sunday.
constexpr std::array<double, 7> kWeekdayFactor = {1.10, 1.15, 1.15, 1.10, 1.05, 0.35, 0.10};
// Local hours 0..23: business hours with a lunch dip; brokers' systems lodge a little at night.
constexpr std::array<double, 24> kHourWeight = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4.0, 8.0, 10.0, 10.0,
                                                9.5, 8.0, 6.5, 8.0, 8.5, 7.0, 5.0, 3.0, 1.5, 1.0, 0.6,  0.3};

bool IsHoliday(unsigned month, unsigned day) {
  return (month == 1 && day == 1) || (month == 2 && day == 5) || (month == 3 && day == 18) ||
         (month == 5 && day == 1) || (month == 9 && day == 16) || (month == 11 && day == 18) ||
         (month == 12 && day == 25);
}

double DayWeight(EpochDay day, Rng& rng) {
  int year;
  unsigned month, dom;
  CivilFromDay(day, &year, &month, &dom);
  int weekday = static_cast<int>((day + 3) % 7);  // 1970-01-01 was a Thursday; 0 = Monday
  if (weekday < 0) weekday += 7;
  double w = kMonthFactor[month - 1] * kWeekdayFactor[static_cast<size_t>(weekday)];
  if (IsHoliday(month, dom)) w *= 0.15;
  return w * rng.LogNormal(1.0, 0.06);
}

}  // namespace

Timeline::Timeline(int64_t declarations, EpochDay first_day, int days, const Parties& parties, uint64_t seed,
                   const std::vector<MarketDeclaration>& market, uint64_t market_seed)
    : declarations_(declarations),
      first_day_(first_day),
      days_(std::max(days, 1)),
      parties_(parties),
      rng_(seed),
      hour_table_(std::vector<double>(kHourWeight.begin(), kHourWeight.end())),
      market_(market),
      market_rng_(market_seed) {
  std::vector<double> weights;
  double total = 0;
  for (int d = 0; d < days_; ++d) {
    weights.push_back(DayWeight(first_day_ + d, rng_));
    total += weights.back();
  }
  double running = 0;
  for (double w : weights) {
    running += w;
    cumulative_target_.push_back(
        static_cast<int64_t>(std::llround(static_cast<double>(declarations_) * running / total)));
  }
  cumulative_target_.back() = declarations_;
}

UnixMillis Timeline::RandomLodgementTime(EpochDay day) {
  int64_t hour = static_cast<int64_t>(hour_table_.Sample(rng_));
  int64_t second = rng_.Int(0, 3599);
  return static_cast<UnixMillis>(day) * kMillisPerDay + (hour + kUtcOffsetHours) * kMillisPerHour + second * 1000;
}

int Timeline::PickActiveImporter(EpochDay day) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    int importer = parties_.slot_importer[parties_.slot_table.Sample(rng_)];
    while (day >= parties_.importers[static_cast<size_t>(importer)].active_to &&
           parties_.importers[static_cast<size_t>(importer)].successor >= 0) {
      importer = parties_.importers[static_cast<size_t>(importer)].successor;
    }
    const Importer& chosen = parties_.importers[static_cast<size_t>(importer)];
    if (day >= chosen.active_from && day < chosen.active_to) return importer;
  }
  for (size_t i = 0; i < parties_.importers.size(); ++i) {
    if (day >= parties_.importers[i].active_from && day < parties_.importers[i].active_to) return static_cast<int>(i);
  }
  return 0;
}

// A splitter sends one consignment as several declarations from the same supplier on the same or next day,
// each just under the de minimis.
void Timeline::MaybeStartSplitGroup(const DeclarationPlan& first, EpochDay day, std::vector<DeclarationPlan>* today) {
  const Importer& importer = parties_.importers[static_cast<size_t>(first.importer)];
  if (!importer.fraud.splits || day < importer.fraud.splits_since || !rng_.Chance(kSplitGroupStart)) return;
  int64_t budget = declarations_ - planned_ - regular_left_today_;
  int extra = static_cast<int>(std::min<int64_t>(rng_.Int(kSplitGroupMin, kSplitGroupMax) - 1, budget));
  if (extra <= 0) return;
  today->back().split_group = next_split_group_++;
  today->back().split_supplier = importer.suppliers[importer.supplier_table.Sample(rng_)];
  today->back().split_members = extra + 1;
  const DeclarationPlan head = today->back();  // a copy: `today` grows below
  for (int k = 0; k < extra; ++k) {
    bool next_day = rng_.Chance(0.4) && day_index_ + 1 < days_ && day + 1 < importer.active_to;
    EpochDay member_day = next_day ? day + 1 : day;
    DeclarationPlan member = head;
    member.lodged_at = RandomLodgementTime(member_day);
    member.sequence = sequence_++;
    ++planned_;
    if (next_day) {
      carried_[day_index_ + 1].push_back(member);
    } else {
      today->push_back(member);
    }
  }
}

// A market mechanism's declaration takes an ordinary plan of its day (not a split member), keeping its time.
void Timeline::HandOverToMarket(EpochDay day, std::vector<DeclarationPlan>* today) {
  std::vector<size_t> ordinary;
  for (size_t i = 0; i < today->size(); ++i) {
    if ((*today)[i].split_group < 0) ordinary.push_back(i);
  }
  for (; next_market_ < market_.size() && market_[next_market_].day <= day; ++next_market_) {
    const MarketDeclaration& m = market_[next_market_];
    if (m.day < day || ordinary.empty()) continue;  // a day without ordinary plans: the declaration is not lodged
    size_t pick = market_rng_.Index(ordinary.size());
    DeclarationPlan& plan = (*today)[ordinary[pick]];
    plan.importer = m.importer;
    plan.surge_wave = m.surge_wave;
    ordinary[pick] = ordinary.back();
    ordinary.pop_back();
  }
}

bool Timeline::NextDay(std::vector<DeclarationPlan>* plans) {
  plans->clear();
  if (day_index_ >= days_) return false;
  EpochDay day = first_day_ + day_index_;
  auto carried = carried_.find(day_index_);
  if (carried != carried_.end()) {
    *plans = std::move(carried->second);
    carried_.erase(carried);
  }
  int64_t regular = std::max<int64_t>(0, cumulative_target_[static_cast<size_t>(day_index_)] - planned_);
  for (int64_t i = 0; i < regular; ++i) {
    regular_left_today_ = regular - i - 1;
    DeclarationPlan plan;
    plan.lodged_at = RandomLodgementTime(day);
    plan.importer = PickActiveImporter(day);
    plan.sequence = sequence_++;
    ++planned_;
    plans->push_back(plan);
    MaybeStartSplitGroup(plans->back(), day, plans);
  }
  HandOverToMarket(day, plans);
  std::sort(plans->begin(), plans->end(), [](const DeclarationPlan& a, const DeclarationPlan& b) {
    return a.lodged_at != b.lodged_at ? a.lodged_at < b.lodged_at : a.sequence < b.sequence;
  });
  ++day_index_;
  return true;
}

}  // namespace aduana::gen
