// An API server on a free port over a small generated history, with a token for each role, and a client that
// calls it as a given role: what the HTTP tests start from.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "nlohmann/json.hpp"
#include "server/http_api.h"
#include "store/sqlite_store.h"
#include "test_history.h"

namespace aduana::server {

using nlohmann::json;

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(history_.Build(60));
    {
      auto store = OpenSqliteStore(history_.Db());
      ASSERT_TRUE(store.ok());
      for (auto [name, role] : {std::pair<const char*, const char*>{"root", "admin"}, {"cs", "integration"},
                                {"ana", "officer"}, {"ian", "analyst"}, {"aud", "auditor"}}) {
        NewToken t = MakeToken();
        ASSERT_TRUE((*store)->SaveToken({t.hash, name, role, 1, std::nullopt}).ok());
        tokens_[role] = t.token;
      }
    }
    ServiceOptions options;
    options.fsync_each_commit = false;
    options.selection.random_rate = 0;
    auto service = ClearanceService::Open(history_.Db(), options, [] { return testing::kNow; });
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = std::move(*service);
    HttpOptions http;
    http.port = 0;
    http.threads = 4;
    http.max_body_bytes = 64 * 1024;
    http.web_root = WebRoot();
    api_ = std::make_unique<HttpApi>(*service_, http);
    absl::StatusOr<int> port = api_->Bind();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    serving_ = std::thread([this] { api_->Serve(); });
  }
  // The browser UI's files to serve; "" (the default): none.
  virtual std::string WebRoot() const { return ""; }
  void TearDown() override {
    if (api_) api_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  struct Answer {
    int status = 0;
    json body;
    std::string text;
  };
  Answer Call(const std::string& method, const std::string& path, const std::string& role, const std::string& body = "") {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!role.empty()) headers.emplace("Authorization", "Bearer " + (tokens_.contains(role) ? tokens_[role] : role));
    httplib::Result r = method == "GET"      ? client.Get(path.c_str(), headers)
                        : method == "PUT"    ? client.Put(path.c_str(), headers, body, "application/json")
                        : method == "DELETE" ? client.Delete(path.c_str(), headers)
                                             : client.Post(path.c_str(), headers, body, "application/json");
    Answer a;
    if (!r) return a;
    a.status = r->status;
    a.text = r->body;
    a.body = json::parse(r->body, nullptr, false);
    return a;
  }
  static std::string ErrorCode(const Answer& a) {
    return a.body.is_object() && a.body.contains("error") ? a.body["error"].value("code", "") : "";
  }
  std::string SubmissionJson(size_t i) const {
    const DeclarationSubmission& s = history_.submissions()[i];
    json j = ToJson(s.declaration);
    j["items"] = json::array();
    for (const GoodsItem& item : s.items) j["items"].push_back(ToJson(item));
    return j.dump();
  }

  testing::TestHistory history_{"aduana_http"};
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ClearanceService> service_;
  std::unique_ptr<HttpApi> api_;
  std::thread serving_;
  int port_ = 0;
};

}  // namespace aduana::server
