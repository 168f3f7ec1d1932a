#include "faas/admin/admin_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace wisp::faas {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

Result<ServerAddress> parse_server_url(const std::string& url) {
  std::string rest = url;
  if (rest.starts_with("http://"))
    rest = rest.substr(7);
  else if (rest.find("://") != std::string::npos)
    return fail(FailKind::Invalid, "only http:// servers are supported: " + url);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  ServerAddress a;
  std::string port = "80";
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) return fail(FailKind::Invalid, "malformed server address " + url);
    a.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    a.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  } else {
    a.host = rest;
  }
  if (a.host.empty()) return fail(FailKind::Invalid, "malformed server address " + url);
  char* end = nullptr;
  unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p == 0 || p > 65535)
    return fail(FailKind::Invalid, "invalid port in " + url);
  a.port = static_cast<uint16_t>(p);
  return a;
}

Result<HttpResponse> AdminClient::request(const std::string& method, const std::string& target,
                                          std::string body, const std::string& content_type) const {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(address_.host, std::to_string(address_.port), ec);
  if (ec) return fail(FailKind::Io, "resolve " + address_.host + ": " + ec.message());
  stream.expires_after(std::chrono::seconds(120));
  stream.connect(endpoints, ec);
  if (ec)
    return fail(FailKind::Io, "cannot reach wisp server at " + address_.host + ":" +
                                  std::to_string(address_.port) + ": " + ec.message() +
                                  " (is `wisp serve` running? see --server / WISP_SERVER)");

  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, address_.host + ":" + std::to_string(address_.port));
  req.set(http::field::user_agent, "wisp-cli");
  if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = std::move(body);
  req.keep_alive(false);
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return fail(FailKind::Io, "send request: " + ec.message());

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256ull << 20);
  http::read(stream, buffer, parser, ec);
  if (ec) return fail(FailKind::Io, "read response: " + ec.message());
  auto& res = parser.get();
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res)
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(res.body());
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

std::string error_text(const HttpResponse& response) {
  auto j = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) return j["error"].get<std::string>();
  std::string body = response.body;
  while (!body.empty() && body.back() == '\n') body.pop_back();
  return body.empty() ? "http status " + std::to_string(response.status) : body;
}

}  // namespace wisp::faas
