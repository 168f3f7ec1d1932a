#include "faas/core/cors.h"

#include <algorithm>
#include <cctype>

namespace wisp::faas {
namespace {

constexpr std::string_view kAllowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '[' || c == ']' ||
         c == ':';
}

bool wildcard(const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
}

// Vary lists header names; append Origin unless the guest already listed it.
void add_vary_origin(HttpResponse& response) {
  for (auto& [name, value] : response.headers) {
    if (!iequals(name, "Vary")) continue;
    if (value.find("Origin") == std::string::npos && value.find("origin") == std::string::npos &&
        value != "*")
      value += value.empty() ? "Origin" : ", Origin";
    return;
  }
  response.headers.emplace_back("Vary", "Origin");
}

}  // namespace

bool valid_cors_origin(std::string_view origin) {
  if (origin == "*") return true;
  std::string_view host;
  if (origin.starts_with("http://"))
    host = origin.substr(7);
  else if (origin.starts_with("https://"))
    host = origin.substr(8);
  else
    return false;
  if (host.empty() || host.size() > 255 || host[0] == ':' || host.back() == ':') return false;
  return std::all_of(host.begin(), host.end(), host_char);
}

std::optional<std::string> cors_allow_origin(const std::vector<std::string>& allowed,
                                             std::optional<std::string_view> origin) {
  if (!origin || origin->empty()) return std::nullopt;
  if (wildcard(allowed)) return std::string("*");
  // Browsers send origins lower-case, but a configured "https://App.example" should still match.
  for (const auto& a : allowed)
    if (iequals(a, *origin)) return std::string(*origin);
  return std::nullopt;
}

bool is_cors_preflight(const HttpRequest& request) {
  return request.method == "OPTIONS" && request.header("Origin").has_value() &&
         request.header("Access-Control-Request-Method").has_value();
}

HttpResponse cors_preflight_response(const std::vector<std::string>& allowed, const HttpRequest& request) {
  auto allow_origin = cors_allow_origin(allowed, request.header("Origin"));
  if (!allow_origin) {
    auto r = json_error(403, "cors_denied", "origin not allowed for this function", request.request_id);
    if (!wildcard(allowed)) add_vary_origin(r);
    return r;
  }
  HttpResponse r;
  r.status = 204;
  r.set_header("Access-Control-Allow-Origin", *allow_origin);
  r.set_header("Access-Control-Allow-Methods", std::string(kAllowedMethods));
  if (auto requested = request.header("Access-Control-Request-Headers"); requested && !requested->empty())
    r.set_header("Access-Control-Allow-Headers", std::string(*requested));
  r.set_header("Access-Control-Max-Age", std::to_string(kCorsMaxAgeSeconds));
  add_vary_origin(r);
  return r;
}

void add_cors_headers(const std::vector<std::string>& allowed, std::optional<std::string_view> origin,
                      HttpResponse& response) {
  auto allow_origin = cors_allow_origin(allowed, origin);
  if (allow_origin) response.set_header("Access-Control-Allow-Origin", *allow_origin);
  // With specific origins the response differs per Origin, so caches must key on it.
  if (allow_origin || (!wildcard(allowed) && origin)) add_vary_origin(response);
}

}  // namespace wisp::faas
