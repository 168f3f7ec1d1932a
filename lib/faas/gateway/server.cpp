// The listener: accept loop, signal handling and the drain.
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>

#include "faas/gateway/beast_fwd.h"

namespace wisp::faas {

Result<void> parse_listen_address(const std::string& text, ServerOptions& options) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos)
    return fail(FailKind::Invalid, "listen address must be HOST:PORT, got '" + text + "'");
  std::string host = text.substr(0, colon);
  std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  if (host == "localhost") host = "127.0.0.1";
  char* end = nullptr;
  unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p > 65535)
    return fail(FailKind::Invalid, "invalid port '" + port + "'");
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  if (ec) return fail(FailKind::Invalid, "invalid listen host '" + host + "' (use an IP address)");
  options.host = host;
  options.port = static_cast<uint16_t>(p);
  return {};
}

std::string Server::Impl::next_request_id() {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08x%08llx", static_cast<unsigned>(id_prefix),
                static_cast<unsigned long long>(++request_counter));
  return buf;
}

bool Server::Impl::at_connection_limit() {
  size_t limit = options.max_connections;
  if (limit == 0) {
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY) return false;
    // A quarter (at least 128) stays for what requests open: guest stdio
    // files and their duplicates, request bodies, modules, logs, SQLite.
    size_t total = static_cast<size_t>(files.rlim_cur);
    size_t reserve = std::max<size_t>(128, total / 4);
    limit = total > reserve + 16 ? total - reserve : 16;
  }
  std::lock_guard lock(sessions_mutex);
  return sessions.size() >= limit;
}

void Server::Impl::pause_accept() {
  accept_pause.expires_after(std::chrono::milliseconds(50));
  accept_pause.async_wait([this](beast::error_code ec) {
    if (!ec && acceptor.is_open()) accept();
  });
}

void Server::Impl::accept() {
  // At the limit the next connection waits in the backlog until one closes.
  if (at_connection_limit()) return pause_accept();
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      std::make_shared<Session>(std::move(socket), *this)->start();
      return accept();
    }
    // Out of descriptors (EMFILE, ENFILE) or kernel memory: the connection
    // stays in the backlog, the listening socket stays readable, and
    // accepting again at once would fail again at once, spinning the event
    // loop at 100 % CPU. Pause instead; closing connections free descriptors.
    pause_accept();
  });
}

void Server::Impl::start_drain() {
  if (draining.exchange(true)) return;
  drain_started = std::chrono::steady_clock::now();
  beast::error_code ec;
  acceptor.close(ec);
  accept_pause.cancel();
  signals.cancel(ec);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) asio::post(s->executor(), [s] { s->close_if_idle(); });
  poll_drain();
}

void Server::Impl::poll_drain() {
  size_t left;
  {
    std::lock_guard lock(sessions_mutex);
    left = sessions.size();
  }
  if (left == 0) return;  // nothing left: io.run() returns once in-flight work is gone
  if (std::chrono::steady_clock::now() - drain_started > options.drain_timeout) {
    std::fprintf(stderr, "wisp: drain timeout, %zu connection(s) cut\n", left);
    io.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(50));
  drain_timer.async_wait([this](beast::error_code ec) {
    if (!ec) poll_drain();
  });
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() = default;

Result<void> Server::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return fail(FailKind::Invalid, "invalid listen host '" + impl_->options.host + "'");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail(FailKind::Io, "listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) +
                                  ": " + ec.message());
  return {};
}

uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::run(RequestHandler& handler) {
  impl_->handler = &handler;
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->start_drain();
    });
  }
  impl_->accept();
  if (impl_->options.rescue_after.count() > 0)
    impl_->rescue.emplace(impl_->io, impl_->options.rescue_after, impl_->rescues);
  if (impl_->rescue) impl_->rescue->add_runner();
  impl_->io.run();
  if (impl_->rescue) impl_->rescue->remove_runner();
  impl_->rescue.reset();  // joins the extra loop threads, which leave with the loop
}

uint64_t Server::loop_rescues() const { return impl_->rescues.load(); }

void Server::request_drain() {
  asio::post(impl_->io, [this] { impl_->start_drain(); });
}

}  // namespace wisp::faas
