#include "faas/core/function_config.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "faas/core/cors.h"

namespace wisp::faas {
namespace {

bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

bool valid_env_name(std::string_view k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

bool valid_route(std::string_view r) {
  if (r.empty()) return true;
  if (r[0] != '/' || r.size() < 2 || r.back() == '/') return false;
  if (r.starts_with("/_wisp")) return false;
  for (char c : r)
    if (c <= ' ' || c == '?' || c == '#' || c == '%' || c == 127) return false;
  return r.find("//") == std::string_view::npos;
}

}  // namespace

std::string_view abi_name(Abi abi) { return abi == Abi::Http ? "http" : "stdio"; }

bool valid_function_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || name[0] == '_' || name[0] == '-') return false;
  for (char c : name)
    if (!name_char(c)) return false;
  return true;
}

bool valid_alias_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!name_char(c)) return false;
  return true;
}

nlohmann::json to_json(const FunctionConfig& c) {
  nlohmann::json env = nlohmann::json::array();
  for (const auto& [k, v] : c.env) env.push_back({k, v});
  nlohmann::json j = {{"abi", abi_name(c.abi)},
          {"route", c.route},
          {"env", env},
          {"memory_bytes", c.memory_bytes},
          {"timeout_ms", c.timeout.count()},
          {"max_concurrency", c.max_concurrency},
          {"max_queue", c.max_queue},
          {"max_body_bytes", c.max_body_bytes},
          {"max_output_bytes", c.max_output_bytes}};
  // Only when set, so configs of functions without CORS stay as they were.
  if (!c.cors_origins.empty()) j["cors_origins"] = c.cors_origins;
  return j;
}

Result<FunctionConfig> config_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(FailKind::Invalid, "config must be a json object");
  FunctionConfig c;
  try {
    std::string abi = j.value("abi", "stdio");
    if (abi == "http")
      c.abi = Abi::Http;
    else if (abi != "stdio")
      return fail(FailKind::Invalid, "unknown abi '" + abi + "' (stdio or http)");
    c.route = j.value("route", "");
    if (j.contains("env"))
      for (const auto& pair : j.at("env"))
        c.env.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
    c.memory_bytes = j.value("memory_bytes", c.memory_bytes);
    c.timeout = std::chrono::milliseconds(j.value("timeout_ms", c.timeout.count()));
    c.max_concurrency = j.value("max_concurrency", c.max_concurrency);
    c.max_queue = j.value("max_queue", c.max_queue);
    c.max_body_bytes = j.value("max_body_bytes", c.max_body_bytes);
    c.max_output_bytes = j.value("max_output_bytes", c.max_output_bytes);
    // Absent in configs stored before CORS existed: no CORS.
    if (j.contains("cors_origins")) c.cors_origins = j.at("cors_origins").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    // nlohmann reports type errors by exception; turn them into a value here, at the boundary.
    return fail(FailKind::Invalid, std::string("malformed config: ") + e.what());
  }
  WISP_TRY(check_config(c));
  return c;
}

Result<void> check_config(const FunctionConfig& c) {
  if (!valid_route(c.route))
    return fail(FailKind::Invalid,
                "invalid route '" + c.route + "': must start with '/', not end with '/', not use /_wisp");
  for (const auto& [k, v] : c.env) {
    if (!valid_env_name(k)) return fail(FailKind::Invalid, "invalid environment variable name '" + k + "'");
    if (v.find('\0') != std::string::npos)
      return fail(FailKind::Invalid, "environment value of " + k + " contains NUL");
  }
  if (c.memory_bytes < 65536) return fail(FailKind::Invalid, "memory limit must be at least 64KiB");
  if (c.timeout.count() <= 0) return fail(FailKind::Invalid, "timeout must be positive");
  if (c.max_concurrency == 0 || c.max_concurrency > 10'000)
    return fail(FailKind::Invalid, "max concurrency must be 1..10000");
  if (c.max_queue > 100'000) return fail(FailKind::Invalid, "max queue must be at most 100000");
  if (c.max_output_bytes == 0) return fail(FailKind::Invalid, "output limit must be positive");
  if (c.cors_origins.size() > kMaxCorsOrigins)
    return fail(FailKind::Invalid, "at most " + std::to_string(kMaxCorsOrigins) + " cors origins");
  for (const auto& origin : c.cors_origins)
    if (!valid_cors_origin(origin))
      return fail(FailKind::Invalid,
                  "invalid cors origin '" + origin + "': use * or scheme://host[:port] (http or https)");
  return {};
}

int http_status_of(FailKind kind) {
  switch (kind) {
    case FailKind::Invalid: return 400;
    case FailKind::NotFound: return 404;
    case FailKind::Conflict: return 409;
    case FailKind::Io:
    case FailKind::Internal: return 500;
  }
  return 500;
}

}  // namespace wisp::faas
