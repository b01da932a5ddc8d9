// The browser UI's static files (web/dist, built by the web/ project), served by `aduana serve --web DIR` for
// GET and HEAD of any path that is not an API route. The files hold no data, so they need no token; every
// /v1 route still does. The UI routes with the URL's hash, so an unknown path is a 404, not index.html.
// Responses carry nosniff and a Content-Security-Policy that allows only the UI's own scripts and styles;
// index.html is revalidated on every load, files under /assets/ (named by their content hash) are cached.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "server/http_reply.h"

namespace aduana::server {

// "text/html; charset=utf-8", "application/javascript", ... by the name's extension.
std::string_view ContentTypeOf(std::string_view path);

// The file under `root` a request path names ("/" and directories: their index.html), or NotFound when it
// names none, climbs out of the root ("..", or a symbolic link leading out) or is not a regular file.
absl::StatusOr<std::string> WebFilePath(const std::string& root, std::string_view request_path);

// The reply to a GET or HEAD of `request_path`: the file with its content type and headers, or a 404.
struct WebReply {
  Reply reply;
  std::string cache_control;
};
WebReply ServeWebFile(const std::string& root, std::string_view request_path);

// Registers the handler of the UI's files: after every API route, so that none is shadowed; paths under /v1,
// /health and /metrics are never served from the root.
void AddWebRoutes(httplib::Server& server, const std::string& root);

}  // namespace aduana::server
