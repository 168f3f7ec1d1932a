// The HTTP/1.1 front end on Boost.Beast/Asio: one event-loop thread (more only
// while handler calls hold it up: LoopRescue), keep-alive,
// chunked bodies (Beast's parser), Expect: 100-continue, header and body size
// limits, idle and read timeouts, and a graceful drain on SIGTERM/SIGINT:
// stop accepting, close idle connections, finish in-flight requests, exit.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "faas/core/status.h"
#include "faas/gateway/request_handler.h"

namespace wisp::faas {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  uint32_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds idle_timeout{60'000};  // waiting for (and reading) a request head
  std::chrono::milliseconds read_timeout{30'000};  // reading a body, writing a response
  std::chrono::milliseconds drain_timeout{30'000};
  // Open connections at most; beyond, new ones wait in the kernel's backlog
  // until one closes. 0: the descriptor limit (RLIMIT_NOFILE, read at every
  // accept) minus a reserve for guests, module and log files, so a flood of
  // idle connections can never take the descriptors requests need.
  size_t max_connections = 0;
  bool handle_signals = true;
  // A handler call that holds the event-loop thread this long (with no other
  // call returning meanwhile) gets another thread running the loop until one
  // is free again (LoopRescue); 0: never (handlers must not block).
  std::chrono::milliseconds rescue_after{5};
  // Receives one access-log line per request (called on the event loop);
  // empty: no access log, and no line is even formatted.
  std::function<void(std::string_view)> access_log;
};

// "127.0.0.1:8080", "[::1]:0", "localhost:9000"; fills host and port.
Result<void> parse_listen_address(const std::string& text, ServerOptions& options);

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; after this, port() is the real port.
  Result<void> listen();
  uint16_t port() const;
  // Serves until drained; returns after the last in-flight request finished
  // (or drain_timeout passed).
  void run(RequestHandler& handler);
  // Starts the drain from any thread (what SIGTERM does).
  void request_drain();
  // Threads the LoopRescue started so far (any thread; 0 before run()).
  uint64_t loop_rescues() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace wisp::faas
