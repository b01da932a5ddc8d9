// The library baseline for the service's HTTP figures (bench/serve_wrk.sh): bare cpp-httplib, configured as
// `aduana serve` configures it (thread pool, keep-alive, TCP_NODELAY), answering the same routes with a fixed
// body of the size of a decision and doing nothing else. Under the same wrk load it shows what the HTTP layer
// and the load generator cost on this machine, so the service's throughput reads as a ratio to it.
//
//   bench_http_baseline [THREADS] [BODY_BYTES]      (prints "listening on http://127.0.0.1:PORT")
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 64;
  const size_t body_bytes = argc > 2 ? static_cast<size_t>(std::atol(argv[2])) : 1800;
  if (threads < 1 || body_bytes < 2) {
    std::fprintf(stderr, "usage: bench_http_baseline [THREADS >= 1] [BODY_BYTES >= 2]\n");
    return 2;
  }
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(30);
  server.set_tcp_nodelay(true);
  const std::string body = "{" + std::string(body_bytes - 2, ' ') + "}";
  auto answer = [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json");
  };
  server.Post("/v1/declarations", answer);
  server.Get(R"(/v1/declarations/(.+))", answer);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port < 0) {
    std::fprintf(stderr, "bench_http_baseline: cannot bind a port\n");
    return 1;
  }
  std::printf("listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
