// The browser UI's files from `aduana serve --web DIR`: index.html at /, assets with their content types and
// caching, security headers, no way out of the root, and no API route shadowed or opened by them.
#include <filesystem>
#include <fstream>

#include "api_fixture.h"
#include "server/web_ui.h"

namespace aduana::server {
namespace {

namespace fs = std::filesystem;

class WebUiTest : public ApiFixture {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("aduana_web_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "assets");
    fs::create_directories(root_ / "v1");
    Write(root_ / "index.html", "<!doctype html><title>Aduana</title>");
    Write(root_ / "assets" / "app.js", "console.log('aduana');");
    Write(root_ / "assets" / "app.css", "body{}");
    Write(root_ / "v1" / "me", "a file that must never answer for the API");
    Write(root_.parent_path() / ("aduana_web_secret_" + std::to_string(::getpid())), "secret");
    ApiFixture::SetUp();
  }
  void TearDown() override {
    ApiFixture::TearDown();
    fs::remove_all(root_);
    fs::remove(root_.parent_path() / ("aduana_web_secret_" + std::to_string(::getpid())));
  }
  std::string WebRoot() const override { return root_.string(); }

  static void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

  httplib::Result Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    return client.Get(path.c_str());
  }

  fs::path root_;
};

TEST_F(WebUiTest, ServesIndexAndAssetsWithTypesCachingAndSecurityHeaders) {
  httplib::Result index = Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>Aduana</title>");
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(index->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(index->get_header_value("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
  EXPECT_EQ(Get("/index.html")->body, index->body);

  httplib::Result js = Get("/assets/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "application/javascript");
  EXPECT_NE(js->get_header_value("Cache-Control").find("max-age="), std::string::npos);
  EXPECT_EQ(Get("/assets/app.css")->get_header_value("Content-Type"), "text/css; charset=utf-8");

  httplib::Client client("127.0.0.1", port_);
  httplib::Result head = client.Head("/assets/app.js");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());

  EXPECT_EQ(Get("/missing.js")->status, 404);
  EXPECT_EQ(Get("/dashboard")->status, 404) << "hash routing: no fallback to index.html";
}

TEST_F(WebUiTest, ApiRoutesStillNeedTheirTokensAndAreNotShadowed) {
  EXPECT_EQ(Get("/v1/me")->status, 401) << "the root's v1/me file must not answer";
  EXPECT_EQ(Get("/v1/queue?office=X&channel=red")->status, 401);
  EXPECT_EQ(Get("/v1/dashboard")->status, 401);
  EXPECT_EQ(Get("/metrics")->status, 401);
  EXPECT_EQ(Get("/health")->status, 200);
  EXPECT_EQ(Call("GET", "/v1/me", "officer").status, 200);
  Answer unknown = Call("GET", "/v1/no-such-route", "admin");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), "no_such_route");
}

TEST_F(WebUiTest, NothingOutsideTheRootIsServed) {
  const std::string secret = "aduana_web_secret_" + std::to_string(::getpid());
  const std::vector<std::string> paths = {"/../" + secret,       "/assets/../../" + secret,
                                         "/%2e%2e/" + secret,     "/assets/%2E%2E/%2E%2E/" + secret,
                                         "/..%2f" + secret,       "/./index.html"};
  for (const std::string& path : paths) {
    httplib::Result r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_NE(r->body, "secret") << path;
    EXPECT_NE(r->status, 200) << path;
  }
  fs::create_symlink(root_.parent_path() / secret, root_ / "link");
  EXPECT_EQ(Get("/link")->status, 404) << "a symbolic link leading out of the root";
  EXPECT_FALSE(WebFilePath(root_.string(), "/../" + secret).ok());
  EXPECT_TRUE(WebFilePath(root_.string(), "/").ok());
  EXPECT_EQ(ContentTypeOf("a/b.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeOf("x.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeOf("x.png"), "image/png");
  EXPECT_EQ(ContentTypeOf("x.json"), "application/json");
}

}  // namespace
}  // namespace aduana::server
