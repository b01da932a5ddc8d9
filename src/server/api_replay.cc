#include "server/api_replay.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "server/clearance_service.h"
#include "server/http_api.h"
#include "store/sqlite_store.h"

namespace aduana::server {
namespace {

using nlohmann::json;

constexpr int kVolumeDays = 28;
constexpr size_t kRefusalsKept = 5;

// Each office's usual daily volume: its declarations over the history's last four weeks before `from`.
absl::StatusOr<std::map<std::string, double>> OfficeVolumes(const std::string& db_path, UnixMillis from) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(db_path));
  std::map<std::string, double> volumes;
  ADUANA_RETURN_IF_ERROR(store->ScanDeclarations(from - kVolumeDays * kMillisPerDay, from, [&](DeclarationRecord& r) {
    volumes[r.declaration.customs_office] += 1.0 / kVolumeDays;
    return absl::OkStatus();
  }));
  return volumes;
}

json CapacityJson(double volume, const ReplayOptions& o) {
  auto share = [&](double s) { return static_cast<int>(std::lround(volume * s)); };
  return {{"red", std::max(1, share(o.red_share))}, {"yellow", share(o.yellow_share)},
          {"blue", share(o.blue_share)}, {"expected_declarations", std::max(volume, 1.0)}};
}

struct Answer {
  int status = 0;
  json body;
};

// A client of the API as the clearance system and the officers would use it: one keep-alive connection.
class ApiClient {
 public:
  explicit ApiClient(int port) : client_("127.0.0.1", port) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);  // headers and body go in two writes: no Nagle wait on the second
  }

  Answer Call(const std::string& method, const std::string& path, const std::string& token, const json& body) {
    httplib::Headers headers = {{"Authorization", "Bearer " + token}};
    std::string text = body.dump();
    httplib::Result r = method == "PUT" ? client_.Put(path, headers, text, "application/json")
                                        : client_.Post(path, headers, text, "application/json");
    if (!r) return {0, json{{"error", {{"message", httplib::to_string(r.error())}}}}};
    return {r->status, json::parse(r->body, nullptr, false)};
  }

 private:
  httplib::Client client_;
};

std::string Message(const Answer& a) {
  if (a.body.is_object() && a.body.contains("error")) return a.body["error"].value("message", "");
  return "HTTP " + std::to_string(a.status);
}

json SubmissionBody(const DeclarationSubmission& s) {
  json body = ToJson(s.declaration);
  body["items"] = json::array();
  for (const GoodsItem& item : s.items) body["items"].push_back(ToJson(item));
  return body;
}

json InspectionBody(const ReplayCase& c, const std::string& channel, UnixMillis at) {
  json body = {{"channel", channel}, {"inspected_at", FormatTimestamp(at)},
               {"result", c.fraud_type ? "non_compliant" : "compliant"}, {"additional_revenue", 0.0},
               {"seizure", false}, {"notes", "replay: the result the ground truth says a control finds"}};
  if (c.fraud_type) body["fraud_types"] = json::array({*c.fraud_type});
  return body;
}

// The in-process server: the service on the replay clock, and the API on a free port.
class ReplayServer {
 public:
  ReplayServer(std::unique_ptr<ClearanceService> service, std::atomic<UnixMillis>* clock)
      : service_(std::move(service)), api_(*service_, HttpOptions{.host = "127.0.0.1", .port = 0, .threads = 4}),
        clock_(clock) {}
  ~ReplayServer() {
    if (serving_.joinable()) {
      api_.Stop();
      serving_.join();
    }
  }

  absl::StatusOr<int> Start() {
    ADUANA_ASSIGN_OR_RETURN(int port, api_.Bind());
    serving_ = std::thread([this] { api_.Serve(); });
    return port;
  }
  ClearanceService& service() { return *service_; }
  void SetClock(UnixMillis t) { clock_->store(t); }

 private:
  std::unique_ptr<ClearanceService> service_;
  HttpApi api_;
  std::atomic<UnixMillis>* clock_;
  std::thread serving_;
};

struct Tokens {
  std::string clearance_system;  // integration: submits
  std::string officer;           // records results
  std::string admin;             // sets capacities
};

absl::StatusOr<Tokens> MakeTokens(ClearanceService& service) {
  Principal who{"replay", Role::kAdmin};
  Tokens t;
  ADUANA_ASSIGN_OR_RETURN(t.clearance_system, service.CreateToken("replay-clearance-system", Role::kIntegration, who));
  ADUANA_ASSIGN_OR_RETURN(t.officer, service.CreateToken("replay-officer", Role::kOfficer, who));
  ADUANA_ASSIGN_OR_RETURN(t.admin, service.CreateToken("replay-admin", Role::kAdmin, who));
  return t;
}

// Sets a capacity through the API; returns its red capacity.
absl::StatusOr<int> PutCapacity(ApiClient& api, const std::string& token, const std::string& office, const json& c) {
  Answer a = api.Call("PUT", "/v1/capacities/" + office, token, c);
  if (a.status != 200) return absl::InternalError("capacity of " + office + ": " + Message(a));
  return c["red"].get<int>();
}

std::string BusiestOffice(const std::map<std::string, double>& volumes) {
  auto busiest = std::max_element(volumes.begin(), volumes.end(),
                                  [](const auto& a, const auto& b) { return a.second < b.second; });
  return busiest == volumes.end() ? std::string() : busiest->first;
}

}  // namespace

absl::StatusOr<ReplayReport> ReplayThroughApi(const std::string& db_path, const std::vector<ReplayCase>& cases,
                                              const ReplayOptions& options) {
  if (cases.empty()) return absl::InvalidArgumentError("nothing to replay");
  const UnixMillis first = cases.front().submission.declaration.lodged_at;
  ADUANA_ASSIGN_OR_RETURN(auto volumes, OfficeVolumes(db_path, first));

  std::atomic<UnixMillis> clock{first};
  ServiceOptions service_options;
  service_options.selection.random_rate = options.random_rate;
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<ClearanceService> service,
                          ClearanceService::Open(db_path, service_options, [&clock] { return clock.load(); }));
  ReplayServer server(std::move(service), &clock);
  ADUANA_ASSIGN_OR_RETURN(Tokens tokens, MakeTokens(server.service()));
  ADUANA_ASSIGN_OR_RETURN(int port, server.Start());
  ApiClient api(port);

  ReplayReport report;
  std::map<std::string, int> red_capacity;
  for (const auto& [office, volume] : volumes) {
    ADUANA_ASSIGN_OR_RETURN(red_capacity[office], PutCapacity(api, tokens.admin, office, CapacityJson(volume, options)));
  }
  bool change_pending = options.change_at > 0;
  if (change_pending) {
    report.change_office = options.change_office.empty() ? BusiestOffice(volumes) : options.change_office;
    if (!volumes.contains(report.change_office)) {
      return absl::InvalidArgumentError("no usual volume known for office '" + report.change_office + "'");
    }
  }

  std::map<std::pair<std::string, EpochDay>, OfficeDayUse> days;
  for (const ReplayCase& c : cases) {
    const Declaration& d = c.submission.declaration;
    server.SetClock(d.lodged_at);
    if (change_pending && d.lodged_at >= options.change_at) {
      json changed = CapacityJson(volumes[report.change_office], options);
      report.red_capacity_before = changed["red"].get<int>();
      changed["red"] = std::max(0, static_cast<int>(std::lround(report.red_capacity_before * options.change_factor)));
      ADUANA_ASSIGN_OR_RETURN(red_capacity[report.change_office],
                              PutCapacity(api, tokens.admin, report.change_office, changed));
      report.red_capacity_after = red_capacity[report.change_office];
      report.change_day = DayOf(d.lodged_at);
      change_pending = false;
    }
    ++report.declarations;
    if (c.fraud_type) ++report.fraudulent;
    Answer decided = api.Call("POST", "/v1/declarations", tokens.clearance_system, SubmissionBody(c.submission));
    if (decided.status != 201 || !decided.body.is_object()) {
      ++report.refused;
      if (report.refusals.size() < kRefusalsKept) report.refusals.push_back(d.declaration_id + ": " + Message(decided));
      continue;
    }
    const std::string channel = decided.body.value("channel", "");
    const bool random = decided.body.value("random", false);
    SelectionTally& tally = report.by_basis[channel + "/" + (random ? "random" : decided.body.value("basis", ""))];
    ++tally.decided;

    OfficeDayUse& use = days[{d.customs_office, DayOf(d.lodged_at)}];
    use.office = d.customs_office;
    use.day = DayOf(d.lodged_at);
    ++use.declarations;
    if (channel == "red") ++(random ? use.red_random : use.red);
    if (channel == "yellow") ++use.yellow;
    if (channel == "blue") ++use.blue;
    auto capacity = red_capacity.find(d.customs_office);
    use.red_capacity = capacity == red_capacity.end() ? -1 : capacity->second;

    if (channel == "red" || channel == "yellow") {
      Answer result = api.Call("POST", "/v1/declarations/" + d.declaration_id + "/inspection", tokens.officer,
                               InspectionBody(c, channel, d.lodged_at));
      if (result.status != 200) {
        return absl::InternalError("inspection result of " + d.declaration_id + ": " + Message(result));
      }
      ++tally.controlled;
      if (c.fraud_type) ++tally.hits;
    }
  }
  for (auto& [key, use] : days) report.days.push_back(std::move(use));
  return report;
}

}  // namespace aduana::server
