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

using EnvList = std::vector<std::pair<std::string, std::string>>;

// The function's configured variables first, then the request metadata
// (request metadata wins on a name clash, so a guest can trust it).
EnvList cgi_environment(const HttpRequest& request, const RouteMatch& match, const FunctionConfig& config);

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
