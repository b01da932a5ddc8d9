// The API routes of oversight after release (oversight_service.h): early-warning alerts for analysts (and
// auditors, read-only), audit plans and cases for auditors only. docs/api/openapi.yaml describes them.
#include "server/http_oversight.h"

#include "audit/pca_plan.h"
#include "core/field_error.h"
#include "core/status_macros.h"

namespace aduana::server {
namespace {

using nlohmann::json;

json AlertJson(const AlertRecord& a) {
  return {{"alert_id", a.alert_id},       {"detector", a.detector},
          {"subject_kind", a.subject_kind}, {"subject", a.subject},
          {"week", FormatDate(a.week)},   {"severity", a.severity},
          {"observed", a.observed},       {"baseline", a.baseline},
          {"spread", a.spread},           {"baseline_weeks", a.baseline_weeks},
          {"evidence", a.evidence},       {"declarations", a.declarations},
          {"suggested_rule", a.suggested_rule}, {"raised_at", FormatTimestamp(a.raised_at)},
          {"status", a.status},           {"status_at", FormatTimestamp(a.status_at)},
          {"status_by", a.status_by},     {"status_note", a.status_note}};
}

json PlanSummaryJson(const PcaPlanRecord& p) {
  return {{"plan_id", p.plan_id},           {"created_at", FormatTimestamp(p.created_at)},
          {"created_by", p.created_by},     {"period_from", FormatDate(p.period_from)},
          {"period_to", FormatDate(p.period_to)}, {"capacity", p.capacity},
          {"random_share", p.random_share}, {"model_id", p.model_id},
          {"companies_ranked", p.companies_ranked}};
}

json CaseJson(const AuditCaseRecord& c) {
  json j = {{"case_id", c.case_id},         {"plan_id", c.plan_id},
            {"company_id", c.company_id},   {"period_from", FormatDate(c.period_from)},
            {"period_to", FormatDate(c.period_to)}, {"selection", c.selection},
            {"state", c.state},             {"opened_at", FormatTimestamp(c.opened_at)},
            {"opened_by", c.opened_by},     {"auditor", c.auditor},
            {"non_compliant", c.non_compliant}, {"amount_assessed", c.amount_assessed},
            {"findings", c.findings},       {"fraud_types", c.fraud_types},
            {"updated_at", FormatTimestamp(c.updated_at)}, {"audit_id", c.audit_id}};
  if (c.closed_at) j["closed_at"] = FormatTimestamp(*c.closed_at);
  return j;
}

// Refuses members a route does not know, so a typing error in a field name is not silently ignored.
absl::Status OnlyKnown(const json& body, std::initializer_list<const char*> known) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) return FieldError(it.key(), "unknown_field", it.key() + ": not a field of this request");
  }
  return absl::OkStatus();
}

class Routes {
 public:
  explicit Routes(OversightService& s) : s_(s) {}

  Reply ListAlerts(const httplib::Request& req, const Principal&) {
    AlertFilter f;
    f.status = req.get_param_value("status");
    f.detector = req.get_param_value("detector");
    f.subject = req.get_param_value("subject");
    if (!f.status.empty() && !warn::IsAlertStatus(f.status)) {
      return ErrorReply(400, "invalid_value", "status: new, acknowledged, resolved or dismissed", "status");
    }
    absl::StatusOr<int64_t> limit = IntParam(req, "limit", 1, 1000, 100);
    absl::StatusOr<int64_t> before = IntParam(req, "before", 1, INT64_MAX, 0);
    if (!limit.ok()) return StatusReply(limit.status());
    if (!before.ok()) return StatusReply(before.status());
    f.limit = static_cast<int>(*limit);
    f.before_id = *before;
    absl::StatusOr<std::vector<AlertRecord>> alerts = s_.ListAlerts(f);
    if (!alerts.ok()) return StatusReply(alerts.status());
    json out = json::array();
    for (const AlertRecord& a : *alerts) out.push_back(AlertJson(a));
    json body = {{"alerts", out}};
    if (static_cast<int64_t>(alerts->size()) == *limit) body["next_before"] = alerts->back().alert_id;
    return JsonReply(200, body);
  }

  Reply GetAlert(const httplib::Request& req, const Principal&) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<AlertRecord> a = s_.GetAlert(*id);
    return a.ok() ? JsonReply(200, AlertJson(*a)) : StatusReply(a.status());
  }

  Reply MoveAlert(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    if (absl::Status s = OnlyKnown(*body, {"status", "note"}); !s.ok()) return StatusReply(s);
    absl::StatusOr<std::string> status = TextField(*body, "status", true);
    absl::StatusOr<std::string> note = TextField(*body, "note", false);
    if (!status.ok()) return StatusReply(status.status());
    if (!note.ok()) return StatusReply(note.status());
    absl::StatusOr<AlertRecord> a = s_.MoveAlert(*id, *status, *note, who);
    return a.ok() ? JsonReply(200, AlertJson(*a)) : StatusReply(a.status());
  }

  Reply ScanAlerts(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    if (absl::Status s = OnlyKnown(*body, {"from", "to"}); !s.ok()) return StatusReply(s);
    absl::StatusOr<std::optional<EpochDay>> from = DateField(*body, "from", true);
    absl::StatusOr<std::optional<EpochDay>> to = DateField(*body, "to", true);
    if (!from.ok()) return StatusReply(from.status());
    if (!to.ok()) return StatusReply(to.status());
    if (**to < **from || **to - **from > 3660) {
      return ErrorReply(400, "out_of_range", "to: from 0 to 3660 days after from", "to");
    }
    absl::StatusOr<warn::StoredAlerts> stored = s_.ScanAlerts(**from, **to, who);
    if (!stored.ok()) return StatusReply(stored.status());
    return JsonReply(200, {{"new_alerts", stored->new_alerts}, {"already_stored", stored->known}});
  }

  Reply CreatePlan(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    if (absl::Status s = OnlyKnown(*body, {"from", "to", "capacity", "random_share", "seed"}); !s.ok()) {
      return StatusReply(s);
    }
    absl::StatusOr<std::optional<EpochDay>> from = DateField(*body, "from", true);
    absl::StatusOr<std::optional<EpochDay>> to = DateField(*body, "to", true);
    absl::StatusOr<double> capacity = NumberField(*body, "capacity", 1, 100000, -1);
    absl::StatusOr<double> share = NumberField(*body, "random_share", 0, 1, 0.1);
    absl::StatusOr<double> seed = NumberField(*body, "seed", 0, 9007199254740992.0, 1);
    for (const absl::Status& s : {from.status(), to.status(), capacity.status(), share.status(), seed.status()}) {
      if (!s.ok()) return StatusReply(s);
    }
    if (*capacity < 0 || *capacity != static_cast<int>(*capacity)) {
      return ErrorReply(400, "missing_field", "capacity: an integer from 1 to 100000", "capacity");
    }
    if (**to < **from) return ErrorReply(400, "out_of_range", "to: the period ends before it starts", "to");
    audit::PcaOptions o;
    o.from = **from;
    o.to = **to;
    o.capacity = static_cast<int>(*capacity);
    o.random_share = *share;
    o.seed = static_cast<uint64_t>(*seed);
    absl::StatusOr<PcaPlanRecord> plan = s_.CreatePlan(o, who);
    if (!plan.ok()) return StatusReply(plan.status());
    return {201, audit::PlanJson(*plan), "application/json"};
  }

  Reply ListPlans(const httplib::Request&, const Principal&) {
    absl::StatusOr<std::vector<PcaPlanRecord>> plans = s_.ListPlans();
    if (!plans.ok()) return StatusReply(plans.status());
    json out = json::array();
    for (const PcaPlanRecord& p : *plans) out.push_back(PlanSummaryJson(p));
    return JsonReply(200, {{"plans", out}});
  }

  Reply GetPlan(const httplib::Request& req, const Principal&) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<PcaPlanRecord> plan = s_.GetPlan(*id);
    if (!plan.ok()) return StatusReply(plan.status());
    std::string format = req.get_param_value("format");
    if (format == "csv") return {200, audit::PlanCsv(*plan), "text/csv"};
    if (!format.empty() && format != "json") {
      return ErrorReply(400, "invalid_value", "format: json or csv", "format");
    }
    return {200, audit::PlanJson(*plan), "application/json"};
  }

  Reply OpenCase(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    if (absl::Status s = OnlyKnown(*body, {"plan_id", "company_id", "from", "to"}); !s.ok()) return StatusReply(s);
    absl::StatusOr<std::string> company = TextField(*body, "company_id", true);
    absl::StatusOr<double> plan = NumberField(*body, "plan_id", 1, 9007199254740992.0, 0);
    if (!company.ok()) return StatusReply(company.status());
    if (!plan.ok()) return StatusReply(plan.status());
    absl::StatusOr<std::optional<EpochDay>> from = DateField(*body, "from", *plan == 0);
    absl::StatusOr<std::optional<EpochDay>> to = DateField(*body, "to", *plan == 0);
    if (!from.ok()) return StatusReply(from.status());
    if (!to.ok()) return StatusReply(to.status());
    absl::StatusOr<AuditCaseRecord> c =
        s_.OpenCase(static_cast<int64_t>(*plan), *company, from->value_or(0), to->value_or(0), who);
    return c.ok() ? JsonReply(201, CaseJson(*c)) : StatusReply(c.status());
  }

  Reply ListCases(const httplib::Request& req, const Principal&) {
    absl::StatusOr<int64_t> limit = IntParam(req, "limit", 1, 1000, 100);
    if (!limit.ok()) return StatusReply(limit.status());
    absl::StatusOr<std::vector<AuditCaseRecord>> cases =
        s_.ListCases(req.get_param_value("state"), req.get_param_value("company_id"), static_cast<int>(*limit));
    if (!cases.ok()) return StatusReply(cases.status());
    json out = json::array();
    for (const AuditCaseRecord& c : *cases) out.push_back(CaseJson(c));
    return JsonReply(200, {{"cases", out}});
  }

  Reply GetCase(const httplib::Request& req, const Principal&) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<CaseView> v = s_.GetCase(*id);
    if (!v.ok()) return StatusReply(v.status());
    json body = CaseJson(v->audit_case);
    body["timeline"] = json::array();
    for (const AuditEntry& e : v->timeline) body["timeline"].push_back(AuditJson(e));
    return JsonReply(200, body);
  }

  Reply AssignCase(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    if (absl::Status s = OnlyKnown(*body, {"auditor"}); !s.ok()) return StatusReply(s);
    absl::StatusOr<std::string> auditor = TextField(*body, "auditor", true);
    if (!auditor.ok()) return StatusReply(auditor.status());
    absl::StatusOr<AuditCaseRecord> c = s_.AssignCase(*id, *auditor, who);
    return c.ok() ? JsonReply(200, CaseJson(*c)) : StatusReply(c.status());
  }

  Reply RecordFindings(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<audit::CaseFindings> f = ParseFindings(req);
    if (!f.ok()) return StatusReply(f.status());
    absl::StatusOr<AuditCaseRecord> c = s_.RecordFindings(*id, *f, who);
    return c.ok() ? JsonReply(200, CaseJson(*c)) : StatusReply(c.status());
  }

  Reply CloseCase(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<AuditCaseRecord> c = s_.CloseCase(*id, who);
    return c.ok() ? JsonReply(200, CaseJson(*c)) : StatusReply(c.status());
  }

 private:
  static absl::StatusOr<audit::CaseFindings> ParseFindings(const httplib::Request& req) {
    ADUANA_ASSIGN_OR_RETURN(json body, ObjectBody(req));
    ADUANA_RETURN_IF_ERROR(OnlyKnown(body, {"non_compliant", "amount_assessed", "findings", "fraud_types"}));
    audit::CaseFindings f;
    auto nc = body.find("non_compliant");
    if (nc == body.end() || !nc->is_boolean()) {
      return FieldError("non_compliant", "wrong_type", "non_compliant: true or false is required");
    }
    f.non_compliant = nc->get<bool>();
    ADUANA_ASSIGN_OR_RETURN(f.amount_assessed, NumberField(body, "amount_assessed", 0, 1e12, 0));
    ADUANA_ASSIGN_OR_RETURN(f.findings, TextField(body, "findings", true));
    if (auto t = body.find("fraud_types"); t != body.end() && !t->is_null()) {
      if (!t->is_array()) return FieldError("fraud_types", "wrong_type", "fraud_types: an array of strings");
      for (const json& x : *t) {
        if (!x.is_string()) return FieldError("fraud_types", "wrong_type", "fraud_types: an array of strings");
        f.fraud_types.push_back(x.get<std::string>());
      }
    }
    return f;
  }

  OversightService& s_;
};

}  // namespace

std::vector<RouteSpec> OversightRoutes() {
  return {{"GET", "/v1/alerts"},           {"GET", "/v1/alerts/{id}"},
          {"POST", "/v1/alerts/{id}/status"}, {"POST", "/v1/alerts/scan"},
          {"POST", "/v1/pca/plans"},       {"GET", "/v1/pca/plans"},
          {"GET", "/v1/pca/plans/{id}"},   {"POST", "/v1/cases"},
          {"GET", "/v1/cases"},            {"GET", "/v1/cases/{id}"},
          {"POST", "/v1/cases/{id}/assign"}, {"POST", "/v1/cases/{id}/findings"},
          {"POST", "/v1/cases/{id}/close"}};
}

void AddOversightRoutes(httplib::Server& server, OversightService& oversight, const RouteMaker& route) {
  auto routes = std::make_shared<Routes>(oversight);
  using P = Permission;
  auto bind = [&](P p, Reply (Routes::*method)(const httplib::Request&, const Principal&)) {
    return route(p, [routes, method](const httplib::Request& req, const Principal& who) {
      return ((*routes).*method)(req, who);
    });
  };
  server.Get("/v1/alerts", bind(P::kReadAlerts, &Routes::ListAlerts));
  server.Post("/v1/alerts/scan", bind(P::kManageAlerts, &Routes::ScanAlerts));
  server.Get(R"(/v1/alerts/([^/]+))", bind(P::kReadAlerts, &Routes::GetAlert));
  server.Post(R"(/v1/alerts/([^/]+)/status)", bind(P::kManageAlerts, &Routes::MoveAlert));
  server.Post("/v1/pca/plans", bind(P::kManageAudits, &Routes::CreatePlan));
  server.Get("/v1/pca/plans", bind(P::kReadAudits, &Routes::ListPlans));
  server.Get(R"(/v1/pca/plans/([^/]+))", bind(P::kReadAudits, &Routes::GetPlan));
  server.Post("/v1/cases", bind(P::kManageAudits, &Routes::OpenCase));
  server.Get("/v1/cases", bind(P::kReadAudits, &Routes::ListCases));
  server.Get(R"(/v1/cases/([^/]+))", bind(P::kReadAudits, &Routes::GetCase));
  server.Post(R"(/v1/cases/([^/]+)/assign)", bind(P::kManageAudits, &Routes::AssignCase));
  server.Post(R"(/v1/cases/([^/]+)/findings)", bind(P::kManageAudits, &Routes::RecordFindings));
  server.Post(R"(/v1/cases/([^/]+)/close)", bind(P::kManageAudits, &Routes::CloseCase));
}

}  // namespace aduana::server
