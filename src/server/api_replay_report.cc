// FormatReplayReport: the replay's figures as Markdown tables.
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/time.h"
#include "server/api_replay.h"

namespace aduana::server {
namespace {

std::string Fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string Percent(double share) { return Fixed(100 * share, 1) + "%"; }

double Ratio(int64_t a, int64_t b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0; }

struct OfficeSummary {
  int64_t days = 0;
  int64_t declarations = 0;
  int64_t red = 0;
  int64_t red_random = 0;
  int64_t max_red = 0;
  int64_t capacity_sum = 0;  // of the days with a known capacity
  int64_t days_over = 0;
  bool capacity_known = true;
};

void CapacityTable(const ReplayReport& r, std::string* out) {
  std::map<std::string, OfficeSummary> offices;
  for (const OfficeDayUse& d : r.days) {
    OfficeSummary& s = offices[d.office];
    ++s.days;
    s.declarations += d.declarations;
    s.red += d.red;
    s.red_random += d.red_random;
    s.max_red = std::max(s.max_red, d.red);
    if (d.red_capacity < 0) {
      s.capacity_known = false;
      continue;
    }
    s.capacity_sum += d.red_capacity;
    if (d.red > d.red_capacity) ++s.days_over;
  }
  *out += "| office | days | declarations / day | red capacity / day | red / day (mean, max) | days over capacity | "
          "red share | red capacity share | random controls |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& [office, s] : offices) {
    std::string capacity = s.capacity_known ? Fixed(Ratio(s.capacity_sum, s.days), 1) : "default";
    std::string capacity_share = s.capacity_known ? Percent(Ratio(s.capacity_sum, s.declarations)) : "";
    *out += "| " + office + " | " + std::to_string(s.days) + " | " + Fixed(Ratio(s.declarations, s.days), 1) + " | " +
            capacity + " | " + Fixed(Ratio(s.red, s.days), 1) + ", " + std::to_string(s.max_red) + " | " +
            std::to_string(s.days_over) + " | " + Percent(Ratio(s.red, s.declarations)) + " | " + capacity_share +
            " | " + std::to_string(s.red_random) + " |\n";
  }
}

void HitRateTable(const ReplayReport& r, std::string* out) {
  *out += "| channel / basis | decided | controlled | non-compliant | hit rate |\n|---|---|---|---|---|\n";
  for (const auto& [basis, t] : r.by_basis) {
    if (t.controlled == 0 && basis.rfind("green", 0) != 0 && basis.rfind("blue", 0) != 0) continue;
    *out += "| " + basis + " | " + std::to_string(t.decided) + " | " + std::to_string(t.controlled) + " | " +
            std::to_string(t.hits) + " | " + (t.controlled > 0 ? Percent(t.hit_rate()) : "not controlled") + " |\n";
  }
  *out += "\nNon-compliant among all replayed declarations (the ground truth's prevalence): " +
          std::to_string(r.fraudulent) + " of " + std::to_string(r.declarations) + " (" +
          Percent(Ratio(r.fraudulent, r.declarations)) + ").\n";
}

void ChangeTable(const ReplayReport& r, std::string* out) {
  *out += "Red capacity of " + r.change_office + ": " + std::to_string(r.red_capacity_before) + " -> " +
          std::to_string(r.red_capacity_after) + " per day from " + FormatDate(r.change_day) + ".\n\n";
  *out += "| day | declarations | red (rule and risk) | red capacity | random controls |\n|---|---|---|---|---|\n";
  for (const OfficeDayUse& d : r.days) {
    if (d.office != r.change_office || d.day < r.change_day - 7 || d.day >= r.change_day + 7) continue;
    *out += "| " + FormatDate(d.day) + (d.day == r.change_day ? " (change)" : "") + " | " +
            std::to_string(d.declarations) + " | " + std::to_string(d.red) + " | " + std::to_string(d.red_capacity) +
            " | " + std::to_string(d.red_random) + " |\n";
  }
}

}  // namespace

std::string FormatReplayReport(const ReplayReport& r) {
  std::string out = "### Replay through the API: " + std::to_string(r.declarations) + " declarations";
  if (!r.days.empty()) {
    auto [first, last] = std::minmax_element(r.days.begin(), r.days.end(),
                                             [](const auto& a, const auto& b) { return a.day < b.day; });
    out += ", " + FormatDate(first->day) + " to " + FormatDate(last->day);
  }
  out += "\n\n";
  if (r.refused > 0) {
    out += std::to_string(r.refused) + " submissions refused by the API; the first:\n";
    for (const std::string& reason : r.refusals) out += "- " + reason + "\n";
    out += "\n";
  }
  out += "#### Red channel against each office's daily capacity\n\n";
  CapacityTable(r, &out);
  out += "\n#### What the controls found, by channel and basis of selection\n\n";
  HitRateTable(r, &out);
  if (!r.change_office.empty()) {
    out += "\n#### A capacity change\n\n";
    ChangeTable(r, &out);
  }
  return out;
}

}  // namespace aduana::server
