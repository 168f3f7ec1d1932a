// The platform's own request and response values. The gateway converts from
// and to Boost.Beast at its edge, so routing, ABIs and admin code stay free of
// networking types and are easy to unit-test.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wisp::faas {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string target;  // path and query as sent ("/hello/2/x?y=1")
  HeaderList headers;  // names as sent; look up case-insensitively
  std::string body;
  std::string remote_addr;
  uint16_t remote_port = 0;
  bool remote_is_loopback = false;
  std::string server_name;  // from Host, without port
  uint16_t server_port = 0;
  std::string request_id;

  std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;

  void set_header(std::string name, std::string value);
};

bool iequals(std::string_view a, std::string_view b);

// {"error": message, "kind": kind, "request_id": id} with the given status.
HttpResponse json_error(int status, std::string_view kind, std::string_view message,
                        std::string_view request_id);
HttpResponse json_response(int status, const std::string& json_text);

// Percent-decoding for query parameters ('+' means space); nothing on malformed input.
std::optional<std::string> percent_decode(std::string_view s);
std::string percent_encode(std::string_view s);
// key=value pairs of a query string, decoded, in order (keys may repeat).
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace wisp::faas
