#include "faas/core/cgi.h"

#include <cctype>
#include <charconv>

namespace wisp::faas {
namespace {

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Splits "Name: value"; false when the line is not a header.
bool split_header_line(std::string_view line, std::string_view& name, std::string_view& value) {
  auto colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  name = line.substr(0, colon);
  for (char c : name)
    if (!token_char(c)) return false;
  value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return true;
}

// Headers a guest may not set: the server owns framing and connection management.
bool hop_by_hop(std::string_view name) {
  for (std::string_view h :
       {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te"})
    if (iequals(name, h)) return true;
  return false;
}

// The variables every request sets (docs/abi.md), in the order they are added.
constexpr std::string_view kRequestVariables[] = {
    "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "SERVER_PROTOCOL", "REQUEST_METHOD",  "REQUEST_URI",
    "SCRIPT_NAME",       "PATH_INFO",       "X_RAW_PATH_INFO", "X_MATCHED_ROUTE", "QUERY_STRING",
    "CONTENT_TYPE",      "CONTENT_LENGTH",  "SERVER_NAME",     "SERVER_PORT",     "REMOTE_ADDR",
    "REMOTE_HOST",       "X_FULL_URL",      "X_REQUEST_ID",    "X_WISP_FUNCTION", "X_WISP_VERSION"};

// CGI passes these two as CONTENT_*; Authorization is passed like any other header.
bool content_header(std::string_view name) {
  return iequals(name, "Content-Type") || iequals(name, "Content-Length");
}

// Whether `variable` is the HTTP_* variable of `header_name`, without building it.
bool is_header_variable(std::string_view variable, std::string_view header_name) {
  if (!variable.starts_with("HTTP_") || variable.size() != 5 + header_name.size()) return false;
  for (size_t i = 0; i < header_name.size(); ++i) {
    char c = header_name[i];
    char expected = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (variable[5 + i] != expected) return false;
  }
  return true;
}

bool set_by_request(std::string_view name, const HttpRequest& req) {
  for (std::string_view v : kRequestVariables)
    if (name == v) return true;
  for (const auto& [header, value] : req.headers)
    if (!content_header(header) && is_header_variable(name, header)) return true;
  return false;
}

}  // namespace

std::string cgi_header_variable(std::string_view header_name) {
  std::string v = "HTTP_";
  for (char c : header_name)
    v.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return v;
}

EnvStrings cgi_environment(const HttpRequest& req, const RouteMatch& match, const FunctionConfig& config) {
  EnvStrings env;
  // One allocation for the list; the strings are built in place (this runs
  // for every request of a stdio function).
  env.reserve(config.env.size() + std::size(kRequestVariables) + req.headers.size());
  auto add = [&env](std::string_view name, std::string_view value) {
    std::string& s = env.emplace_back();
    s.reserve(name.size() + 1 + value.size());
    s.append(name).append(1, '=').append(value);
  };
  for (const auto& [name, value] : config.env)
    if (!set_by_request(name, req)) add(name, value);

  auto [path, query] = split_target(req.target);
  const std::string_view host = req.server_name.empty() ? std::string_view("localhost") : req.server_name;
  const std::string port = std::to_string(req.server_port);
  const std::string length = std::to_string(req.body.size());
  const std::string full_url =
      std::string("http://").append(host).append(1, ':').append(port).append(req.target);
  const std::string version = match.version ? std::to_string(match.version->version) : std::string();
  const std::string_view values[] = {"CGI/1.1",
                                     "wisp",
                                     "HTTP/1.1",
                                     req.method,
                                     req.target,
                                     match.matched_route,
                                     match.path_info,
                                     match.path_info,
                                     match.matched_route,
                                     query,
                                     req.header("Content-Type").value_or(""),
                                     length,
                                     host,
                                     port,
                                     req.remote_addr,
                                     req.remote_addr,
                                     full_url,
                                     req.request_id,
                                     match.function,
                                     version};
  static_assert(std::size(values) == std::size(kRequestVariables));
  for (size_t i = 0; i < std::size(values); ++i) add(kRequestVariables[i], values[i]);

  const size_t first_header = env.size();
  for (const auto& [name, value] : req.headers) {
    if (content_header(name)) continue;
    // A repeated header joins the variable of its first occurrence.
    bool merged = false;
    for (size_t i = first_header; i < env.size() && !merged; ++i) {
      std::string_view var = std::string_view(env[i]).substr(0, env[i].find('='));
      if (is_header_variable(var, name)) {
        env[i].append(", ").append(value);
        merged = true;
      }
    }
    if (!merged) add(cgi_header_variable(name), value);
  }
  return env;
}

CgiParse parse_cgi_output(std::string_view out) {
  CgiParse result;
  HttpResponse& r = result.response;
  // Scan for a header block: every line up to the first blank line must be a header.
  size_t pos = 0;
  HeaderList headers;
  bool is_header_block = false;
  while (pos <= out.size()) {
    size_t eol = out.find('\n', pos);
    if (eol == std::string_view::npos) break;
    std::string_view line = out.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (line.empty()) {
      is_header_block = !headers.empty();
      break;
    }
    std::string_view name, value;
    if (!split_header_line(line, name, value)) break;
    headers.emplace_back(std::string(name), std::string(value));
  }
  if (!is_header_block) {
    r.status = 200;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = std::string(out);
    return result;
  }

  r.body = std::string(out.substr(pos));
  bool has_status = false, has_location = false, has_type = false;
  for (auto& [name, value] : headers) {
    if (iequals(name, "Status")) {
      int code = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), code);
      if (ec != std::errc() || code < 100 || code > 599 ||
          (end != value.data() + value.size() && *end != ' ')) {
        result.error = "malformed Status header '" + value + "'";
        return result;
      }
      r.status = code;
      has_status = true;
      continue;
    }
    if (hop_by_hop(name)) continue;
    if (iequals(name, "Location")) has_location = true;
    if (iequals(name, "Content-Type")) has_type = true;
    r.headers.emplace_back(std::move(name), std::move(value));
  }
  if (!has_status) r.status = has_location ? 302 : 200;
  if (!has_type && !r.body.empty()) r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  return result;
}

}  // namespace wisp::faas
