// The stdio ABI's two pure halves (see docs/abi.md): the CGI environment a
// request becomes, and the HTTP response a guest's stdout becomes.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "faas/core/function_config.h"
#include "faas/core/http_message.h"
#include "faas/core/router.h"

namespace wisp::faas {

// "NAME=value" strings, as WASI's environ hands them to the guest.
using EnvStrings = std::vector<std::string>;

// The function's configured variables first, then the request metadata, then
// one HTTP_* per request header. A configured variable that a request also
// sets is left out: request metadata wins, so a guest can trust it.
EnvStrings cgi_environment(const HttpRequest& request, const RouteMatch& match, const FunctionConfig& config);

// "Content-Type" -> "HTTP_CONTENT_TYPE"
std::string cgi_header_variable(std::string_view header_name);

struct CgiParse {
  HttpResponse response;
  // Set when a header block was present but malformed; the caller answers 500.
  std::string error;
};

// stdout is either a raw body (200, text/plain) or CGI headers, a blank line,
// then the body. It counts as headers when it begins with a `Name: value` line
// and a blank line ends a block made only of such lines.
CgiParse parse_cgi_output(std::string_view out);

}  // namespace wisp::faas
