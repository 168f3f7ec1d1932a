// One client connection: read a head, admit it, maybe send 100 Continue, read
// the body, hand the request to the platform, write the response, repeat
// while keep-alive holds.
#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <limits>

#include "faas/gateway/beast_fwd.h"

namespace wisp::faas {
namespace {

HttpResponse plain_error(int status, std::string_view kind, std::string_view message, std::string_view id) {
  return json_error(status, kind, message, id);
}

bool expects_continue(const http::request<http::string_body>& req) {
  auto it = req.find(http::field::expect);
  return it != req.end() && iequals(it->value(), "100-continue");
}

}  // namespace

Session::Session(tcp::socket socket, Server::Impl& server) : server_(server), stream_(std::move(socket)) {
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    remote_addr_ = remote.address().to_string();
    remote_port_ = remote.port();
    local_port_ = stream_.socket().local_endpoint(ec).port();
    loopback_ = remote.address().is_loopback() ||
                (remote.address().is_v6() && remote.address().to_v6().is_v4_mapped() &&
                 asio::ip::make_address_v4(asio::ip::v4_mapped, remote.address().to_v6()).is_loopback());
  }
}

Session::~Session() {
  std::lock_guard lock(server_.sessions_mutex);
  server_.sessions.erase(this);
}

void Session::start() {
  {
    std::lock_guard lock(server_.sessions_mutex);
    server_.sessions[this] = weak_from_this();
  }
  read_head();
}

void Session::close_if_idle() {
  if (!busy_) close();
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

void Session::read_head() {
  if (closed_) return;
  if (server_.draining) return close();
  parser_.emplace();
  parser_->header_limit(server_.options.max_header_bytes);
  // Beast checks Content-Length against its body limit (1 MiB by default) as
  // soon as the head is parsed; the real limit is only known once the request
  // is routed (on_head), so no limit until then. (Not boost::none: Beast 1.74
  // compares the length against the optional and then refuses every body.)
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  stream_.expires_after(server_.options.idle_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) { self->on_head(ec); });
}

void Session::on_head(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
      ec == beast::error::timeout || ec == asio::error::connection_reset || closed_)
    return close();
  busy_ = true;
  started_ = std::chrono::steady_clock::now();
  request_ = HttpRequest{};
  request_.request_id = server_.next_request_id();
  if (ec == http::error::header_limit)
    return send(plain_error(431, "header_too_large", "request header too large", request_.request_id), true);
  if (ec)
    return send(plain_error(400, "bad_request", "malformed request: " + ec.message(), request_.request_id),
                true);

  const auto& head = parser_->get();
  request_.method = std::string(head.method_string());
  request_.target = std::string(head.target());
  for (const auto& field : head)
    request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  request_.remote_addr = remote_addr_;
  request_.remote_port = remote_port_;
  request_.remote_is_loopback = loopback_;
  std::string host(head[http::field::host]);
  if (auto colon = host.rfind(':'); colon != std::string::npos && host.find(']', colon) == std::string::npos)
    host.resize(colon);
  request_.server_name = host;
  request_.server_port = local_port_;
  if (head.version() != 11 && head.version() != 10)
    return send(plain_error(505, "bad_request", "http version not supported", request_.request_id), true);

  auto admitted = server_.handler->admit(request_);
  bool has_body = parser_->chunked() || (parser_->content_length() && *parser_->content_length() > 0);
  if (auto* early = std::get_if<HttpResponse>(&admitted)) return send(std::move(*early), has_body);
  uint64_t limit = std::get<uint64_t>(admitted);
  if (parser_->content_length() && *parser_->content_length() > limit)
    return send(plain_error(413, "body_too_large", "request body exceeds " + std::to_string(limit) + " bytes",
                            request_.request_id),
                true);
  parser_->body_limit(limit);
  if (!has_body) return dispatch();

  if (expects_continue(head)) {
    // The client waits for this before sending the body it announced.
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    stream_.expires_after(server_.options.read_timeout);
    return http::async_write(stream_, *interim,
                             [self = shared_from_this(), interim](beast::error_code ec, size_t) {
                               if (ec) return self->close();
                               self->read_body();
                             });
  }
  read_body();
}

void Session::read_body() {
  stream_.expires_after(server_.options.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

void Session::on_body(beast::error_code ec) {
  if (ec == http::error::body_limit)
    return send(plain_error(413, "body_too_large", "request body too large", request_.request_id), true);
  if (ec == beast::error::timeout)
    return send(plain_error(408, "timeout", "request body not received in time", request_.request_id), true);
  if (ec) return close();
  dispatch();
}

void Session::dispatch() {
  request_.body = std::move(parser_->get().body());
  stream_.expires_never();
  // Keeps io.run() alive while a worker holds the request, so a drain waits for it.
  auto guard = asio::make_work_guard(server_.io);
  auto executor = stream_.get_executor();
  Reply reply = [self = shared_from_this(), guard, executor](HttpResponse response) {
    asio::post(executor,
               [self, response = std::move(response)]() mutable { self->send(std::move(response), false); });
  };
  // The handler gets the request; the session keeps what the response and the
  // access log still need.
  HttpRequest request = std::move(request_);
  request_.method = request.method;
  request_.target = request.target;
  request_.request_id = request.request_id;
  // The handler may run a short guest right here (Dispatcher): should it run
  // long after all, the rescue keeps the loop serving other connections.
  if (server_.rescue) server_.rescue->enter();
  server_.handler->handle(std::move(request), std::move(reply));
  if (server_.rescue) server_.rescue->leave();
}

void Session::send(HttpResponse r, bool close_after) {
  if (closed_) return;
  bool keep_alive = !close_after && !server_.draining && parser_ && parser_->is_header_done() &&
                    parser_->get().keep_alive();
  auto res = std::make_shared<http::response<http::string_body>>();
  res->result(static_cast<unsigned>(r.status));
  res->version(parser_ && parser_->is_header_done() ? parser_->get().version() : 11);
  for (auto& [k, v] : r.headers) res->insert(k, v);
  if (res->find("X-Request-Id") == res->end()) res->set("X-Request-Id", request_.request_id);
  res->set(http::field::server, "wisp");
  bool head_request = request_.method == "HEAD";
  size_t body_size = r.body.size();
  res->body() = std::move(r.body);
  res->keep_alive(keep_alive);
  res->prepare_payload();
  if (head_request) res->body().clear();  // Content-Length still tells the size

  if (server_.options.access_log) log_access(r.status, body_size);

  response_ = res;
  stream_.expires_after(server_.options.read_timeout);
  if (head_request) {
    auto sr = std::make_shared<http::response_serializer<http::string_body>>(*res);
    sr->split(true);
    return http::async_write_header(
        stream_, *sr, [self = shared_from_this(), sr, keep_alive](beast::error_code ec, size_t) {
          self->on_written(!keep_alive, ec);
        });
  }
  http::async_write(stream_, *res, [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
    self->on_written(!keep_alive, ec);
  });
}

void Session::log_access(int status, size_t body_bytes) {
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
  char numbers[80];
  int n = std::snprintf(numbers, sizeof numbers, "\" %d %zu %.2fms ", status, body_bytes, ms);
  n = std::clamp(n, 0, static_cast<int>(sizeof numbers) - 1);
  std::string line;
  line.reserve(remote_addr_.size() + request_.method.size() + request_.target.size() +
               request_.request_id.size() + static_cast<size_t>(n) + 4);
  line += remote_addr_;
  line += " \"";
  line += request_.method;
  line += ' ';
  line += request_.target;
  line.append(numbers, static_cast<size_t>(n));
  line += request_.request_id;
  server_.options.access_log(line);
}

void Session::on_written(bool close_after, beast::error_code ec) {
  busy_ = false;
  response_.reset();
  if (ec || close_after) return close();
  read_head();
}

}  // namespace wisp::faas
