// Internal to the gateway: the Beast/Asio types the session and the listener share.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>

#include "faas/gateway/loop_rescue.h"
#include "faas/gateway/server.h"

namespace wisp::faas {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class Session;

struct Server::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)), acceptor(io), signals(io), drain_timer(io), accept_pause(io) {}

  ServerOptions options;
  RequestHandler* handler = nullptr;
  std::atomic<bool> draining{false};
  std::chrono::steady_clock::time_point drain_started;
  std::atomic<uint64_t> request_counter{0};
  std::atomic<uint64_t> rescues{0};  // LoopRescue threads started
  uint64_t id_prefix = std::random_device{}();
  // Sessions register themselves so a drain can close the idle ones. The
  // mutex matters only when a forced stop destroys sessions off the loop.
  std::mutex sessions_mutex;
  std::map<Session*, std::weak_ptr<Session>> sessions;
  // Declared after what sessions touch, so it is destroyed (and its pending
  // handlers with their sessions) first. Normally one thread runs it; the
  // rescue adds threads while handler calls hold that one up, so every
  // session runs on a strand of its own.
  asio::io_context io;
  std::optional<LoopRescue> rescue;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  asio::steady_timer accept_pause;  // see accept(): a failed accept waits on it

  std::string next_request_id();
  void accept();
  void pause_accept();
  bool at_connection_limit();
  void start_drain();
  void poll_drain();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server);
  ~Session();
  void start();
  // The session's strand: everything touching it runs there.
  auto executor() { return stream_.get_executor(); }
  // Closes the connection unless a request is being handled.
  void close_if_idle();

 private:
  void read_head();
  void on_head(beast::error_code ec);
  void read_body();
  void on_body(beast::error_code ec);
  void dispatch();
  void send(HttpResponse response, bool close_after);
  void on_written(bool close_after, beast::error_code ec);
  void log_access(int status, size_t body_bytes);
  void close();

  Server::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  // The head of the request being handled (once handed on: method, target and id only).
  HttpRequest request_;
  std::shared_ptr<http::response<http::string_body>> response_;
  std::chrono::steady_clock::time_point started_;
  std::string remote_addr_;
  uint16_t remote_port_ = 0;
  uint16_t local_port_ = 0;
  bool loopback_ = false;
  bool busy_ = false;
  bool closed_ = false;
};

}  // namespace wisp::faas
