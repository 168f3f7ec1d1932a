#include "faas/admin/admin_api.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "faas/core/router.h"
#include "faas/core/units.h"

namespace wisp::faas {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  while (!path.empty()) {
    if (path[0] == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    parts.emplace_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return parts;
}

std::optional<uint64_t> parse_uint(std::string_view s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

HttpResponse failure_response(const Failure& f, const std::string& request_id) {
  const char* kind = f.kind == FailKind::Invalid    ? "invalid"
                     : f.kind == FailKind::NotFound ? "not_found"
                     : f.kind == FailKind::Conflict ? "conflict"
                                                    : "internal";
  return json_error(http_status_of(f.kind), kind, f.message, request_id);
}

std::string dump(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<FunctionConfig> config_from_query(const std::vector<std::pair<std::string, std::string>>& params,
                                         std::vector<std::string>& aliases) {
  FunctionConfig c;
  for (const auto& [key, value] : params) {
    auto bad = [&](const char* what) {
      return fail(FailKind::Invalid, "invalid " + std::string(what) + " '" + value + "'");
    };
    if (key == "abi") {
      if (value == "stdio")
        c.abi = Abi::Stdio;
      else if (value == "http")
        c.abi = Abi::Http;
      else
        return bad("abi (stdio or http)");
    } else if (key == "route") {
      c.route = value;
    } else if (key == "env") {
      auto eq = value.find('=');
      if (eq == std::string::npos || eq == 0) return bad("env (K=V)");
      c.env.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (key == "memory") {
      auto v = parse_size(value);
      if (!v) return bad("memory size");
      c.memory_bytes = *v;
    } else if (key == "timeout") {
      auto v = parse_duration(value);
      if (!v) return bad("timeout");
      c.timeout = *v;
    } else if (key == "max_concurrency" || key == "max_queue") {
      auto v = parse_uint(value);
      if (!v || *v > UINT32_MAX) return bad(key.c_str());
      (key == "max_concurrency" ? c.max_concurrency : c.max_queue) = static_cast<uint32_t>(*v);
    } else if (key == "max_body" || key == "max_output") {
      auto v = parse_size(value);
      if (!v) return bad(key.c_str());
      (key == "max_body" ? c.max_body_bytes : c.max_output_bytes) = *v;
    } else if (key == "cors") {
      c.cors_origins.push_back(value);
    } else if (key == "alias") {
      aliases.push_back(value);
    } else {
      return fail(FailKind::Invalid, "unknown deploy parameter '" + key + "'");
    }
  }
  WISP_TRY(check_config(c));
  return c;
}

bool AdminApi::is_read_only(const HttpRequest& request) {
  return request.method == "GET" || request.method == "HEAD";
}

HttpResponse AdminApi::handle(const HttpRequest& req) {
  auto [path, query] = split_target(req.target);
  auto parts = split_path(path);  // parts[0] == "_wisp"
  const std::string& id = req.request_id;
  bool get = req.method == "GET" || req.method == "HEAD";
  auto method_not_allowed = [&] {
    return json_error(405, "method_not_allowed", "method not allowed here", id);
  };

  if (parts.size() == 2 && parts[1] == "health") {
    if (!get) return method_not_allowed();
    return json_response(200, dump({{"status", "ok"}, {"functions", registry_.catalog()->functions.size()}}));
  }
  if (parts.size() == 2 && parts[1] == "metrics") {
    if (!get) return method_not_allowed();
    HttpResponse r;
    r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4");
    r.body = metrics_.render_prometheus();
    return r;
  }
  if (parts.size() < 2 || parts[1] != "functions")
    return json_error(404, "not_found", "no admin route " + std::string(path), id);
  if (parts.size() == 2) return get ? list_functions() : method_not_allowed();

  const std::string& name = parts[2];
  if (parts.size() == 3) {
    if (get) return describe(name, id);
    if (req.method == "DELETE") return remove(name, std::nullopt, id);
    return method_not_allowed();
  }
  if (parts[3] == "versions" && parts.size() == 4) {
    if (req.method == "POST") return deploy(name, req, query);
    return get ? describe(name, id) : method_not_allowed();
  }
  if (parts[3] == "versions" && parts.size() == 5) {
    if (req.method == "DELETE") return remove(name, parts[4], id);
    return method_not_allowed();
  }
  if (parts[3] == "aliases" && parts.size() == 5) {
    if (req.method == "PUT" || req.method == "POST") return set_alias(name, parts[4], req);
    return method_not_allowed();
  }
  if (parts[3] == "logs" && parts.size() == 4) return get ? read_logs(name, query, id) : method_not_allowed();
  return json_error(404, "not_found", "no admin route " + std::string(path), id);
}

HttpResponse AdminApi::list_functions() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [name, f] : registry_.catalog()->functions) {
    const VersionInfo* latest = f.latest();
    nlohmann::json aliases = nlohmann::json::object();
    for (const auto& [a, v] : f.aliases) aliases[a] = v;
    list.push_back({{"name", name},
                    {"latest", latest ? latest->version : 0},
                    {"versions", f.versions.size()},
                    {"aliases", aliases},
                    {"abi", latest ? std::string(abi_name(latest->config.abi)) : ""},
                    {"route", latest ? latest->config.route : ""}});
  }
  return json_response(200, dump({{"functions", list}}));
}

HttpResponse AdminApi::describe(const std::string& name, const std::string& id) const {
  auto catalog = registry_.catalog();
  const FunctionInfo* f = catalog->find(name);
  if (!f) return json_error(404, "not_found", "unknown function '" + name + "'", id);
  return json_response(200, dump(to_json(*f)));
}

HttpResponse AdminApi::deploy(const std::string& name, const HttpRequest& req, std::string_view query) {
  if (!valid_function_name(name))
    return json_error(
        400, "invalid",
        "invalid function name '" + name + "': use 1-63 of a-z 0-9 - _, not starting with - or _",
        req.request_id);
  DeployRequest deploy;
  deploy.name = name;
  auto config = config_from_query(parse_query(query), deploy.aliases);
  if (!config) return failure_response(config.error(), req.request_id);
  deploy.config = std::move(*config);
  deploy.module.assign(req.body.begin(), req.body.end());
  Deployed deployed;
  if (check_) {
    auto checked = check_(deploy.module, deploy.config.abi);
    if (!checked) return failure_response(checked.error(), req.request_id);
    deployed = std::move(*checked);
  }
  auto version = registry_.deploy(deploy);
  if (!version) return failure_response(version.error(), req.request_id);
  if (deployed) deployed(*version);
  changed();
  nlohmann::json aliases = deploy.aliases;
  aliases.push_back("latest");
  return json_response(201, dump({{"function", name},
                                  {"version", version->version},
                                  {"sha256", version->sha256},
                                  {"aliases", aliases},
                                  {"config", to_json(version->config)}}));
}

HttpResponse AdminApi::set_alias(const std::string& name, const std::string& alias, const HttpRequest& req) {
  auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("version") || !body["version"].is_number_unsigned())
    return json_error(400, "invalid", "body must be {\"version\": N}", req.request_id);
  auto version = body["version"].get<uint64_t>();
  if (version > UINT32_MAX) return json_error(400, "invalid", "version out of range", req.request_id);
  auto done = registry_.set_alias(name, alias, static_cast<uint32_t>(version));
  if (!done) return failure_response(done.error(), req.request_id);
  changed();
  return json_response(200, dump({{"function", name}, {"alias", alias}, {"version", version}}));
}

HttpResponse AdminApi::remove(const std::string& name, std::optional<std::string> version,
                              const std::string& id) {
  Result<void> done;
  if (version) {
    auto v = parse_uint(*version);
    if (!v || *v > UINT32_MAX) return json_error(400, "invalid", "invalid version '" + *version + "'", id);
    done = registry_.remove_version(name, static_cast<uint32_t>(*v));
  } else {
    done = registry_.remove_function(name);
  }
  if (!done) return failure_response(done.error(), id);
  if (!registry_.catalog()->find(name)) logs_.remove(name);
  changed();
  nlohmann::json j = {{"deleted", name}};
  if (version) j["version"] = *version;
  return json_response(200, dump(j));
}

HttpResponse AdminApi::read_logs(const std::string& name, std::string_view query,
                                 const std::string& id) const {
  if (!registry_.catalog()->find(name))
    return json_error(404, "not_found", "unknown function '" + name + "'", id);
  uint64_t offset = 0;
  for (const auto& [k, v] : parse_query(query))
    if (k == "offset") offset = parse_uint(v).value_or(0);
  auto chunk = logs_.read(name, offset);
  HttpResponse r;
  r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  r.headers.emplace_back("X-Wisp-Log-Offset", std::to_string(chunk.next_offset));
  r.body = std::move(chunk.text);
  return r;
}

void AdminApi::changed() {
  if (on_change_) on_change_(*registry_.catalog());
}

}  // namespace wisp::faas
