// Durability: `aduana serve` is killed with SIGKILL while clients submit declarations. After a restart, every
// declaration whose decision was acknowledged (2xx) is there with that decision, none is decided twice, and the
// audit trail is intact with exactly one "decided" entry per decision.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "nlohmann/json.hpp"
#include "server/auth.h"
#include "store/audit_chain.h"
#include "store/sqlite_store.h"
#include "test_history.h"

namespace aduana::server {
namespace {

using nlohmann::json;

// `aduana serve` on a free port, as a child process; its port is read from what it prints.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& db) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(ADUANA_BINARY, ADUANA_BINARY, "serve", "--db", db.c_str(), "--port", "0", "--threads", "16",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char ch;
    while (read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
    close(out[0]);
    size_t colon = line.rfind(':');
    if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
  }
  ~ServeProcess() { Kill(); }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::string Body(const DeclarationSubmission& s) {
  json j = ToJson(s.declaration);
  j["items"] = json::array();
  for (const GoodsItem& item : s.items) j["items"].push_back(ToJson(item));
  return j.dump();
}

TEST(ServeKill, AcknowledgedDecisionsSurviveSigkillAndNoneIsDuplicated) {
  testing::TestHistory history("aduana_kill");
  ASSERT_NO_FATAL_FAILURE(history.Build(400));
  NewToken token = MakeToken();
  {
    auto store = OpenSqliteStore(history.Db());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->SaveToken({token.hash, "cs", "integration", 1, std::nullopt}).ok());
  }
  const auto& submissions = history.submissions();
  std::mutex mutex;
  std::map<std::string, json> acknowledged;  // id -> decision as answered
  {
    ServeProcess serve(history.Db());
    ASSERT_GT(serve.port(), 0);
    std::atomic<size_t> next{0};
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
      clients.emplace_back([&] {
        httplib::Client client("127.0.0.1", serve.port());
        client.set_default_headers({{"Authorization", "Bearer " + token.token}});
        for (size_t i = next++; i < submissions.size() && !killed; i = next++) {
          auto r = client.Post("/v1/declarations", Body(submissions[i]), "application/json");
          if (!r || r->status >= 300) continue;  // not acknowledged: the server may or may not have it
          std::lock_guard lock(mutex);
          acknowledged[submissions[i].declaration.declaration_id] = json::parse(r->body);
        }
      });
    }
    while (true) {  // kill it mid-way, with requests in flight
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 100) break;
    }
    serve.Kill();
    killed = true;
    for (std::thread& t : clients) t.join();
  }
  ASSERT_GE(acknowledged.size(), 100u);
  ASSERT_LT(acknowledged.size(), submissions.size()) << "the kill came too late to test anything";

  ServeProcess again(history.Db());
  ASSERT_GT(again.port(), 0);
  httplib::Client client("127.0.0.1", again.port());
  client.set_default_headers({{"Authorization", "Bearer " + token.token}});
  for (const auto& [id, decision] : acknowledged) {
    auto r = client.Get(("/v1/declarations/" + id).c_str());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << id << " was acknowledged but is gone";
    json stored = json::parse(r->body)["decision"];
    EXPECT_EQ(stored["channel"], decision["channel"]) << id;
    EXPECT_EQ(stored["decided_at"], decision["decided_at"]) << id;
  }
  // Every submission again: the acknowledged ones (and any the server wrote without answering) come back as
  // they were (200), the others are decided now (201), and nothing is decided twice.
  int resubmitted = 0, decided_now = 0;
  for (const DeclarationSubmission& s : submissions) {
    auto r = client.Post("/v1/declarations", Body(s), "application/json");
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->status == 200 || r->status == 201) << r->status << " " << r->body;
    if (acknowledged.contains(s.declaration.declaration_id)) {
      EXPECT_EQ(r->status, 200);
    }
    (r->status == 200 ? resubmitted : decided_now)++;
  }
  EXPECT_EQ(resubmitted + decided_now, static_cast<int>(submissions.size()));
  again.Kill();

  auto store = OpenSqliteStore(history.Db());
  ASSERT_TRUE(store.ok());
  auto verified = VerifyAuditTrail(**store);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->first_broken.has_value()) << verified->reason;
  int decided_entries = 0;
  ASSERT_TRUE((*store)->ScanAudit([&](const AuditEntry& e) {
    decided_entries += e.action == "decided";
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(decided_entries, static_cast<int>(submissions.size()));  // one per declaration, none twice
}

}  // namespace
}  // namespace aduana::server
