// The CLI's side of the admin API: a small synchronous HTTP/1.1 client.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "faas/core/http_message.h"
#include "faas/core/status.h"

namespace wisp::faas {

struct ServerAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
};

// "http://127.0.0.1:8080", "127.0.0.1:8080", "http://[::1]:9000/".
Result<ServerAddress> parse_server_url(const std::string& url);

class AdminClient {
 public:
  AdminClient(ServerAddress address, std::string token)
      : address_(std::move(address)), token_(std::move(token)) {}

  // One request on a fresh connection. Transport failures are Failure{Io};
  // any HTTP status (even 500) is a successful exchange.
  Result<HttpResponse> request(const std::string& method, const std::string& target, std::string body = {},
                               const std::string& content_type = {}) const;

 private:
  ServerAddress address_;
  std::string token_;
};

// The "error" field of a JSON error body, or the body itself.
std::string error_text(const HttpResponse& response);

}  // namespace wisp::faas
