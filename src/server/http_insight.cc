#include "server/http_insight.h"

#include <cstdint>

#include "core/field_error.h"
#include "rules/rule.h"
#include "select/workflow.h"

namespace aduana::server {
namespace {

using nlohmann::json;

double HitRate(int64_t non_compliant, int64_t controlled) {
  return controlled > 0 ? static_cast<double>(non_compliant) / static_cast<double>(controlled) : 0.0;
}

json OutcomeFields(int64_t decisions, int64_t controlled, int64_t non_compliant, double revenue) {
  return {{"decisions", decisions}, {"controlled", controlled}, {"non_compliant", non_compliant},
          {"hit_rate", HitRate(non_compliant, controlled)}, {"revenue", revenue}};
}

// One row a day of the period, with every channel (0 when none went there).
json DailyJson(const Dashboard& d) {
  json daily = json::array();
  size_t next = 0;
  for (EpochDay day = d.from; day <= d.to; ++day) {
    json row = {{"day", FormatDate(day)}, {"red", 0}, {"yellow", 0}, {"green", 0}, {"blue", 0}};
    for (; next < d.daily.size() && d.daily[next].day <= day; ++next) {
      if (d.daily[next].day == day) row[d.daily[next].channel] = d.daily[next].decisions;
    }
    daily.push_back(std::move(row));
  }
  return daily;
}

json DashboardJson(const Dashboard& d) {
  json channels = json::array();
  double revenue = 0;
  for (const ChannelOutcomes& c : d.channels) {
    json j = OutcomeFields(c.decisions, c.controlled, c.non_compliant, c.revenue);
    j["channel"] = c.channel;
    channels.push_back(std::move(j));
    revenue += c.revenue;
  }
  json bases = json::array();
  for (const BasisOutcomes& b : d.bases) {
    json j = OutcomeFields(b.decisions, b.controlled, b.non_compliant, b.revenue);
    j["basis"] = b.basis;
    bases.push_back(std::move(j));
  }
  json rules = json::array();
  for (const RuleLiveStatistics& r : d.top_rules) {
    rules.push_back({{"rule_id", r.rule_id}, {"version", r.version}, {"selected", r.selected},
                     {"controlled", r.controlled}, {"non_compliant", r.non_compliant},
                     {"hit_rate", HitRate(r.non_compliant, r.controlled)}, {"revenue", r.revenue}});
  }
  json drift = nullptr;
  if (const std::optional<AlertRecord>& a = d.drift_alert) {
    // The early-warning scan measures drift against training (warn/model_health.h); the newest alert says it.
    drift = {{"psi", a->observed}, {"source", "alert"}, {"alert_id", a->alert_id},
             {"subject", a->subject}, {"week", FormatDate(a->week)}, {"severity", a->severity},
             {"status", a->status}, {"evidence", a->evidence}};
  }
  return {{"from", FormatDate(d.from)},
          {"to", FormatDate(d.to)},
          {"daily", DailyJson(d)},
          {"channels", channels},
          {"bases", bases},
          {"revenue_recovered", revenue},
          {"clearance_minutes", {{"released", d.clearance.released}, {"p50", d.clearance.p50_minutes},
                                 {"p90", d.clearance.p90_minutes}}},
          {"top_rules", rules},
          {"score_drift", drift}};
}

json ModelSummaryJson(const ModelVersion& m) {
  json metrics = json::parse(m.metrics_json, nullptr, false);
  return {{"model_id", m.model_id},
          {"created_at", FormatTimestamp(m.created_at)},
          {"label", m.label},
          {"trained_until", FormatTimestamp(m.trained_until)},
          {"training_rows", m.training_rows},
          {"active", m.active},
          {"metrics", metrics.is_discarded() ? json::object() : metrics}};
}

// The validation's precision, recall and revenue share at each inspection rate it was measured at.
json CurvesJson(const json& metrics) {
  json curves = json::array();
  if (!metrics.is_object() || !metrics.contains("validation")) return curves;
  const json& at_rates = metrics["validation"].value("at_rates", json::array());
  for (const json& r : at_rates) {
    if (!r.is_object()) continue;
    curves.push_back({{"inspection_rate", r.value("rate", 0.0)}, {"precision", r.value("precision", 0.0)},
                      {"recall", r.value("recall", 0.0)}, {"revenue_share", r.value("revenue_share", 0.0)}});
  }
  return curves;
}

json ModelDetailJson(const ModelDetail& d) {
  json j = ModelSummaryJson(d.version);
  j["features"] = d.features;
  json importance = json::array();
  for (const model::FeatureGain& g : d.importance) {
    const size_t f = static_cast<size_t>(g.feature);
    std::string name = f < d.features.size() ? d.features[f] : std::string("f").append(std::to_string(f));
    importance.push_back({{"feature", name}, {"total_gain", g.total_gain}, {"splits", g.splits}});
  }
  j["feature_importance"] = importance;
  j["curves"] = CurvesJson(j["metrics"]);
  return j;
}

json DecisionRowJson(const DecisionRecord& d) {
  return {{"declaration_id", d.declaration_id}, {"decided_at", FormatTimestamp(d.decided_at)},
          {"decided_at_ms", d.decided_at},     {"office", d.office},
          {"channel", d.channel},              {"state", d.state},
          {"risk", d.risk},                    {"expected_revenue", d.expected_revenue},
          {"random", d.random}};
}

// A date query parameter, nullopt when absent.
absl::StatusOr<std::optional<EpochDay>> DateParam(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  absl::StatusOr<EpochDay> day = ParseDate(req.get_param_value(name));
  if (!day.ok()) return FieldError(name, "invalid_value", std::string(name).append(": a date YYYY-MM-DD"));
  return std::optional<EpochDay>(*day);
}

class Routes {
 public:
  explicit Routes(InsightService& s) : s_(s) {}

  Reply GetDashboard(const httplib::Request& req, const Principal&) {
    absl::StatusOr<std::optional<EpochDay>> from = DateParam(req, "from");
    absl::StatusOr<std::optional<EpochDay>> to = DateParam(req, "to");
    if (!from.ok()) return StatusReply(from.status());
    if (!to.ok()) return StatusReply(to.status());
    absl::StatusOr<Dashboard> d = s_.GetDashboard(*from, *to);
    return d.ok() ? JsonReply(200, DashboardJson(*d)) : StatusReply(d.status());
  }

  Reply ListModels(const httplib::Request&, const Principal&) {
    absl::StatusOr<std::vector<ModelVersion>> models = s_.ListModels();
    if (!models.ok()) return StatusReply(models.status());
    json out = json::array();
    for (const ModelVersion& m : *models) out.push_back(ModelSummaryJson(m));
    return JsonReply(200, {{"models", out}});
  }

  Reply GetModel(const httplib::Request& req, const Principal&) {
    absl::StatusOr<int64_t> id = IdInPath(req, 1);
    if (!id.ok()) return StatusReply(id.status());
    absl::StatusOr<ModelDetail> d = s_.GetModel(*id);
    return d.ok() ? JsonReply(200, ModelDetailJson(*d)) : StatusReply(d.status());
  }

  Reply ListDecisions(const httplib::Request& req, const Principal&) {
    DecisionFilter f;
    f.office = req.get_param_value("office");
    f.channel = req.get_param_value("channel");
    f.state = req.get_param_value("state");
    if (!f.channel.empty() && !rules::ChannelFromName(f.channel)) {
      return ErrorReply(400, "invalid_value", "channel: red, yellow, green or blue", "channel");
    }
    if (!f.state.empty() && !select::ClearanceStateFromName(f.state)) {
      return ErrorReply(400, "invalid_value", "state: a clearance state (released, documentary_check, ...)", "state");
    }
    absl::StatusOr<int64_t> limit = IntParam(req, "limit", 1, 1000, 50);
    absl::StatusOr<int64_t> before = IntParam(req, "before", 1, INT64_MAX, 0);
    if (!limit.ok()) return StatusReply(limit.status());
    if (!before.ok()) return StatusReply(before.status());
    f.limit = static_cast<int>(*limit);
    f.before = *before;
    absl::StatusOr<std::vector<DecisionRecord>> page = s_.ListDecisions(f);
    if (!page.ok()) return StatusReply(page.status());
    json out = json::array();
    for (const DecisionRecord& d : *page) out.push_back(DecisionRowJson(d));
    json body = {{"decisions", out}};
    if (static_cast<int64_t>(page->size()) == *limit) body["next_before"] = page->back().decided_at;
    return JsonReply(200, body);
  }

 private:
  InsightService& s_;
};

}  // namespace

json PrincipalJson(const Principal& who) {
  json permissions = json::array();
  for (Permission p : AllPermissions()) {
    if (Allows(who.role, p)) permissions.push_back(PermissionName(p));
  }
  return {{"name", who.name}, {"role", RoleName(who.role)}, {"permissions", permissions}};
}

std::vector<RouteSpec> InsightRoutes() {
  return {{"GET", "/v1/me"},     {"GET", "/v1/dashboard"},   {"GET", "/v1/models"},
          {"GET", "/v1/models/{id}"}, {"GET", "/v1/declarations"}};
}

void AddInsightRoutes(httplib::Server& server, InsightService& insight, const RouteMaker& route) {
  auto routes = std::make_shared<Routes>(insight);
  using P = Permission;
  auto bind = [&](P p, Reply (Routes::*method)(const httplib::Request&, const Principal&)) {
    return route(p, [routes, method](const httplib::Request& req, const Principal& who) {
      return ((*routes).*method)(req, who);
    });
  };
  server.Get("/v1/dashboard", bind(P::kReadDashboard, &Routes::GetDashboard));
  server.Get("/v1/models", bind(P::kReadModels, &Routes::ListModels));
  server.Get(R"(/v1/models/([^/]+))", bind(P::kReadModels, &Routes::GetModel));
  server.Get("/v1/declarations", bind(P::kReadQueue, &Routes::ListDecisions));
}

}  // namespace aduana::server
