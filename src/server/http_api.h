// The HTTP/JSON API of the selectivity service (docs/api/openapi.yaml), on cpp-httplib: routes, token
// authentication and role checks, JSON in and out, and errors as
//   {"error": {"code": "...", "field": "...", "message": "..."}}
// with 400 (bad input), 401 (no or bad token), 403 (role), 404, 409 (conflict or illegal transition), 413 (body
// too large), 503 (busy). No exception crosses a handler.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/cargo_service.h"
#include "server/clearance_service.h"
#include "server/metrics.h"

namespace aduana::server {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;               // 0: any free port (tests)
  int threads = 32;              // handler threads; keep-alive connections hold one each
  size_t max_body_bytes = 1 << 20;
  int cargo_tick_ms = 10'000;    // how often the transit monitor's clock moves (silence, deadlines); 0: never
                                 // by itself (tests move it through the service)
  std::string web_root = "";     // the browser UI's files (web/dist), served outside /v1 without a token;
                                 // "": no UI
};

// A route as the OpenAPI description names it ("/v1/declarations/{id}").
struct RouteSpec {
  std::string method;  // "GET", "POST", "PUT"
  std::string path;
};
std::vector<RouteSpec> ServedRoutes();

class HttpApi {
 public:
  HttpApi(ClearanceService& service, HttpOptions options);
  ~HttpApi();

  // Rebuilds the transit monitor from the store, binds the listening socket and starts the monitor's ticker;
  // returns the port (the chosen one when options.port is 0).
  absl::StatusOr<int> Bind();
  // Serves until Stop(); returns false if the listener failed.
  bool Serve();
  void Stop();

  CargoService& cargo();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aduana::server
