#include "model/reasons.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace aduana::model {
namespace {

std::string Format(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string Percent(double rate) { return Format("%.1f%%", 100 * rate); }

// Who a profile slot is about, as an officer would name it.
std::string SlotSubject(const std::string& slot, const profile::DeclarationKeys& k) {
  const profile::ItemKeys* item = k.items.empty() ? nullptr : &k.items.front();
  auto named = [](const char* what, const std::string& key) {
    return key.empty() ? std::string(what) + " (none given)" : std::string(what) + " " + key;
  };
  if (slot == "importer") return named("importer", k.importer);
  if (slot == "declarant") return named("declarant", k.declarant);
  if (slot == "supplier") return named("supplier", k.supplier);
  if (slot == "sector") return named("importer's sector", k.sector);
  if (slot == "export_country") return named("country of export", k.export_country);
  if (slot == "lane") return named("trade lane", k.lane);
  if (slot == "carrier") return named("carrier", k.carrier);
  if (slot == "office") return named("office", k.office);
  if (slot == "procedure") return named("procedure", k.procedure);
  if (slot == "office_importer") return named("importer at this office", k.office_importer);
  if (slot == "declarant_importer") return named("this declarant for this importer", k.declarant_importer);
  if (slot == "hs2") return named("HS chapter", item ? item->hs2 : "");
  if (slot == "hs4") return named("HS heading", item ? item->hs4 : "");
  if (slot == "hs6") return named("HS subheading", item ? item->hs6 : "");
  if (slot == "hs_line") return named("tariff line", item ? item->line : "");
  if (slot == "origin") return named("origin", item ? item->origin : "");
  if (slot == "hs6_origin") return named("goods and origin", item ? item->hs6_origin : "");
  if (slot.rfind("src.", 0) == 0) {
    std::string name = slot.substr(4);
    for (const std::string& f : k.source_fields) {
      if (f.rfind(name + "=", 0) == 0) return name + " " + f.substr(name.size() + 1);
    }
    return name + " (none given)";
  }
  return slot;
}

std::string SlotText(const std::string& subject, const std::string& stat, float v, double overall_rate) {
  if (stat == "hit_rate") return subject + ": past findings rate " + Percent(v) + " against " + Percent(overall_rate) + " overall";
  if (stat == "recent_hit_rate") return subject + ": recent findings rate " + Percent(v) + " against " + Percent(overall_rate) + " overall";
  if (stat == "critical_rate") return subject + ": critical findings in " + Percent(v) + " of its inspections";
  if (stat == "declarations_log") return subject + ": " + Format("%.0f", std::expm1(v)) + " earlier declarations";
  if (stat == "inspections_log") return subject + ": " + Format("%.0f", std::expm1(v)) + " earlier inspections";
  if (stat == "revenue_per_inspection_log") return subject + ": " + Format("%.0f", std::expm1(v)) + " recovered per inspection";
  if (stat == "days_known") {
    return std::isnan(v) ? subject + ": never seen before" : subject + ": first seen " + Format("%.0f", v) + " days ago";
  }
  return subject + " " + stat + " " + Format("%g", v);
}

std::string Weekday(float v) {
  static constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  int day = static_cast<int>(v);
  return day >= 0 && day < 7 ? kDays[day] : Format("day %g", v);
}

std::string TransportMode(float v) {  // UN Recommendation 19
  switch (static_cast<int>(v)) {
    case 1: return "sea";
    case 2: return "rail";
    case 3: return "road";
    case 4: return "air";
    case 5: return "post";
    case 7: return "fixed installation";
    case 8: return "inland waterway";
    default: return "mode " + Format("%.0f", v);
  }
}

// The declaration's own figures and the registry's, in words.
std::string OtherFeatureText(const std::string& name, float v) {
  if (name == "company.tax_debt_log") return "importer owes " + Format("%.0f", std::expm1(v)) + " in taxes";
  if (name == "company.credit_score") return "importer's credit score " + Format("%.0f", v);
  if (name == "company.compliance_rating") return "importer's compliance rating " + std::string(1, static_cast<char>('A' + static_cast<int>(v)));
  if (name == "company.closed") return v > 0 ? "importer's company is closed" : "importer's company is active";
  if (name == "company.audits") return Format("%.0f", v) + " earlier audits of the importer";
  if (name == "company.related_parties") return Format("%.0f", v) + " related companies (shared directors or address)";
  if (name == "declarant.aeo") return v > 0 ? "declarant is an authorised economic operator" : "declarant is not an authorised economic operator";
  if (name == "activity.importer_recent_declarations") return Format("%.1f", v) + " recent declarations of the importer";
  if (name == "activity.value_vs_importer_usual") return "value " + Format("%.1f", std::exp(v)) + "x the importer's usual";
  if (name == "duty.rate_weighted") return "value-weighted duty rate " + Format("%.1f", v) + "%";
  if (name == "duty.declared_vs_expected") return "duty declared " + Percent(v) + " of what the tariff gives";
  if (name == "items.origin_not_export_share") return Percent(v) + " of the items from an origin other than the country of export";
  if (name == "items.preference_share") return Percent(v) + " of the items claiming a tariff preference";
  if (name == "items.count") return Format("%.0f", v) + " goods items";
  if (name == "value.freight_share") return "freight " + Percent(v) + " of the customs value";
  if (name == "value.insurance_share") return "insurance " + Percent(v) + " of the customs value";
  if (name == "value.per_kg_log") return "value per kg " + Format("%.2f", std::exp(v));
  if (name == "mass.log") return "gross mass " + Format("%.0f", std::expm1(v)) + " kg";
  if (name == "transport.mode") return "transport by " + TransportMode(v);
  if (name == "calendar.weekday") return "lodged on a " + Weekday(v);
  if (name == "calendar.hour") return "lodged at " + Format("%.0f", v) + ":00 UTC";
  return name + " = " + Format("%g", v);
}

std::string FeatureText(const std::string& name, float v, const profile::DeclarationKeys& k, double overall_rate) {
  size_t dot = name.rfind('.');
  std::string family = name.substr(0, dot), stat = dot == std::string::npos ? "" : name.substr(dot + 1);
  for (const char* s : kSlotStats) {
    if (stat == s) return SlotText(SlotSubject(family, k), stat, v, overall_rate);
  }
  if (std::isnan(v)) {
    if (family == "company") return "importer not in the company registry (" + stat + " unknown)";
    return name + " unknown";
  }
  if (name == "uv.log_ratio_hs6_origin") return "unit value " + Percent(std::exp(v)) + " of the reference price for these goods from this origin";
  if (name == "uv.log_ratio_hs6") return "unit value " + Percent(std::exp(v)) + " of the reference price for these goods";
  if (name == "uv.robust_z_hs6_origin") return "unit value " + Format("%.1f", v) + " spreads from the reference price";
  if (name == "uv.value_share_below_half") return Percent(v) + " of the value priced under half the reference";
  if (family == "discrepancy") {
    if (stat == "count") return Format("%.0f", v) + " document discrepancies";
    return std::string(v > 0 ? "document discrepancy: " : "no discrepancy: ") + stat;
  }
  if (name == "company.age_days") return "importer registered " + Format("%.0f", v) + " days before lodgement";
  if (name == "company.aeo") return v > 0 ? "importer is an authorised economic operator" : "importer is not an authorised economic operator";
  if (name == "company.related_max_hit_rate") return "related company with past findings rate " + Percent(v);
  if (name == "company.related_closed") return Format("%.0f", v) + " related companies closed";
  if (name == "company.audit_findings") return Format("%.0f", v) + " earlier audits with findings";
  if (name == "duty.rate_max") return "highest duty rate " + Format("%g", v) + "%";
  if (name == "activity.importer_recent_vs_usual") return "importer declaring " + Format("%.1f", v) + "x its usual rate";
  if (name == "value.log") return "customs value " + Format("%.0f", std::expm1(v));
  return OtherFeatureText(name, v);
}

}  // namespace

std::vector<Reason> TopReasons(const FeatureSchema& schema, const float* features, const float* contributions,
                               const profile::DeclarationKeys& keys,
                               double overall_rate, int top) {
  std::vector<int> order(schema.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    float ca = std::fabs(contributions[a]), cb = std::fabs(contributions[b]);
    if (ca != cb) return ca > cb;
    return a < b;
  });
  std::vector<Reason> reasons;
  for (int i : order) {
    if (static_cast<int>(reasons.size()) >= top || contributions[i] == 0) break;
    const std::string& name = schema.names()[static_cast<size_t>(i)];
    reasons.push_back({name, features[i], contributions[i], FeatureText(name, features[i], keys, overall_rate)});
  }
  return reasons;
}

}  // namespace aduana::model
