// aduana feed --db PATH --url URL --token TOKEN [--rate N] [--count N] [--transits N]
//
// A live feed for demonstrations and replays: sends the store's most recent declarations to a running
// `aduana serve` as new ones (id + "-LIVE-<n>", lodged now), at a steady rate, and prints each decision. With
// --transits, the store's latest transits run again now, their tracking events sent as their time comes
// (live_cargo.h).
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <thread>

#include "cli/commands.h"
#include "cli/live_cargo.h"
#include "ingest/json_records.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct FeedArgs {
  std::string db;
  std::string url = "http://127.0.0.1:8080";
  std::string token;
  double rate = 10;  // declarations per second
  int64_t count = 0;  // 0: until interrupted
  int recent = 2000;  // declarations of the store to cycle through
  int transits = 0;   // transits to run again now
  double transit_spread_hours = 6;  // their departures spread over this many hours before now
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana feed: %s\n", std::string(s.message()).c_str());
  return 1;
}

int RunFeed(const FeedArgs& args) {
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail(store.status());
  std::vector<DeclarationRecord> recent;
  UnixMillis last = 0;
  absl::Status scan = (*store)->ScanDeclarations(std::numeric_limits<UnixMillis>::min(),
                                                 std::numeric_limits<UnixMillis>::max(), [&](DeclarationRecord& r) {
                                                   last = r.declaration.lodged_at;
                                                   return absl::OkStatus();
                                                 });
  if (scan.ok()) {
    scan = (*store)->ScanDeclarations(last - 14 * kMillisPerDay, std::numeric_limits<UnixMillis>::max(),
                                      [&](DeclarationRecord& r) {
                                        if (static_cast<int>(recent.size()) < args.recent) recent.push_back(std::move(r));
                                        return absl::OkStatus();
                                      });
  }
  if (!scan.ok()) return Fail(scan);
  if (recent.empty()) return Fail(absl::FailedPreconditionError("the store holds no declarations to feed"));
  const int64_t run = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  absl::StatusOr<LiveCargo> cargo =
      LiveCargo::Load(**store, args.transits, NowMillis(),
                      static_cast<UnixMillis>(args.transit_spread_hours * 3'600'000), std::to_string(run));
  if (!cargo.ok()) return Fail(cargo.status());
  store->reset();

  httplib::Client client(args.url);
  client.set_default_headers({{"Authorization", "Bearer " + args.token}});
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  if (absl::Status s = cargo->Register(client); !s.ok()) return Fail(s);
  if (!cargo->transits().empty()) {
    std::printf("%zu transits in flight again, from the store's latest\n", cargo->transits().size());
  }
  const auto period = std::chrono::duration<double>(1.0 / args.rate);
  auto next = std::chrono::steady_clock::now();
  for (int64_t n = 0; args.count == 0 || n < args.count; ++n) {
    if (absl::Status s = cargo->SendDue(client, NowMillis()); !s.ok()) return Fail(s);
    const DeclarationRecord& r = recent[static_cast<size_t>(n) % recent.size()];
    std::string id = r.declaration.declaration_id + "-LIVE-" + std::to_string(run) + "-" + std::to_string(n);
    Declaration d = r.declaration;
    d.declaration_id = id;
    d.lodged_at = NowMillis();
    nlohmann::json body = ToJson(d);
    body["items"] = nlohmann::json::array();
    for (GoodsItem item : r.items) body["items"].push_back(ToJson(item));
    httplib::Result answer = client.Post("/v1/declarations", body.dump(), "application/json");
    if (!answer) {
      std::fprintf(stderr, "aduana feed: %s unreachable (%s)\n", args.url.c_str(), httplib::to_string(answer.error()).c_str());
      return 1;
    }
    nlohmann::json j = nlohmann::json::parse(answer->body, nullptr, false);
    if (answer->status >= 300 || j.is_discarded()) {
      std::fprintf(stderr, "aduana feed: %s: HTTP %d %s\n", id.c_str(), answer->status, answer->body.c_str());
      continue;
    }
    std::printf("%-34s %-7s %-6s %-7s %s\n", id.c_str(), j.value("office", "").c_str(), j.value("channel", "").c_str(),
                j.value("basis", "").c_str(), j.value("explanation", "").substr(0, 90).c_str());
    std::fflush(stdout);
    next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
    std::this_thread::sleep_until(next);
  }
  return 0;
}

}  // namespace

void AddFeedCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<FeedArgs>();
  CLI::App* feed = app.add_subcommand("feed", "Send the store's recent declarations to a running server as new ones");
  feed->add_option("--db", args->db, "Store path (the declarations to send)")->required()->check(CLI::ExistingFile);
  feed->add_option("--url", args->url, "The server")->capture_default_str();
  feed->add_option("--token", args->token, "An integration (or admin) token")->required();
  feed->add_option("--rate", args->rate, "Declarations per second")->check(CLI::Range(0.01, 100000.0))
      ->capture_default_str();
  feed->add_option("--count", args->count, "How many (0: until interrupted)")->check(CLI::NonNegativeNumber);
  feed->add_option("--transits", args->transits, "Also run this many of the store's latest transits again, now")
      ->check(CLI::Range(0, 10000));
  feed->add_option("--transit-spread-hours", args->transit_spread_hours,
                   "Their departures spread over this many hours before now")
      ->check(CLI::Range(0.1, 72.0));
  feed->callback([args, exit_code] { *exit_code = RunFeed(*args); });
}

}  // namespace aduana::cli
