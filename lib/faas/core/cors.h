// Cross-origin resource sharing for functions deployed with `--cors ORIGIN`.
// Pure header logic: the dispatcher answers preflights with cors_preflight()
// and decorates guest responses with add_cors_headers(); functions without
// configured origins never reach this code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "faas/core/http_message.h"

namespace wisp::faas {

// Upper bound on --cors values per function: the list is scanned per request.
inline constexpr size_t kMaxCorsOrigins = 64;
// How long a browser may cache a preflight answer (Access-Control-Max-Age).
inline constexpr int kCorsMaxAgeSeconds = 600;

// "*" or a serialized origin: http(s)://host[:port], no path, no trailing slash.
bool valid_cors_origin(std::string_view origin);

// The Access-Control-Allow-Origin value for a request from `origin`, or
// nothing when the origin is not allowed (or the request carries none).
std::optional<std::string> cors_allow_origin(const std::vector<std::string>& allowed,
                                             std::optional<std::string_view> origin);

// OPTIONS with Origin and Access-Control-Request-Method: a browser preflight.
bool is_cors_preflight(const HttpRequest& request);

// The gateway's answer to a preflight: 204 with the Access-Control-* headers
// when the origin is allowed, otherwise 403 without them.
HttpResponse cors_preflight_response(const std::vector<std::string>& allowed, const HttpRequest& request);

// Adds Access-Control-Allow-Origin to a normal response when the request's
// Origin header (`origin`) is allowed; adds Vary: Origin whenever the answer depends on it.
void add_cors_headers(const std::vector<std::string>& allowed, std::optional<std::string_view> origin,
                      HttpResponse& response);

}  // namespace wisp::faas
