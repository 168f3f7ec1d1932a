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

}  // namespace

std::string cgi_header_variable(std::string_view header_name) {
  std::string v = "HTTP_";
  for (char c : header_name)
    v.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return v;
}

EnvList cgi_environment(const HttpRequest& req, const RouteMatch& match, const FunctionConfig& config) {
  EnvList env = config.env;
  auto set = [&env](std::string key, std::string value) {
    for (auto& [k, v] : env)
      if (k == key) {
        v = std::move(value);
        return;
      }
    env.emplace_back(std::move(key), std::move(value));
  };
  auto [path, query] = split_target(req.target);
  std::string host = req.server_name.empty() ? "localhost" : req.server_name;
  set("GATEWAY_INTERFACE", "CGI/1.1");
  set("SERVER_SOFTWARE", "wisp");
  set("SERVER_PROTOCOL", "HTTP/1.1");
  set("REQUEST_METHOD", req.method);
  set("REQUEST_URI", req.target);
  set("SCRIPT_NAME", match.matched_route);
  set("PATH_INFO", match.path_info);
  set("X_RAW_PATH_INFO", match.path_info);
  set("X_MATCHED_ROUTE", match.matched_route);
  set("QUERY_STRING", std::string(query));
  set("CONTENT_TYPE", std::string(req.header("Content-Type").value_or("")));
  set("CONTENT_LENGTH", std::to_string(req.body.size()));
  set("SERVER_NAME", host);
  set("SERVER_PORT", std::to_string(req.server_port));
  set("REMOTE_ADDR", req.remote_addr);
  set("REMOTE_HOST", req.remote_addr);
  set("X_FULL_URL", "http://" + host + ":" + std::to_string(req.server_port) + req.target);
  set("X_REQUEST_ID", req.request_id);
  set("X_WISP_FUNCTION", match.function);
  set("X_WISP_VERSION", match.version ? std::to_string(match.version->version) : "");
  for (const auto& [name, value] : req.headers) {
    // CGI passes these two as CONTENT_*; Authorization is passed like any other header.
    if (iequals(name, "Content-Type") || iequals(name, "Content-Length")) continue;
    std::string var = cgi_header_variable(name);
    bool merged = false;
    for (auto& [k, v] : env)
      if (k == var && var.starts_with("HTTP_")) {
        v += ", " + value;
        merged = true;
      }
    if (!merged) env.emplace_back(std::move(var), value);
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
