#include "server/http_api.h"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>

#include "core/field_error.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "server/http_cargo.h"
#include "server/http_insight.h"
#include "server/http_oversight.h"
#include "server/http_reply.h"
#include "server/insight_service.h"
#include "server/web_ui.h"

namespace aduana::server {
namespace {

using nlohmann::json;

// Everything of a decision but its reasons.
json DecisionFields(const DecisionRecord& d) {
  return {{"declaration_id", d.declaration_id},
          {"decided_at", FormatTimestamp(d.decided_at)},
          {"office", d.office},
          {"channel", d.channel},
          {"basis", d.basis},
          {"random", d.random},
          {"priority", d.priority},
          {"risk", d.risk},
          {"expected_revenue", d.expected_revenue},
          {"threshold", d.threshold},
          {"model_id", d.model_id},
          {"rule_set", d.rule_versions},
          {"explanation", d.explanation},
          {"state", d.state},
          {"state_at", FormatTimestamp(d.state_at)}};
}

json DecisionJson(const DecisionRecord& d) {
  json j = DecisionFields(d);
  json reasons = json::parse(d.reasons_json, nullptr, false);
  j["reasons"] = reasons.is_discarded() ? json::object() : std::move(reasons);
  return j;
}

// The same as DecisionJson(d).dump(), with the reasons (JSON text the service wrote) spliced in as they are
// rather than parsed and printed again: the submission path answers with this.
std::string DecisionText(const DecisionRecord& d) {
  std::string text = DecisionFields(d).dump();
  text.pop_back();  // the closing brace
  text += ",\"reasons\":";
  text += d.reasons_json.empty() ? std::string("{}") : d.reasons_json;
  text += '}';
  return text;
}

std::optional<select::ClearanceState> QueueState(std::string_view channel) {
  if (channel == "red") return select::ClearanceState::kPhysicalInspection;
  if (channel == "yellow") return select::ClearanceState::kDocumentaryCheck;
  if (channel == "blue") return select::ClearanceState::kReleasedForAudit;
  return std::nullopt;
}


}  // namespace

std::vector<RouteSpec> ServedRoutes() {
  std::vector<RouteSpec> routes = {{"GET", "/health"},
          {"GET", "/metrics"},
          {"POST", "/v1/declarations"},
          {"GET", "/v1/declarations/{id}"},
          {"POST", "/v1/declarations/{id}/inspection"},
          {"POST", "/v1/declarations/{id}/reroute"},
          {"GET", "/v1/queue"},
          {"GET", "/v1/capacities/{office}"},
          {"PUT", "/v1/capacities/{office}"},
          {"POST", "/v1/tokens"},
          {"GET", "/v1/tokens"},
          {"DELETE", "/v1/tokens/{hash_prefix}"},
          {"GET", "/v1/rules"},
          {"POST", "/v1/rules/dry-run"},
          {"POST", "/v1/rules/activate"},
          {"GET", "/v1/traders/{id}/rating"},
          {"GET", "/v1/audit/verify"}};
  std::vector<RouteSpec> oversight = OversightRoutes();
  routes.insert(routes.end(), oversight.begin(), oversight.end());
  std::vector<RouteSpec> cargo = CargoRoutes();
  routes.insert(routes.end(), cargo.begin(), cargo.end());
  std::vector<RouteSpec> insight = InsightRoutes();
  routes.insert(routes.end(), insight.begin(), insight.end());
  return routes;
}

struct HttpApi::Impl {
  Impl(ClearanceService& s, HttpOptions o)
      : service(s), oversight(s), cargo(s), insight(s), options(std::move(o)) {}

  // Authenticates, checks the role (none: any valid token), runs the handler and answers; counts and times
  // the request.
  void Handle(const httplib::Request& req, httplib::Response& res, Metrics::Route route,
              std::optional<Permission> permission, const Handler& handler) {
    auto started = std::chrono::steady_clock::now();
    Reply reply;
    absl::StatusOr<Principal> who = service.authenticator().Authenticate(req.get_header_value("Authorization"));
    if (!who.ok()) {
      reply = StatusReply(who.status());
    } else if (permission && !Allows(who->role, *permission)) {
      reply = ErrorReply(403, "forbidden", "role " + std::string(RoleName(who->role)) + " may not do this");
    } else {
      reply = handler(req, *who);
    }
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type.c_str());
    metrics.CountResponse(reply.status);
    metrics.ObserveRequest(route, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  Reply Submit(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<DeclarationSubmission> s = ParseDeclarationJson(req.body);
    if (!s.ok()) return StatusReply(s.status());
    absl::StatusOr<SubmitResult> r = service.Submit(*s, who);
    if (!r.ok()) return StatusReply(r.status());
    if (r->created) {
      metrics.CountDecision(r->decision.channel, r->decision.random);
      metrics.ObserveEngine(r->engine_seconds);
    }
    return {r->created ? 201 : 200, DecisionText(r->decision), "application/json"};
  }

  Reply GetDeclaration(const httplib::Request& req, const Principal&) {
    absl::StatusOr<DeclarationView> v = service.Get(req.matches[1].str());
    if (!v.ok()) return StatusReply(v.status());
    json declaration = ToJson(v->bundle.declaration);
    declaration["items"] = json::array();
    for (const GoodsItem& item : v->bundle.items) declaration["items"].push_back(ToJson(item));
    json body = {{"declaration", declaration}, {"timeline", json::array()}};
    if (v->decision) body["decision"] = DecisionJson(*v->decision);
    for (const AuditEntry& e : v->timeline) body["timeline"].push_back(AuditJson(e));
    return JsonReply(200, body);
  }

  Reply Inspection(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    InspectionReport report;
    absl::StatusOr<std::string> notes = TextField(*body, "notes", false);
    absl::StatusOr<std::string> disposition = TextField(*body, "disposition", false);
    if (!notes.ok()) return StatusReply(notes.status());
    if (!disposition.ok()) return StatusReply(disposition.status());
    report.notes = *notes;
    if (*disposition == "detain" || *disposition == "release") {
      report.detain = *disposition == "detain";
    } else if (!disposition->empty()) {
      return ErrorReply(400, "invalid_value", "disposition: must be release or detain", "disposition");
    }
    if (auto c = body->find("confirmed"); c != body->end() && !c->is_null()) {
      if (!c->is_array()) return ErrorReply(400, "wrong_type", "confirmed: must be an array of strings", "confirmed");
      for (const json& x : *c) {
        if (!x.is_string()) return ErrorReply(400, "wrong_type", "confirmed: must be an array of strings", "confirmed");
        report.confirmed.push_back(x.get<std::string>());
      }
    }
    for (const char* extra : {"notes", "disposition", "confirmed"}) body->erase(extra);
    absl::StatusOr<InspectionOutcome> outcome = ParseInspectionJson(body->dump(), req.matches[1].str());
    if (!outcome.ok()) return StatusReply(outcome.status());
    report.outcome = *std::move(outcome);
    absl::StatusOr<DecisionRecord> d = service.RecordInspection(req.matches[1].str(), report, who);
    if (!d.ok()) return StatusReply(d.status());
    return JsonReply(200, DecisionJson(*d));
  }

  Reply Reroute(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    absl::StatusOr<std::string> channel = TextField(*body, "channel", true);
    absl::StatusOr<std::string> justification = TextField(*body, "justification", true);
    if (!channel.ok()) return StatusReply(channel.status());
    if (!justification.ok()) return StatusReply(justification.status());
    std::optional<rules::Channel> c = rules::ChannelFromName(*channel);
    if (!c) return ErrorReply(400, "invalid_value", "channel: must be red, yellow, green or blue", "channel");
    absl::StatusOr<DecisionRecord> d = service.Reroute(req.matches[1].str(), *c, *justification, who);
    if (!d.ok()) return StatusReply(d.status());
    return JsonReply(200, DecisionJson(*d));
  }

  Reply Queue(const httplib::Request& req, const Principal&) {
    std::string office = req.get_param_value("office");
    std::optional<select::ClearanceState> state = QueueState(req.get_param_value("channel"));
    if (office.empty()) return ErrorReply(400, "missing_field", "office: the query needs ?office=", "office");
    if (!state) return ErrorReply(400, "invalid_value", "channel: must be red, yellow or blue", "channel");
    int limit = 50;
    if (req.has_param("limit")) {
      std::string text = req.get_param_value("limit");
      char* end = nullptr;
      long value = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || value < 1 || value > 1000) {
        return ErrorReply(400, "out_of_range", "limit: an integer from 1 to 1000", "limit");
      }
      limit = static_cast<int>(value);
    }
    absl::StatusOr<std::vector<DecisionRecord>> q = service.Queue(office, *state, limit);
    if (!q.ok()) return StatusReply(q.status());
    json items = json::array();
    for (const DecisionRecord& d : *q) items.push_back(DecisionJson(d));
    return JsonReply(200, {{"office", office}, {"state", select::ClearanceStateName(*state)}, {"decisions", items}});
  }

  Reply GetCapacity(const httplib::Request& req, const Principal&) {
    std::string office = req.matches[1].str();
    select::OfficeCapacity c = service.Capacity(office);
    select::OfficeDay today = service.Today(office);
    return JsonReply(200, {{"office", office},
                           {"red", c.red},
                           {"yellow", c.yellow},
                           {"blue", c.blue},
                           {"expected_declarations", c.expected_declarations},
                           {"today", {{"declarations", today.declarations}, {"red", today.red},
                                      {"yellow", today.yellow}, {"blue", today.blue}, {"random", today.random}}}});
  }

  Reply PutCapacity(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    select::OfficeCapacity c;
    for (auto [name, out] : {std::pair<const char*, int*>{"red", &c.red}, {"yellow", &c.yellow}, {"blue", &c.blue}}) {
      auto it = body->find(name);
      if (it == body->end() || !it->is_number_integer()) {
        return ErrorReply(400, "wrong_type", std::string(name) + ": must be an integer", name);
      }
      int64_t v = it->get<int64_t>();
      if (v < 0 || v > 1'000'000) return ErrorReply(400, "out_of_range", std::string(name) + ": 0 to 1000000", name);
      *out = static_cast<int>(v);
    }
    auto expected = body->find("expected_declarations");
    if (expected != body->end()) {
      if (!expected->is_number()) {
        return ErrorReply(400, "wrong_type", "expected_declarations: must be a number", "expected_declarations");
      }
      c.expected_declarations = expected->get<double>();
    }
    absl::Status s = service.SetCapacity(req.matches[1].str(), c, who);
    if (!s.ok()) return StatusReply(s);
    return GetCapacity(req, who);
  }

  Reply CreateToken(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    absl::StatusOr<std::string> name = TextField(*body, "name", true);
    absl::StatusOr<std::string> role_name = TextField(*body, "role", true);
    if (!name.ok()) return StatusReply(name.status());
    if (!role_name.ok()) return StatusReply(role_name.status());
    std::optional<Role> role = RoleFromName(*role_name);
    if (!role) {
      return ErrorReply(400, "invalid_value", "role: admin, analyst, officer, auditor or integration", "role");
    }
    absl::StatusOr<std::string> token = service.CreateToken(*name, *role, who);
    if (!token.ok()) return StatusReply(token.status());
    return JsonReply(201, {{"name", *name}, {"role", *role_name}, {"token", *token}});
  }

  Reply ListTokens(const httplib::Request&, const Principal&) {
    absl::StatusOr<std::vector<ApiToken>> tokens = service.ListTokens();
    if (!tokens.ok()) return StatusReply(tokens.status());
    json out = json::array();
    for (const ApiToken& t : *tokens) {
      json j = {{"name", t.name}, {"role", t.role}, {"created_at", FormatTimestamp(t.created_at)},
                {"hash_prefix", t.token_hash.substr(0, 16)}};
      if (t.revoked_at) j["revoked_at"] = FormatTimestamp(*t.revoked_at);
      out.push_back(std::move(j));
    }
    return JsonReply(200, {{"tokens", out}});
  }

  Reply RevokeToken(const httplib::Request& req, const Principal& who) {
    absl::Status s = service.RevokeToken(req.matches[1].str(), who);
    if (!s.ok()) return StatusReply(s);
    return JsonReply(200, {{"revoked", req.matches[1].str()}});
  }

  Reply ListRules(const httplib::Request&, const Principal&) {
    absl::StatusOr<std::vector<RuleView>> rules = service.ListRules();
    if (!rules.ok()) return StatusReply(rules.status());
    json out = json::array();
    for (const RuleView& v : *rules) {
      json r = {{"id", v.rule.rule_id}, {"version", v.rule.version}, {"active", v.rule.active},
                {"author", v.rule.author}, {"loaded_at", FormatTimestamp(v.rule.loaded_at)}, {"source", v.rule.source}};
      if (const std::optional<RuleStatisticsRecord>& st = v.statistics) {
        r["statistics"] = {{"period_from", FormatTimestamp(st->period_from)},
                           {"period_to", FormatTimestamp(st->period_to)}, {"selected", st->selected},
                           {"inspected", st->inspected}, {"non_compliant", st->non_compliant}, {"revenue", st->revenue}};
      }
      if (const std::optional<RuleLiveStatistics>& l = v.live) {
        r["live"] = {{"since", FormatTimestamp(l->since)}, {"updated_at", FormatTimestamp(l->updated_at)},
                     {"selected", l->selected}, {"controlled", l->controlled}, {"non_compliant", l->non_compliant},
                     {"revenue", l->revenue}};
      }
      out.push_back(std::move(r));
    }
    return JsonReply(200, {{"rules", out}});
  }

  // The body's rule source, or the reply refusing it.
  static absl::StatusOr<std::string> RuleSource(const httplib::Request& req) {
    ADUANA_ASSIGN_OR_RETURN(json body, ObjectBody(req));
    return TextField(body, "source", true);
  }

  // A rule that does not compile is the analyst's error to fix: 422 with the line and column in the message.
  static Reply RuleReply(const absl::Status& s) {
    if (s.code() == absl::StatusCode::kInvalidArgument) return ErrorReply(422, "rule_error", std::string(s.message()), "source");
    return StatusReply(s);
  }

  Reply DryRunRules(const httplib::Request& req, const Principal&) {
    absl::StatusOr<json> body = ObjectBody(req);
    if (!body.ok()) return StatusReply(body.status());
    absl::StatusOr<std::string> source = TextField(*body, "source", true);
    if (!source.ok()) return StatusReply(source.status());
    UnixMillis bounds[2] = {std::numeric_limits<UnixMillis>::min(), std::numeric_limits<UnixMillis>::max()};
    for (int i = 0; i < 2; ++i) {
      const char* name = i == 0 ? "from" : "to";
      absl::StatusOr<std::string> text = TextField(*body, name, false);
      if (!text.ok()) return StatusReply(text.status());
      if (text->empty()) continue;
      absl::StatusOr<EpochDay> day = ParseDate(*text);
      if (!day.ok()) return ErrorReply(400, "invalid_value", std::string(name) + ": a date YYYY-MM-DD", name);
      bounds[i] = (static_cast<UnixMillis>(*day) + i) * kMillisPerDay;
    }
    absl::StatusOr<model::DryRun> run = service.DryRunRules(*source, bounds[0], bounds[1]);
    if (!run.ok()) return RuleReply(run.status());
    json rules = json::array();
    for (const model::RuleStatistics& r : run->rules) {
      rules.push_back({{"id", r.rule.id}, {"version", r.rule.version}, {"selected", r.selected},
                       {"inspected", r.inspected}, {"non_compliant", r.non_compliant}, {"hit_rate", r.hit_rate()},
                       {"revenue", r.revenue}, {"judgement", model::JudgeRule(r, *run)}});
    }
    return JsonReply(200, {{"declarations", run->declarations}, {"inspected", run->inspected},
                           {"non_compliant", run->non_compliant}, {"hit_rate", run->hit_rate()}, {"rules", rules}});
  }

  Reply ActivateRules(const httplib::Request& req, const Principal& who) {
    absl::StatusOr<std::string> source = RuleSource(req);
    if (!source.ok()) return StatusReply(source.status());
    absl::StatusOr<RulesActivation> done = service.ActivateRules(*source, who);
    if (!done.ok()) return RuleReply(done.status());
    return JsonReply(200, {{"active", done->active}, {"new_versions", done->new_versions}});
  }

  Reply TraderRating(const httplib::Request& req, const Principal&) {
    absl::StatusOr<server::TraderRating> r = service.RatingOf(req.matches[1].str());
    if (!r.ok()) return StatusReply(r.status());
    json history = json::array();
    for (const RiskClassChange& c : r->history) {
      history.push_back({{"at", FormatTimestamp(c.changed_at)}, {"from", c.from_class}, {"to", c.to_class},
                         {"reason", c.reason}});
    }
    const profile::EntityProfile& p = r->profile;
    return JsonReply(200, {{"importer_id", r->importer_id}, {"risk_class", r->risk_class},
                           {"aeo_status", r->aeo_status},
                           {"grounds", {{"declarations", p.declarations}, {"controls", p.inspections},
                                        {"controls_with_findings", p.non_compliant}, {"critical_findings", p.critical},
                                        {"revenue_recovered", p.revenue}, {"finding_rate", r->finding_rate},
                                        {"all_traders_finding_rate", r->all_traders_rate}}},
                           {"history", history}});
  }

  Reply VerifyAudit(const httplib::Request&, const Principal&) {
    absl::StatusOr<AuditVerification> v = service.VerifyAudit();
    if (!v.ok()) return StatusReply(v.status());
    json body = {{"entries", v->entries}, {"intact", !v->first_broken.has_value()}};
    if (v->first_broken) {
      body["first_broken"] = *v->first_broken;
      body["reason"] = v->reason;
    }
    return JsonReply(200, body);
  }

  Reply MetricsText(const httplib::Request&, const Principal&) {
    std::string gauges = "# HELP aduana_queue_declarations Decisions in each clearance state, per office.\n"
                         "# TYPE aduana_queue_declarations gauge\n";
    if (absl::StatusOr<std::vector<Store::StateCount>> sizes = service.QueueSizes(); sizes.ok()) {
      for (const Store::StateCount& c : *sizes) {
        gauges += "aduana_queue_declarations{office=\"" + c.office + "\",state=\"" + c.state + "\"} " +
                  std::to_string(c.decisions) + "\n";
      }
    }
    GroupCommitWriter::Stats w = service.writer_stats();
    gauges += "# HELP aduana_commits_total Group commits to the store.\n# TYPE aduana_commits_total counter\n"
              "aduana_commits_total " + std::to_string(w.commits) + "\n" +
              "# HELP aduana_committed_jobs_total Writes in those commits.\n# TYPE aduana_committed_jobs_total counter\n"
              "aduana_committed_jobs_total " + std::to_string(w.jobs) + "\n";
    WalCheckpointer::Stats c = service.checkpointer_stats();
    gauges += "# HELP aduana_wal_checkpoints_total Copies of the write-ahead log into the database file.\n"
              "# TYPE aduana_wal_checkpoints_total counter\naduana_wal_checkpoints_total " +
              std::to_string(c.checkpoints) + "\n# HELP aduana_wal_checkpoint_failures_total Checkpoints that failed.\n"
              "# TYPE aduana_wal_checkpoint_failures_total counter\naduana_wal_checkpoint_failures_total " +
              std::to_string(c.failures) + "\n# HELP aduana_wal_pages Pages in the write-ahead log at the last checkpoint.\n"
              "# TYPE aduana_wal_pages gauge\naduana_wal_pages " + std::to_string(c.log_frames) + "\n";
    return {200, metrics.Text(gauges), "text/plain; version=0.0.4"};
  }

  void Routes() {
    using R = Metrics::Route;
    using P = Permission;
    auto route = [this](R r, P p, Reply (Impl::*method)(const httplib::Request&, const Principal&)) {
      return [this, r, p, method](const httplib::Request& req, httplib::Response& res) {
        Handle(req, res, r, p, [this, method](const httplib::Request& q, const Principal& who) {
          return (this->*method)(q, who);
        });
      };
    };
    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status": "ok"})", "application/json");
    });
    server.Get("/metrics", route(R::kOther, P::kReadMetrics, &Impl::MetricsText));
    server.Post("/v1/declarations", route(R::kSubmit, P::kSubmitDeclaration, &Impl::Submit));
    server.Post(R"(/v1/declarations/(.+)/inspection)", route(R::kInspection, P::kRecordInspection, &Impl::Inspection));
    server.Post(R"(/v1/declarations/(.+)/reroute)", route(R::kReroute, P::kReroute, &Impl::Reroute));
    server.Get(R"(/v1/declarations/(.+))", route(R::kGetDeclaration, P::kReadDeclaration, &Impl::GetDeclaration));
    server.Get("/v1/queue", route(R::kQueue, P::kReadQueue, &Impl::Queue));
    server.Get(R"(/v1/capacities/([^/]+))", route(R::kOther, P::kReadCapacity, &Impl::GetCapacity));
    server.Put(R"(/v1/capacities/([^/]+))", route(R::kOther, P::kManageCapacity, &Impl::PutCapacity));
    server.Post("/v1/tokens", route(R::kOther, P::kManageTokens, &Impl::CreateToken));
    server.Get("/v1/tokens", route(R::kOther, P::kManageTokens, &Impl::ListTokens));
    server.Delete(R"(/v1/tokens/([^/]+))", route(R::kOther, P::kManageTokens, &Impl::RevokeToken));
    server.Get("/v1/rules", route(R::kOther, P::kReadRules, &Impl::ListRules));
    server.Post("/v1/rules/dry-run", route(R::kOther, P::kManageRules, &Impl::DryRunRules));
    server.Post("/v1/rules/activate", route(R::kOther, P::kManageRules, &Impl::ActivateRules));
    server.Get(R"(/v1/traders/([^/]+)/rating)", route(R::kOther, P::kReadTraderRating, &Impl::TraderRating));
    server.Get("/v1/audit/verify", route(R::kOther, P::kReadAuditTrail, &Impl::VerifyAudit));
    RouteMaker other = [this](Permission p, Handler handler) -> httplib::Server::Handler {
      return [this, p, handler](const httplib::Request& req, httplib::Response& res) {
        Handle(req, res, Metrics::Route::kOther, p, handler);
      };
    };
    AddOversightRoutes(server, oversight, other);
    AddCargoRoutes(server, cargo, other);
    AddInsightRoutes(server, insight, other);
    server.Get("/v1/me", [this](const httplib::Request& req, httplib::Response& res) {
      Handle(req, res, Metrics::Route::kOther, std::nullopt,
             [](const httplib::Request&, const Principal& who) { return JsonReply(200, PrincipalJson(who)); });
    });
    if (!options.web_root.empty()) AddWebRoutes(server, options.web_root);  // last: API routes match first
    // Unknown routes and oversized bodies get the same error shape as everything else; the handlers' own
    // error replies are left as they are.
    server.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request&,
                                                                         httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      Reply r = res.status == 413 ? ErrorReply(413, "body_too_large",
                                               "the body is larger than " + std::to_string(options.max_body_bytes) +
                                                   " bytes")
                : res.status == 404 ? ErrorReply(404, "no_such_route", "no such route")
                                    : ErrorReply(res.status, "http_error", "request refused");
      res.set_content(r.body, r.content_type.c_str());
      metrics.CountResponse(res.status);
      return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      res.status = 500;
      Reply r = ErrorReply(500, "internal", "internal error");
      res.set_content(r.body, r.content_type.c_str());
    });
  }

  // Moves the transit monitor's clock every options.cargo_tick_ms until stopped.
  void StartTicker() {
    if (options.cargo_tick_ms <= 0 || ticker.joinable()) return;
    ticker = std::thread([this] {
      std::unique_lock lock(ticker_mutex);
      while (!ticker_stop.wait_for(lock, std::chrono::milliseconds(options.cargo_tick_ms), [this] { return stopping; })) {
        lock.unlock();
        absl::StatusOr<std::vector<AlertRecord>> raised = cargo.Tick();
        if (!raised.ok()) std::fprintf(stderr, "cargo monitor: %s\n", std::string(raised.status().message()).c_str());
        lock.lock();
      }
    });
  }
  void StopTicker() {
    {
      std::lock_guard lock(ticker_mutex);
      stopping = true;
    }
    ticker_stop.notify_all();
    if (ticker.joinable()) ticker.join();
  }

  ClearanceService& service;
  OversightService oversight;
  CargoService cargo;
  InsightService insight;
  HttpOptions options;
  Metrics metrics;
  httplib::Server server;
  std::mutex ticker_mutex;
  std::condition_variable ticker_stop;
  bool stopping = false;
  std::thread ticker;
};

HttpApi::HttpApi(ClearanceService& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  httplib::Server& s = impl_->server;
  const int threads = impl_->options.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_keep_alive_max_count(100000);
  s.set_keep_alive_timeout(30);
  s.set_tcp_nodelay(true);
  s.set_payload_max_length(impl_->options.max_body_bytes);
  impl_->Routes();
}

HttpApi::~HttpApi() { Stop(); }

absl::StatusOr<int> HttpApi::Bind() {
  const HttpOptions& o = impl_->options;
  if (absl::Status s = impl_->cargo.Start(); !s.ok()) {
    return absl::Status(s.code(), "cargo monitor: " + std::string(s.message()));
  }
  int port = o.port == 0 ? impl_->server.bind_to_any_port(o.host)
                         : (impl_->server.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0) {
    return absl::UnavailableError("cannot listen on " + o.host + ":" + std::to_string(o.port));
  }
  impl_->StartTicker();
  return port;
}

bool HttpApi::Serve() { return impl_->server.listen_after_bind(); }

void HttpApi::Stop() {
  impl_->StopTicker();
  if (impl_->server.is_running()) impl_->server.stop();
}

CargoService& HttpApi::cargo() { return impl_->cargo; }

}  // namespace aduana::server
