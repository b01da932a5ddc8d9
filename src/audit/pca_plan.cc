#include "audit/pca_plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "core/csv_writer.h"
#include "core/status_macros.h"
#include "model/features.h"
#include "nlohmann/json.hpp"
#include "profile/timeline.h"

namespace aduana::audit {
namespace {

using nlohmann::json;

constexpr double kDiscrepancyUplift = 0.5;  // x the share of released declarations with discrepancies
constexpr double kAlertUplift = 0.25;       // per open alert
constexpr int kMaxAlertsCounted = 2;
constexpr double kPastFindingUplift = 0.5;
constexpr double kRelatedPartyUplift = 0.25;
constexpr size_t kRelatedListed = 5;
constexpr int kAlertsRead = 50;

struct RiskyDeclaration {
  std::string declaration_id;
  UnixMillis lodged_at = 0;
  double customs_value = 0;
  double risk = 0;
  double expected_revenue = 0;
};

struct Accumulator {
  CompanyExposure exposure;
  std::map<std::string, int64_t> discrepancy_kinds;
  std::vector<RiskyDeclaration> riskiest;  // highest expected revenue first, at most the options' number
};

void KeepRiskiest(std::vector<RiskyDeclaration>& riskiest, RiskyDeclaration d, size_t keep) {
  auto by_revenue = [](const RiskyDeclaration& a, const RiskyDeclaration& b) {
    return a.expected_revenue > b.expected_revenue;
  };
  auto at = std::upper_bound(riskiest.begin(), riskiest.end(), d, by_revenue);
  if (static_cast<size_t>(at - riskiest.begin()) >= keep) return;
  riskiest.insert(at, std::move(d));
  if (riskiest.size() > keep) riskiest.pop_back();
}

std::string Money(double mxn) {
  char buf[48];
  if (mxn >= 1e6) {
    std::snprintf(buf, sizeof buf, "MXN %.1f M", mxn / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "MXN %.0f", mxn);
  }
  return buf;
}

// Duty and VAT declared: what an undervaluation or a misclassification takes a share of.
double TaxesDeclared(const DeclarationRecord& r, double vat_rate) {
  double duty = 0;
  for (const GoodsItem& item : r.items) duty += item.duty_declared;
  return duty + vat_rate * (r.declaration.customs_value + duty);
}

bool PoorlyRated(const Company& c) { return c.compliance_rating == "D" || c.compliance_rating == "E"; }

// The company-level evidence the declarations do not show: alerts, past audits, related parties. Adds the
// uplifts to `uplift` and the words to the exposure's indicators.
absl::Status AddCompanyEvidence(Store& store, const profile::ProfileBook& book, const PcaOptions& options,
                                Accumulator& acc, json& evidence, double* uplift) {
  CompanyExposure& e = acc.exposure;
  AlertFilter filter;
  filter.subject = e.company_id;
  filter.limit = kAlertsRead;
  ADUANA_ASSIGN_OR_RETURN(std::vector<AlertRecord> alerts, store.ListAlerts(filter));
  json alert_list = json::array();
  int open = 0;
  for (const AlertRecord& a : alerts) {
    if (a.status == "dismissed" || a.week > options.to || a.week + 6 < options.from) continue;
    ++open;
    alert_list.push_back({{"alert_id", a.alert_id}, {"detector", a.detector}, {"week", FormatDate(a.week)},
                          {"severity", a.severity}, {"status", a.status}, {"evidence", a.evidence}});
  }
  evidence["alerts"] = alert_list;
  if (open > 0) {
    *uplift += kAlertUplift * std::min(open, kMaxAlertsCounted);
    e.indicators.push_back(std::to_string(open) + " early-warning alert(s) on it in the period");
  }
  UnixMillis now = (static_cast<UnixMillis>(options.to) + 1) * kMillisPerDay;
  profile::ProfileBook::AuditHistory past = book.AuditsBefore(e.company_id, now);
  evidence["past_audits"] = {{"audits", past.audits}, {"non_compliant", past.non_compliant},
                             {"assessed", past.assessed}};
  if (past.non_compliant > 0) {
    *uplift += kPastFindingUplift;
    e.indicators.push_back("an earlier audit found non-compliance (" + Money(past.assessed) + " assessed)");
  }
  json related = json::array();
  for (int index : book.RelatedCompanies(e.company_id)) {
    const Company& c = book.CompanyAt(index);
    bool closed = c.closed_on.has_value() && *c.closed_on <= options.to;
    if (!closed && !PoorlyRated(c)) continue;
    if (related.size() < kRelatedListed) {
      related.push_back({{"company_id", c.company_id},
                         {"why", closed ? "closed " + FormatDate(*c.closed_on) : "rating " + c.compliance_rating}});
    }
  }
  evidence["related_parties"] = related;
  if (!related.empty()) {
    *uplift += kRelatedPartyUplift;
    e.indicators.push_back("shares a director or address with " + related[0]["company_id"].get<std::string>() + " (" +
                           related[0]["why"].get<std::string>() + ")");
  }
  if (const Company* c = book.FindCompany(e.company_id)) {
    evidence["registry"] = {{"rating", c->compliance_rating}, {"aeo_status", c->aeo_status},
                            {"tax_debt", c->tax_debt.value_or(0)},
                            {"registered_on", c->registered_on ? FormatDate(*c->registered_on) : ""}};
  }
  return absl::OkStatus();
}

// Fills the exposure's score, indicators and evidence from what was accumulated.
absl::Status Conclude(Store& store, const profile::ProfileBook& book, const PcaOptions& options, Accumulator& acc) {
  CompanyExposure& e = acc.exposure;
  json evidence = {{"revenue_at_risk", e.revenue_at_risk}, {"declarations", e.declarations},
                   {"released", e.released}, {"controlled", e.controlled}, {"findings", e.findings},
                   {"revenue_recovered", e.revenue_recovered}, {"declared_value", e.declared_value}};
  e.indicators.push_back(Money(e.revenue_at_risk) + " expected on " + std::to_string(e.released) +
                         " declarations released without control");
  double uplift = 0;
  if (e.released > 0 && e.released_with_discrepancies > 0) {
    double share = static_cast<double>(e.released_with_discrepancies) / static_cast<double>(e.released);
    uplift += kDiscrepancyUplift * share;
    std::string kinds;
    for (const auto& [kind, n] : acc.discrepancy_kinds) kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    e.indicators.push_back(std::to_string(e.released_with_discrepancies) + " of them contradicted by their documents (" +
                           kinds + ")");
  }
  evidence["discrepancies"] = acc.discrepancy_kinds;
  if (e.findings > 0) {
    e.indicators.push_back("controls in the period found non-compliance " + std::to_string(e.findings) + " time(s) of " +
                           std::to_string(e.controlled));
  }
  ADUANA_RETURN_IF_ERROR(AddCompanyEvidence(store, book, options, acc, evidence, &uplift));
  e.score = e.revenue_at_risk * (1 + uplift);
  json riskiest = json::array();
  for (const RiskyDeclaration& d : acc.riskiest) {
    riskiest.push_back({{"declaration_id", d.declaration_id}, {"lodged_at", FormatTimestamp(d.lodged_at)},
                        {"customs_value", d.customs_value}, {"risk", d.risk},
                        {"expected_revenue", d.expected_revenue}});
  }
  evidence["riskiest_declarations"] = riskiest;
  evidence["indicators"] = e.indicators;
  e.evidence_json = evidence.dump();
  return absl::OkStatus();
}

PcaCandidate CandidateOf(const CompanyExposure& e, std::string selection) {
  PcaCandidate c;
  c.company_id = e.company_id;
  c.selection = std::move(selection);
  c.score = e.score;
  c.revenue_at_risk = e.revenue_at_risk;
  c.declarations = e.declarations;
  c.released = e.released;
  c.declared_value = e.declared_value;
  c.evidence_json = e.evidence_json;
  return c;
}

}  // namespace

absl::StatusOr<std::vector<CompanyExposure>> ScoreCompanies(Store& store, const model::RiskModel& model,
                                                            const PcaOptions& options) {
  if (options.to < options.from) return absl::InvalidArgumentError("the period ends before it starts");
  const UnixMillis from = static_cast<UnixMillis>(options.from) * kMillisPerDay;
  const UnixMillis until = (static_cast<UnixMillis>(options.to) + 1) * kMillisPerDay;
  profile::ProfileBook book(model.profile_config());
  model::FeatureBuilder builder(model.schema(), book);
  std::vector<float> features(model.schema().size());
  absl::flat_hash_map<std::string, Accumulator> companies;
  const size_t keep = static_cast<size_t>(std::max(0, options.evidence_declarations));
  // What controls before the period recovered per peso of taxes declared on the declarations they found
  // non-compliant: turns a declaration's probability of non-compliance into an amount.
  double taxes_found = 0, revenue_found = 0;
  auto assess = [&](const DeclarationRecord& record, const profile::DeclarationKeys& keys) {
    const Declaration& d = record.declaration;
    if (d.lodged_at < from) {
      if (record.outcome && record.outcome->non_compliant) {
        taxes_found += TaxesDeclared(record, options.vat_rate);
        revenue_found += record.outcome->additional_revenue;
      }
      return;
    }
    Accumulator& acc = companies[d.importer_id];
    CompanyExposure& e = acc.exposure;
    ++e.declarations;
    e.declared_value += d.customs_value;
    if (record.outcome) {
      ++e.controlled;
      e.findings += record.outcome->non_compliant ? 1 : 0;
      e.revenue_recovered += record.outcome->additional_revenue;
      return;
    }
    builder.Build(record, keys, features.data());
    const double risk = model.Risk(features.data());
    const double recovery = taxes_found > 0 ? revenue_found / taxes_found : 0;
    const double expected = risk * TaxesDeclared(record, options.vat_rate) * recovery;
    ++e.released;
    e.revenue_at_risk += expected;
    if (options.compare_revenue_model) {
      e.model_expected_revenue += std::max(0.0f, model.ExpectedRevenue(features.data()));
    }
    if (!record.discrepancy_kinds.empty()) ++e.released_with_discrepancies;
    for (const std::string& kind : record.discrepancy_kinds) ++acc.discrepancy_kinds[kind];
    KeepRiskiest(acc.riskiest, {d.declaration_id, d.lodged_at, d.customs_value, risk, expected}, keep);
  };
  ADUANA_RETURN_IF_ERROR(profile::ReplayHistory(store, until, &book, assess));
  std::vector<CompanyExposure> out;
  out.reserve(companies.size());
  for (auto& [id, acc] : companies) {
    acc.exposure.company_id = id;
    ADUANA_RETURN_IF_ERROR(Conclude(store, book, options, acc));
    out.push_back(std::move(acc.exposure));
  }
  std::sort(out.begin(), out.end(), [](const CompanyExposure& a, const CompanyExposure& b) {
    return a.score != b.score ? a.score > b.score : a.company_id < b.company_id;
  });
  return out;
}

absl::StatusOr<PcaPlanRecord> BuildPcaPlan(Store& store, const model::RiskModel& model, const PcaOptions& options,
                                           std::string created_by, UnixMillis created_at) {
  if (options.capacity < 1) return absl::InvalidArgumentError("capacity: at least 1 audit");
  if (!(options.random_share >= 0 && options.random_share <= 1)) {
    return absl::InvalidArgumentError("random share: from 0 to 1");
  }
  ADUANA_ASSIGN_OR_RETURN(std::vector<CompanyExposure> ranked, ScoreCompanies(store, model, options));
  PcaPlanRecord plan;
  plan.created_at = created_at;
  plan.created_by = std::move(created_by);
  plan.period_from = options.from;
  plan.period_to = options.to;
  plan.capacity = options.capacity;
  plan.random_share = options.random_share;
  plan.seed = options.seed;
  plan.model_id = model.version().model_id;
  plan.companies_ranked = static_cast<int64_t>(ranked.size());
  const size_t capacity = std::min(static_cast<size_t>(options.capacity), ranked.size());
  const size_t random = std::min(capacity, static_cast<size_t>(std::lround(options.capacity * options.random_share)));
  const size_t by_risk = capacity - random;
  for (size_t i = 0; i < by_risk; ++i) plan.candidates.push_back(CandidateOf(ranked[i], "risk"));
  // The control sample: a seeded partial Fisher-Yates draw among the companies the ranking did not take, so
  // the same plan options give the same plan.
  std::mt19937_64 rng(options.seed);
  for (size_t i = by_risk; i < by_risk + random; ++i) {
    size_t pick = i + static_cast<size_t>(rng() % (ranked.size() - i));
    std::swap(ranked[i], ranked[pick]);
    plan.candidates.push_back(CandidateOf(ranked[i], "random"));
  }
  for (size_t i = 0; i < plan.candidates.size(); ++i) plan.candidates[i].rank = static_cast<int>(i + 1);
  return plan;
}

std::string PlanCsv(const PcaPlanRecord& plan) {
  std::string out =
      "rank,company_id,selection,score,revenue_at_risk,declarations,released,declared_value,indicators\n";
  char number[64];
  for (const PcaCandidate& c : plan.candidates) {
    json evidence = json::parse(c.evidence_json, nullptr, false);
    std::string indicators;
    if (evidence.is_object() && evidence.contains("indicators")) {
      for (const json& i : evidence["indicators"]) {
        if (i.is_string()) indicators += (indicators.empty() ? "" : "; ") + i.get<std::string>();
      }
    }
    out += std::to_string(c.rank) + ",";
    AppendCsvField(&out, c.company_id);
    out += "," + c.selection + ",";
    std::snprintf(number, sizeof number, "%.2f,%.2f,", c.score, c.revenue_at_risk);
    out += number;
    out += std::to_string(c.declarations) + "," + std::to_string(c.released) + ",";
    std::snprintf(number, sizeof number, "%.2f,", c.declared_value);
    out += number;
    AppendCsvField(&out, indicators);
    out += "\n";
  }
  return out;
}

std::string PlanJson(const PcaPlanRecord& plan) {
  json candidates = json::array();
  for (const PcaCandidate& c : plan.candidates) {
    json evidence = json::parse(c.evidence_json, nullptr, false);
    candidates.push_back({{"rank", c.rank}, {"company_id", c.company_id}, {"selection", c.selection},
                          {"score", c.score}, {"revenue_at_risk", c.revenue_at_risk},
                          {"declarations", c.declarations}, {"released", c.released},
                          {"declared_value", c.declared_value},
                          {"evidence", evidence.is_discarded() ? json::object() : evidence}});
  }
  return json({{"plan_id", plan.plan_id}, {"created_at", FormatTimestamp(plan.created_at)},
               {"created_by", plan.created_by}, {"period_from", FormatDate(plan.period_from)},
               {"period_to", FormatDate(plan.period_to)}, {"capacity", plan.capacity},
               {"random_share", plan.random_share}, {"seed", plan.seed}, {"model_id", plan.model_id},
               {"companies_ranked", plan.companies_ranked}, {"candidates", candidates}})
      .dump();
}

}  // namespace aduana::audit
