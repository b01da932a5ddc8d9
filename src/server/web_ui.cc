#include "server/web_ui.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace aduana::server {
namespace {

constexpr size_t kMaxFileBytes = 64 << 20;
constexpr std::string_view kPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "application/javascript"},
    {".mjs", "application/javascript"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".wasm", "application/wasm"},
}};

// An API path: never a file, whatever the root holds.
bool IsApiPath(std::string_view path) {
  return path == "/v1" || path.starts_with("/v1/") || path == "/health" || path == "/metrics";
}

// Every segment an ordinary name: no "..", ".", backslash or NUL.
bool SafeSegments(std::string_view path) {
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == ".." || segment == ".") return false;
    start = end + 1;
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return absl::NotFoundError("cannot read " + path);
  return std::move(text).str();
}

}  // namespace

std::string_view ContentTypeOf(std::string_view path) {
  for (const auto& [extension, type] : kTypes) {
    if (path.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

absl::StatusOr<std::string> WebFilePath(const std::string& root, std::string_view request_path) {
  namespace fs = std::filesystem;
  if (!request_path.starts_with("/") || !SafeSegments(request_path) || IsApiPath(request_path)) {
    return absl::NotFoundError("no such file");
  }
  std::error_code error;
  const fs::path base = fs::canonical(root, error);
  if (error) return absl::NotFoundError("the web root does not exist");
  fs::path file = base / fs::path(std::string(request_path.substr(1)));
  if (fs::is_directory(file, error)) file /= "index.html";
  const fs::path resolved = fs::canonical(file, error);
  if (error || !fs::is_regular_file(resolved, error)) return absl::NotFoundError("no such file");
  // A symbolic link may still lead out of the root.
  auto [root_end, ignored] = std::mismatch(base.begin(), base.end(), resolved.begin(), resolved.end());
  if (root_end != base.end()) return absl::NotFoundError("no such file");
  if (fs::file_size(resolved, error) > kMaxFileBytes || error) return absl::NotFoundError("no such file");
  return resolved.string();
}

WebReply ServeWebFile(const std::string& root, std::string_view request_path) {
  absl::StatusOr<std::string> path = WebFilePath(root, request_path);
  absl::StatusOr<std::string> body = path.ok() ? ReadFile(*path) : path.status();
  if (!body.ok()) return {ErrorReply(404, "not_found", "no such file"), "no-cache"};
  const bool hashed = request_path.starts_with("/assets/");
  return {Reply{200, *std::move(body), std::string(ContentTypeOf(*path))},
          hashed ? "public, max-age=31536000, immutable" : "no-cache"};
}

void AddWebRoutes(httplib::Server& server, const std::string& root) {
  // httplib answers HEAD with the GET handler (without the body).
  server.Get(R"(/.*)", [root](const httplib::Request& req, httplib::Response& res) {
    WebReply r = IsApiPath(req.path) ? WebReply{ErrorReply(404, "no_such_route", "no such route"), "no-cache"}
                                     : ServeWebFile(root, req.path);
    res.status = r.reply.status;
    res.set_header("Cache-Control", r.cache_control);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Security-Policy", std::string(kPolicy));
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content(r.reply.body, r.reply.content_type);
  });
}

}  // namespace aduana::server
