// aduana serve --db PATH --port P [--host H] [--threads N] [--random-rate R] [--web DIR]
// aduana tokens create --db PATH --name NAME --role ROLE
// aduana tokens list --db PATH
// aduana audit verify --db PATH
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/commands.h"
#include "nlohmann/json.hpp"
#include "server/auth.h"
#include "server/http_api.h"
#include "store/audit_chain.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct ServeArgs {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 32;
  double random_rate = 0.01;
  std::string web;       // "": no UI
  bool web_set = false;  // not given: web/dist when it exists here
};

// The browser UI's directory: --web, or web/dist of the current directory when it was built.
std::string WebRoot(const ServeArgs& args) {
  if (args.web_set) return args.web;
  std::error_code error;
  return std::filesystem::is_directory("web/dist", error) ? std::string("web/dist") : std::string();
}

int Fail(const char* command, const absl::Status& s) {
  std::fprintf(stderr, "aduana %s: %s\n", command, std::string(s.message()).c_str());
  return 1;
}

int RunServe(const ServeArgs& args) {
  // SIGINT and SIGTERM are taken by one thread that stops the server, so every other thread runs undisturbed.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::ServiceOptions options;
  options.selection.random_rate = args.random_rate;
  std::fprintf(stderr, "aduana serve: loading the model and replaying the history of %s ...\n", args.db.c_str());
  auto service = server::ClearanceService::Open(args.db, options, NowMillis);
  if (!service.ok()) return Fail("serve", service.status());
  server::HttpOptions http;
  http.host = args.host;
  http.port = args.port;
  http.threads = args.threads;
  http.web_root = WebRoot(args);
  server::HttpApi api(**service, http);
  absl::StatusOr<int> port = api.Bind();
  if (!port.ok()) return Fail("serve", port.status());
  std::printf("aduana serve: listening on http://%s:%d\n", args.host.c_str(), *port);
  if (!http.web_root.empty()) std::printf("aduana serve: web UI from %s\n", http.web_root.c_str());
  std::fflush(stdout);
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::fprintf(stderr, "aduana serve: stopping (signal %d)\n", signal);
    api.Stop();
  });
  bool served = api.Serve();
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);  // wakes sigwait if the server stopped on its own
    stopper.join();
  }
  return served ? 0 : 1;
}

int RunTokensCreate(const std::string& db, const std::string& name, const std::string& role_name) {
  std::optional<server::Role> role = server::RoleFromName(role_name);
  if (!role) return Fail("tokens create", absl::InvalidArgumentError("--role: admin, analyst, officer, auditor or integration"));
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("tokens create", store.status());
  server::NewToken token = server::MakeToken();
  UnixMillis now = NowMillis();
  Store& s = **store;
  absl::Status written = s.Begin();
  if (written.ok()) written = s.SaveToken({token.hash, name, role_name, now, std::nullopt});
  if (written.ok()) {
    nlohmann::json detail = {{"name", name}, {"role", role_name}};
    written = s.AppendAudit({0, now, "cli", "token_created", name, detail.dump(), "", ""}).status();
  }
  if (written.ok()) written = s.Commit();
  if (!written.ok()) {
    (void)s.Rollback();
    return Fail("tokens create", written);
  }
  std::printf("%s\n", token.token.c_str());
  std::fprintf(stderr, "token for %s (%s): shown once, only its hash is stored\n", name.c_str(), role_name.c_str());
  return 0;
}

int RunTokensList(const std::string& db) {
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("tokens list", store.status());
  auto tokens = (*store)->ListTokens();
  if (!tokens.ok()) return Fail("tokens list", tokens.status());
  std::printf("%-24s %-12s %-21s %-21s %s\n", "name", "role", "created", "revoked", "hash (first 16)");
  for (const ApiToken& t : *tokens) {
    std::printf("%-24s %-12s %-21s %-21s %s\n", t.name.c_str(), t.role.c_str(), FormatTimestamp(t.created_at).c_str(),
                t.revoked_at ? FormatTimestamp(*t.revoked_at).c_str() : "", t.token_hash.substr(0, 16).c_str());
  }
  return 0;
}

int RunAuditVerify(const std::string& db) {
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("audit verify", store.status());
  absl::StatusOr<AuditVerification> v = VerifyAuditTrail(**store);
  if (!v.ok()) return Fail("audit verify", v.status());
  if (v->first_broken) {
    std::printf("audit trail BROKEN at entry %lld of %lld: %s\n", static_cast<long long>(*v->first_broken),
                static_cast<long long>(v->entries), v->reason.c_str());
    return 2;
  }
  std::printf("audit trail intact: %lld entries verified\n", static_cast<long long>(v->entries));
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the selectivity API (decisions, inspections, queues)");
  serve->add_option("--db", args->db, "Store path (with an active model: aduana train)")->required()
      ->check(CLI::ExistingFile);
  serve->add_option("--port", args->port, "TCP port (0: any free port)")->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--host", args->host, "Address to listen on")->capture_default_str();
  serve->add_option("--threads", args->threads, "Request threads")->check(CLI::Range(1, 1024))->capture_default_str();
  serve->add_option("--random-rate", args->random_rate, "Share of declarations in the random control sample")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  CLI::Option* web = serve->add_option("--web", args->web, "Directory of the browser UI's files (default: web/dist if it exists; "
                                         "\"\" for none)");
  serve->callback([args, web, exit_code] {
    args->web_set = web->count() > 0;
    *exit_code = RunServe(*args);
  });

  CLI::App* tokens = app.add_subcommand("tokens", "API tokens");
  tokens->require_subcommand(1);
  auto db = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  CLI::App* create = tokens->add_subcommand("create", "Make a token (printed once) for a user or system");
  create->add_option("--db", *db, "Store path")->required()->check(CLI::ExistingFile);
  create->add_option("--name", *name, "Who it is for")->required();
  create->add_option("--role", *role, "admin, analyst, officer, auditor or integration")->required();
  create->callback([db, name, role, exit_code] { *exit_code = RunTokensCreate(*db, *name, *role); });
  auto list_db = std::make_shared<std::string>();
  CLI::App* list = tokens->add_subcommand("list", "Tokens, by hash (never the tokens themselves)");
  list->add_option("--db", *list_db, "Store path")->required()->check(CLI::ExistingFile);
  list->callback([list_db, exit_code] { *exit_code = RunTokensList(*list_db); });

  CLI::App* audit = app.add_subcommand("audit", "The tamper-evident audit trail");
  audit->require_subcommand(1);
  auto audit_db = std::make_shared<std::string>();
  CLI::App* verify = audit->add_subcommand("verify", "Check the hash chain; name the first broken entry");
  verify->add_option("--db", *audit_db, "Store path")->required()->check(CLI::ExistingFile);
  verify->callback([audit_db, exit_code] { *exit_code = RunAuditVerify(*audit_db); });
}

}  // namespace aduana::cli
