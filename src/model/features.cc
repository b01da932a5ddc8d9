#include "model/features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/trade.h"
#include "nlohmann/json.hpp"

namespace aduana::model {
namespace {

using profile::EntityProfile;
using profile::EntityType;
using profile::ProfileBook;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMinReferenceObservations = 5;

// Writes values in schema order; in naming mode (out == nullptr) records the names instead. Build and the
// schema's names come from the same code, so they cannot drift apart.
class Sink {
 public:
  explicit Sink(float* out) : out_(out) {}
  explicit Sink(std::vector<std::string>* names) : names_(names) {}
  void operator()(std::string_view name, double value) {
    if (names_ != nullptr) {
      names_->emplace_back(name);
    } else {
      *out_++ = static_cast<float>(value);
    }
  }
  // "prefix.name": the name is only built in naming mode, never on the scoring path.
  void operator()(std::string_view prefix, std::string_view name, double value) {
    if (names_ != nullptr) {
      std::string& full = names_->emplace_back(prefix);
      full.append(1, '.').append(name);
    } else {
      *out_++ = static_cast<float>(value);
    }
  }

 private:
  float* out_ = nullptr;
  std::vector<std::string>* names_ = nullptr;
};

struct SlotValue {
  const EntityProfile* profile = nullptr;
  double prior = 0;
};

double Log1p(double v) { return v > 0 ? std::log1p(v) : 0; }

void EmitSlot(Sink& sink, const std::string& name, const SlotValue& v, const ProfileBook& book, UnixMillis t) {
  const EntityProfile* p = v.profile;
  double inspections = p ? static_cast<double>(p->inspections) : 0;
  sink(name, kSlotStats[0], Log1p(p ? static_cast<double>(p->declarations) : 0));
  sink(name, kSlotStats[1], Log1p(inspections));
  sink(name, kSlotStats[2], book.Rate(p, v.prior));
  sink(name, kSlotStats[3], book.RecentRate(p, v.prior, t));
  sink(name, kSlotStats[4], book.CriticalRate(p, 0.0));
  sink(name, kSlotStats[5], inspections > 0 ? Log1p(p->revenue / inspections) : 0.0);
  sink(name, kSlotStats[6], p && p->first_seen != 0 ? static_cast<double>(t - p->first_seen) / kMillisPerDay : kNaN);
}

// The profiles of one goods item's slots, with their priors chained up the HS tree.
struct ItemSlots {
  SlotValue hs2, hs4, hs6, line, origin, hs6_origin;
};

ItemSlots ItemProfiles(const ProfileBook& book, const profile::ItemKeys& item, double all_rate) {
  ItemSlots s;
  s.hs2 = {book.Find(EntityType::kHsChapter, item.hs2), all_rate};
  s.hs4 = {book.Find(EntityType::kHsHeading, item.hs4), book.Rate(s.hs2.profile, all_rate)};
  s.hs6 = {book.Find(EntityType::kHsSubheading, item.hs6), book.Rate(s.hs4.profile, s.hs4.prior)};
  double hs6_rate = book.Rate(s.hs6.profile, s.hs6.prior);
  s.line = {item.line.empty() ? nullptr : book.Find(EntityType::kHsLine, item.line), hs6_rate};
  s.origin = {book.Find(EntityType::kOrigin, item.origin), all_rate};
  s.hs6_origin = {book.Find(EntityType::kHs6Origin, item.hs6_origin), hs6_rate};
  return s;
}

double Ratio(double a, double b) { return b > 0 ? a / b : kNaN; }

double ComplianceRatingScore(std::string_view rating) {
  if (rating.size() != 1 || rating[0] < 'A' || rating[0] > 'E') return kNaN;
  return rating[0] - 'A';
}

// What every family of features needs: the book, the declaration and its keys, and the moment of assessment.
struct Context {
  const ProfileBook& book;
  const DeclarationRecord& record;
  const profile::DeclarationKeys& keys;
  UnixMillis t;
  EpochDay day;
  double all_rate;

  const EntityProfile* Find(EntityType type, const std::string& key) const {
    return key.empty() ? nullptr : book.Find(type, key);
  }
};

// The importer's profile and the prior its rate is smoothed toward (sector, or lane when the sector is unknown).
struct ImporterView {
  SlotValue slot;
  double rate = 0;
};

ImporterView Importer(const Context& c) {
  const ProfileBook& book = c.book;
  const profile::DeclarationKeys& k = c.keys;
  double prior = k.sector.empty()
                     ? book.Rate(c.Find(EntityType::kLane, k.lane),
                                 book.Rate(c.Find(EntityType::kExportCountry, k.export_country), c.all_rate))
                     : book.Rate(c.Find(EntityType::kSector, k.sector), c.all_rate);
  ImporterView v{{c.Find(EntityType::kImporter, k.importer), prior}, 0};
  v.rate = book.Rate(v.slot.profile, prior);
  return v;
}

// The item whose profile looks riskiest (highest smoothed HS6 x origin or tariff-line rate) speaks for all.
ItemSlots RiskiestItem(const Context& c) {
  ItemSlots riskiest = ItemProfiles(c.book, profile::ItemKeys{}, c.all_rate);
  double riskiest_rate = -1;
  for (const profile::ItemKeys& item : c.keys.items) {
    ItemSlots s = ItemProfiles(c.book, item, c.all_rate);
    double r = std::max(c.book.Rate(s.hs6_origin.profile, s.hs6_origin.prior), c.book.Rate(s.line.profile, s.line.prior));
    if (r > riskiest_rate) {
      riskiest_rate = r;
      riskiest = s;
    }
  }
  return riskiest;
}

SlotValue SourceFieldSlot(const Context& c, std::string_view column) {
  for (const std::string& f : c.keys.source_fields) {
    if (f.size() > column.size() && f.compare(0, column.size(), column) == 0 && f[column.size()] == '=') {
      return {c.book.Find(EntityType::kSourceField, f), c.all_rate};
    }
  }
  return {nullptr, c.all_rate};
}

void EmitProfileSlots(Sink& sink, const Context& c, const FeatureSchema& schema, const ImporterView& importer) {
  const ProfileBook& book = c.book;
  const profile::DeclarationKeys& k = c.keys;
  const double all = c.all_rate;
  SlotValue export_country{c.Find(EntityType::kExportCountry, k.export_country), all};
  double export_rate = book.Rate(export_country.profile, all);
  ItemSlots riskiest = RiskiestItem(c);
  for (const ProfileSlot& slot : schema.slots()) {
    SlotValue v;
    switch (slot.type) {
      case EntityType::kImporter: v = importer.slot; break;
      case EntityType::kDeclarant:
        v = {c.Find(EntityType::kDeclarant, k.declarant), book.Rate(c.Find(EntityType::kOffice, k.office), all)};
        break;
      case EntityType::kSupplier: v = {c.Find(EntityType::kSupplier, k.supplier), export_rate}; break;
      case EntityType::kSector: v = {c.Find(EntityType::kSector, k.sector), all}; break;
      case EntityType::kExportCountry: v = export_country; break;
      case EntityType::kLane: v = {c.Find(EntityType::kLane, k.lane), export_rate}; break;
      case EntityType::kCarrier: v = {c.Find(EntityType::kCarrier, k.carrier), all}; break;
      case EntityType::kOffice: v = {c.Find(EntityType::kOffice, k.office), all}; break;
      case EntityType::kProcedure: v = {c.Find(EntityType::kProcedure, k.procedure), all}; break;
      case EntityType::kOfficeImporter: v = {c.Find(EntityType::kOfficeImporter, k.office_importer), importer.rate}; break;
      case EntityType::kDeclarantImporter:
        v = {c.Find(EntityType::kDeclarantImporter, k.declarant_importer), importer.rate};
        break;
      case EntityType::kHsChapter: v = riskiest.hs2; break;
      case EntityType::kHsHeading: v = riskiest.hs4; break;
      case EntityType::kHsSubheading: v = riskiest.hs6; break;
      case EntityType::kHsLine: v = riskiest.line; break;
      case EntityType::kOrigin: v = riskiest.origin; break;
      case EntityType::kHs6Origin: v = riskiest.hs6_origin; break;
      case EntityType::kSourceField: v = SourceFieldSlot(c, slot.source_field); break;
      case EntityType::kAll: v = {book.Find(EntityType::kAll, ""), all}; break;
    }
    EmitSlot(sink, slot.name, v, book, c.t);
  }
}

// Unit values against the reference prices, tariff, origin, preferences, freight.
void EmitValuation(Sink& sink, const Context& c) {
  const Declaration& d = c.record.declaration;
  double worst_ratio = kNaN, worst_z = kNaN, worst_hs6_ratio = kNaN, value_below_half = 0, total_value = 0;
  double max_duty = kNaN, duty_weighted = 0, expected_duty = 0, declared_duty = 0, other_origin = 0, preference = 0;
  for (size_t i = 0; i < c.keys.items.size(); ++i) {
    const profile::ItemKeys& item = c.keys.items[i];
    const GoodsItem& g = c.record.items[i];
    double log_uv = profile::LogUnitValue(item.customs_value, item.net_mass_kg);
    profile::ReferencePrice ref;
    if (!std::isnan(log_uv) && c.book.prices().Find(item.hs6_origin, kMinReferenceObservations, &ref)) {
      double ratio = log_uv - ref.median_log;
      double z = ratio / std::max(ref.spread_log, 0.05);
      if (std::isnan(worst_ratio) || ratio < worst_ratio) worst_ratio = ratio;
      if (std::isnan(worst_z) || z < worst_z) worst_z = z;
      if (ratio < -std::log(2.0)) value_below_half += item.customs_value;
    }
    if (!std::isnan(log_uv) && c.book.prices().Find(item.hs6, kMinReferenceObservations, &ref)) {
      double ratio = log_uv - ref.median_log;
      if (std::isnan(worst_hs6_ratio) || ratio < worst_hs6_ratio) worst_hs6_ratio = ratio;
    }
    total_value += item.customs_value;
    max_duty = std::isnan(max_duty) ? item.duty_rate : std::max(max_duty, item.duty_rate);
    duty_weighted += item.duty_rate * item.customs_value;
    expected_duty += item.customs_value * item.duty_rate / 100;
    declared_duty += g.duty_declared;
    if (item.origin != d.country_of_export) other_origin += 1;
    if (!g.preference_code.empty()) preference += 1;
  }
  double n_items = static_cast<double>(c.keys.items.size());
  sink("uv.log_ratio_hs6_origin", worst_ratio);
  sink("uv.robust_z_hs6_origin", worst_z);
  sink("uv.log_ratio_hs6", worst_hs6_ratio);
  sink("uv.value_share_below_half", Ratio(value_below_half, total_value));
  sink("duty.rate_max", max_duty);
  sink("duty.rate_weighted", Ratio(duty_weighted, total_value));
  sink("duty.declared_vs_expected", Ratio(declared_duty, expected_duty));
  sink("items.origin_not_export_share", n_items > 0 ? other_origin / n_items : kNaN);
  sink("items.preference_share", n_items > 0 ? preference / n_items : kNaN);
  sink("value.freight_share", Ratio(d.freight, d.customs_value));
  sink("value.insurance_share", Ratio(d.insurance, d.customs_value));
}

void EmitDiscrepancies(Sink& sink, const Context& c) {
  const std::vector<std::string>& found = c.record.discrepancy_kinds;
  double count = 0;
  for (const char* kind : kDiscrepancyKinds) {
    bool present = std::find(found.begin(), found.end(), kind) != found.end();
    count += present ? 1 : 0;
    sink("discrepancy", kind, present ? 1 : 0);
  }
  sink("discrepancy.count", count);
}

double AeoFlag(const aduana::Company* c) {
  if (c == nullptr) return kNaN;
  return c->aeo_status.empty() || c->aeo_status == "none" ? 0 : 1;
}

// The importer in the registry: age, AEO, credit, debt, rating, audits known by now, related parties.
void EmitCompany(Sink& sink, const Context& c, const ImporterView& importer) {
  const Declaration& d = c.record.declaration;
  const aduana::Company* company = c.book.FindCompany(d.importer_id);
  sink("company.age_days",
       company && company->registered_on ? static_cast<double>(c.day - *company->registered_on) : kNaN);
  sink("company.aeo", AeoFlag(company));
  sink("company.credit_score", company && company->credit_score ? *company->credit_score : kNaN);
  sink("company.tax_debt_log", company && company->tax_debt ? Log1p(*company->tax_debt) : kNaN);
  sink("company.compliance_rating", company ? ComplianceRatingScore(company->compliance_rating) : kNaN);
  sink("company.closed", company && company->closed_on && *company->closed_on <= c.day ? 1 : 0);
  ProfileBook::AuditHistory audits = c.book.AuditsBefore(d.importer_id, c.t);
  sink("company.audits", audits.audits);
  sink("company.audit_findings", audits.non_compliant);
  const std::vector<int>& related = c.book.RelatedCompanies(d.importer_id);
  double related_rate = kNaN, related_closed = 0;
  for (int r : related) {
    const aduana::Company& other = c.book.CompanyAt(r);
    if (other.closed_on && *other.closed_on <= c.day) related_closed += 1;
    double rate = c.book.Rate(c.book.Find(EntityType::kImporter, other.company_id), importer.slot.prior);
    related_rate = std::isnan(related_rate) ? rate : std::max(related_rate, rate);
  }
  sink("company.related_parties", static_cast<double>(related.size()));
  sink("company.related_closed", related_closed);
  sink("company.related_max_hit_rate", related_rate);
  sink("declarant.aeo", AeoFlag(c.book.FindCompany(d.declarant_id)));
}

// The importer's activity now against its usual, and this declaration's value against its usual.
void EmitActivity(Sink& sink, const Context& c, const ImporterView& importer) {
  const EntityProfile* ip = importer.slot.profile;
  double recent = c.book.RecentDeclarations(ip, c.t);
  double days_known = ip && ip->first_seen != 0 ? static_cast<double>(c.t - ip->first_seen) / kMillisPerDay : 0;
  double usual_per_week = ip && days_known >= 7 ? 7.0 * static_cast<double>(ip->declarations) / days_known : kNaN;
  sink("activity.importer_recent_declarations", recent);
  sink("activity.importer_recent_vs_usual", Ratio(recent, usual_per_week));
  double value = c.record.declaration.customs_value;
  double usual_value = ip && ip->declarations > 0 ? ip->value / static_cast<double>(ip->declarations) : kNaN;
  sink("activity.value_vs_importer_usual", usual_value > 0 && value > 0 ? std::log(value / usual_value) : kNaN);
}

void EmitDeclaration(Sink& sink, const Context& c) {
  const Declaration& d = c.record.declaration;
  sink("value.log", Log1p(d.customs_value));
  sink("mass.log", Log1p(d.gross_mass_kg));
  sink("value.per_kg_log", profile::LogUnitValue(d.customs_value, d.gross_mass_kg));
  sink("items.count", static_cast<double>(c.keys.items.size()));
  sink("transport.mode", d.transport_mode);
  sink("calendar.weekday", static_cast<double>((c.day + 4) % 7));  // 1970-01-01 was a Thursday: 0 = Sunday
  sink("calendar.hour", static_cast<double>((c.t % kMillisPerDay) / 3'600'000));
}

// The whole pipeline, in schema order.
void Emit(Sink& sink, const FeatureSchema& schema, const ProfileBook& book, const DeclarationRecord& record,
          const profile::DeclarationKeys& keys) {
  const UnixMillis t = record.declaration.lodged_at;
  const Context c{book, record, keys, t, static_cast<EpochDay>(t / kMillisPerDay), book.OverallRate()};
  const ImporterView importer = Importer(c);
  EmitProfileSlots(sink, c, schema, importer);
  EmitValuation(sink, c);
  EmitDiscrepancies(sink, c);
  EmitCompany(sink, c, importer);
  EmitActivity(sink, c, importer);
  EmitDeclaration(sink, c);
}

}  // namespace

const char* const kSlotStats[kSlotStatCount] = {"declarations_log", "inspections_log", "hit_rate", "recent_hit_rate",
                                                 "critical_rate",    "revenue_per_inspection_log", "days_known"};

FeatureSchema FeatureSchema::Standard(std::vector<std::string> source_fields) {
  FeatureSchema s;
  s.source_fields_ = std::move(source_fields);
  using T = EntityType;
  s.slots_ = {{T::kImporter, "importer"},         {T::kDeclarant, "declarant"},
              {T::kSupplier, "supplier"},         {T::kSector, "sector"},
              {T::kExportCountry, "export_country"}, {T::kLane, "lane"},
              {T::kCarrier, "carrier"},           {T::kOffice, "office"},
              {T::kProcedure, "procedure"},       {T::kOfficeImporter, "office_importer"},
              {T::kDeclarantImporter, "declarant_importer"},
              {T::kHsChapter, "hs2", true},       {T::kHsHeading, "hs4", true},
              {T::kHsSubheading, "hs6", true},    {T::kHsLine, "hs_line", true},
              {T::kOrigin, "origin", true},       {T::kHs6Origin, "hs6_origin", true}};
  for (const std::string& f : s.source_fields_) s.slots_.push_back({T::kSourceField, "src." + f, false, f});
  Sink names(&s.names_);
  DeclarationRecord empty;
  profile::DeclarationKeys keys;
  ProfileBook book;
  Emit(names, s, book, empty, keys);
  return s;
}

absl::StatusOr<FeatureSchema> FeatureSchema::FromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("source_fields") || !j.contains("names") ||
      !j["source_fields"].is_array() || !j["names"].is_array()) {
    return absl::DataLossError("model feature list is not {\"source_fields\": [...], \"names\": [...]}");
  }
  std::vector<std::string> fields, names;
  for (const auto& f : j["source_fields"]) {
    if (!f.is_string()) return absl::DataLossError("model feature list: source_fields must be strings");
    fields.push_back(f.get<std::string>());
  }
  for (const auto& n : j["names"]) {
    if (!n.is_string()) return absl::DataLossError("model feature list: names must be strings");
    names.push_back(n.get<std::string>());
  }
  FeatureSchema s = Standard(std::move(fields));
  if (s.names_ != names) {
    return absl::FailedPreconditionError(
        "the model was trained on another feature set than this version of aduana computes: retrain it");
  }
  return s;
}

std::string FeatureSchema::ToJson() const {
  nlohmann::json j;
  j["source_fields"] = source_fields_;
  j["names"] = names_;
  return j.dump();
}

int FeatureSchema::IndexOf(std::string_view name) const {
  auto it = std::find(names_.begin(), names_.end(), name);
  return it == names_.end() ? -1 : static_cast<int>(it - names_.begin());
}

FeatureBuilder::FeatureBuilder(const FeatureSchema& schema, const ProfileBook& book) : schema_(schema), book_(book) {}

void FeatureBuilder::Build(const DeclarationRecord& record, const profile::DeclarationKeys& keys, float* out) const {
  Sink sink(out);
  Emit(sink, schema_, book_, record, keys);
}

}  // namespace aduana::model
