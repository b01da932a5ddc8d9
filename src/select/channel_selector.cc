#include "select/channel_selector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "absl/strings/string_view.h"
#include "xxhash.h"

namespace aduana::select {
namespace {

absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

int Strictness(Channel c) {
  switch (c) {
    case Channel::kRed: return 3;
    case Channel::kYellow: return 2;
    case Channel::kBlue: return 1;
    case Channel::kGreen: return 0;
  }
  return 0;
}

std::string Format(const char* format, auto... args) {
  char buffer[320];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}

// Share of the declarations still expected today that `left` selections would take.
double ShareLeft(int64_t left, double expected_left) {
  return left <= 0 ? 0.0 : static_cast<double>(left) / expected_left;
}

}  // namespace

std::string_view BasisName(Basis basis) {
  switch (basis) {
    case Basis::kRule: return "rule";
    case Basis::kRandom: return "random";
    case Basis::kRisk: return "risk";
    case Basis::kRevenue: return "revenue";
    case Basis::kRelease: return "release";
  }
  return "release";
}

ChannelSelector::ChannelSelector(SelectionConfig config, CapacityPlan plan)
    : config_(config), plan_(std::move(plan)) {}

void ChannelSelector::SetCapacity(std::string_view office, const OfficeCapacity& capacity) {
  std::lock_guard lock(mutex_);
  plan_.Set(office, capacity);
}

OfficeCapacity ChannelSelector::Capacity(std::string_view office) const {
  std::lock_guard lock(mutex_);
  return plan_.Get(office);
}

OfficeDay ChannelSelector::Today(std::string_view office) const {
  std::lock_guard lock(mutex_);
  auto it = offices_.find(Key(office));
  return it == offices_.end() ? OfficeDay{} : it->second.today;
}

bool ChannelSelector::InRandomSample(std::string_view declaration_id) const {
  uint64_t h = XXH3_64bits_withSeed(declaration_id.data(), declaration_id.size(), config_.random_key);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < config_.random_rate;  // uniform in [0, 1)
}

double ChannelSelector::Priority(const DecisionInput& in) const {
  double p = in.risk + in.rule_score_delta;
  if (in.importer_class == profile::RiskClass::kHigh) p += config_.high_class_boost;
  if (in.importer_class == profile::RiskClass::kMedium) p += config_.medium_class_boost;
  if (in.trusted_trader && p > 0) p *= config_.trusted_trader_factor;
  return p;
}

ChannelSelector::OfficeState& ChannelSelector::StateFor(std::string_view office, EpochDay day) {
  auto it = offices_.find(Key(office));
  if (it == offices_.end()) it = offices_.emplace(std::string(office), OfficeState(config_.window)).first;
  OfficeState& s = it->second;
  if (!s.started) {
    s.started = true;
    s.today.day = day;
  } else if (day > s.today.day) {
    // A new day: the day that ended updates the office's daily volume.
    double count = static_cast<double>(s.today.declarations);
    s.daily_volume = s.volume_known ? (1 - config_.volume_smoothing) * s.daily_volume + config_.volume_smoothing * count
                                    : count;
    s.volume_known = true;
    s.today = OfficeDay{};
    s.today.day = day;
  }
  return s;
}

void ChannelSelector::Count(Channel channel, OfficeDay* today) {
  switch (channel) {
    case Channel::kRed: ++today->red; break;
    case Channel::kYellow: ++today->yellow; break;
    case Channel::kBlue: ++today->blue; break;
    case Channel::kGreen: break;
  }
}

Decision ChannelSelector::Decide(const DecisionInput& in) {
  Decision d;
  d.priority = Priority(in);
  d.random = InRandomSample(in.declaration_id);
  const EpochDay day = DayOf(in.at);
  std::lock_guard lock(mutex_);
  OfficeState& state = StateFor(in.office, day);
  const OfficeCapacity& capacity = plan_.Get(in.office);
  if (in.forced) {
    d.channel = in.forced_channel;
    d.basis = Basis::kRule;
    d.explanation = Format("rule %.*s sets the %.*s channel", static_cast<int>(in.forcing_rule.size()),
                           in.forcing_rule.data(), static_cast<int>(rules::ChannelName(in.forced_channel).size()),
                           rules::ChannelName(in.forced_channel).data());
  }
  if (d.random && Strictness(config_.random_channel) > (in.forced ? Strictness(d.channel) : -1)) {
    d.channel = config_.random_channel;
    d.basis = Basis::kRandom;
    d.explanation = Format("random control sample (%.1f%% of all declarations, whatever their risk)",
                           100 * config_.random_rate);
  }
  if (!in.forced && d.basis != Basis::kRandom) DecideByRisk(in, capacity, state, &d);
  ++state.today.declarations;
  if (d.basis == Basis::kRandom) {
    ++state.today.random;
  } else {
    Count(d.channel, &state.today);
  }
  state.priorities.Add(d.priority);
  state.revenues.Add(in.expected_revenue);
  return d;
}

void ChannelSelector::Record(std::string_view office, UnixMillis at, double priority, double expected_revenue,
                             Channel channel, bool random_sample) {
  const EpochDay day = DayOf(at);
  std::lock_guard lock(mutex_);
  OfficeState& state = StateFor(office, day);
  ++state.today.declarations;
  if (random_sample) {
    ++state.today.random;
  } else {
    Count(channel, &state.today);
  }
  state.priorities.Add(priority);
  state.revenues.Add(expected_revenue);
}

void ChannelSelector::DecideByRisk(const DecisionInput& in, const OfficeCapacity& capacity, OfficeState& state,
                                   Decision* d) const {
  const OfficeDay& today = state.today;
  const int64_t red_left = capacity.red - today.red;
  const int64_t yellow_left = capacity.yellow - today.yellow;
  const int64_t blue_left = capacity.blue - today.blue;
  // The day's volume: the office's usual one, or more if today's pace so far says so (a busy day must not spend
  // its capacity in the morning). The pace counts from the first hour on, to avoid wild early projections.
  const double usual = state.volume_known ? state.daily_volume : capacity.expected_declarations;
  const double seen = static_cast<double>(today.declarations);
  const double elapsed = std::max(static_cast<double>(in.at - static_cast<UnixMillis>(today.day) * kMillisPerDay) /
                                      static_cast<double>(kMillisPerDay), 1.0 / 24);
  const double projected = std::max(usual, seen / elapsed);
  const double expected_left = std::max({projected - seen, 0.05 * projected, 1.0});
  const double red_share = ShareLeft(red_left, expected_left);
  const double yellow_share = ShareLeft(yellow_left, expected_left);
  const bool warm = state.priorities.size() >= config_.min_window;
  const double red_threshold = warm ? state.priorities.TopShareThreshold(red_share) : config_.cold_start_red;
  const double yellow_threshold =
      warm ? state.priorities.TopShareThreshold(red_share + yellow_share) : config_.cold_start_yellow;
  const int office_size = static_cast<int>(in.office.size());
  if (red_left > 0 && d->priority >= red_threshold) {
    d->channel = Channel::kRed;
    d->basis = Basis::kRisk;
    d->threshold = red_threshold;
    d->explanation = Format("risk priority %.3f reaches the red threshold %.3f at %.*s (physical inspections: "
                            "%lld of %d used today)", d->priority, red_threshold, office_size, in.office.data(),
                            static_cast<long long>(today.red), capacity.red);
    return;
  }
  if (yellow_left > 0 && d->priority >= yellow_threshold) {
    d->channel = Channel::kYellow;
    d->basis = Basis::kRisk;
    d->threshold = yellow_threshold;
    d->explanation = Format("risk priority %.3f reaches the yellow threshold %.3f at %.*s (documentary checks: "
                            "%lld of %d used today)", d->priority, yellow_threshold, office_size, in.office.data(),
                            static_cast<long long>(today.yellow), capacity.yellow);
    return;
  }
  const double blue_threshold = state.revenues.size() >= config_.min_window
                                    ? state.revenues.TopShareThreshold(ShareLeft(blue_left, expected_left))
                                    : std::numeric_limits<double>::infinity();
  if (blue_left > 0 && in.expected_revenue > 0 && in.expected_revenue >= blue_threshold) {
    d->channel = Channel::kBlue;
    d->basis = Basis::kRevenue;
    d->threshold = blue_threshold;
    d->explanation = Format("released; expected additional revenue %.0f reaches the audit threshold %.0f at %.*s "
                            "(post-clearance audits: %lld of %d used today)", in.expected_revenue, blue_threshold,
                            office_size, in.office.data(), static_cast<long long>(today.blue), capacity.blue);
    return;
  }
  d->channel = Channel::kGreen;
  d->basis = Basis::kRelease;
  if (red_left <= 0 && yellow_left <= 0) {
    d->threshold = std::numeric_limits<double>::infinity();
    d->explanation = Format("released: the control capacity of %.*s for today is used up (physical inspections "
                            "%lld of %d, documentary checks %lld of %d)", office_size, in.office.data(),
                            static_cast<long long>(today.red), capacity.red, static_cast<long long>(today.yellow),
                            capacity.yellow);
    return;
  }
  d->threshold = yellow_left > 0 ? yellow_threshold : red_threshold;
  d->explanation = Format("released: risk priority %.3f is under the control threshold %.3f at %.*s", d->priority,
                          d->threshold, office_size, in.office.data());
}

}  // namespace aduana::select
