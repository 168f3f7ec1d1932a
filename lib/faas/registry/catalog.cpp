#include "faas/registry/catalog.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace wisp::faas {

const VersionInfo* FunctionInfo::find_version(uint32_t v) const {
  auto it = versions.find(v);
  return it == versions.end() ? nullptr : &it->second;
}

const VersionInfo* FunctionInfo::latest() const {
  auto it = aliases.find("latest");
  return it == aliases.end() ? nullptr : find_version(it->second);
}

const VersionInfo* FunctionInfo::resolve(std::string_view key) const {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (ec == std::errc() && end == key.data() + key.size()) return find_version(v);
  auto it = aliases.find(std::string(key));
  return it == aliases.end() ? nullptr : find_version(it->second);
}

const FunctionInfo* Catalog::find(std::string_view name) const {
  auto it = functions.find(name);
  return it == functions.end() ? nullptr : &it->second;
}

nlohmann::json to_json(const VersionInfo& v) {
  return {{"version", v.version},
          {"sha256", v.sha256},
          {"created_at", v.created_at},
          {"config", to_json(v.config)}};
}

nlohmann::json to_json(const FunctionInfo& f) {
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& [n, v] : f.versions) versions.push_back(to_json(v));
  nlohmann::json aliases = nlohmann::json::object();
  for (const auto& [a, n] : f.aliases) aliases[a] = n;
  const VersionInfo* latest = f.latest();
  return {{"name", f.name},
          {"created_at", f.created_at},
          {"route", latest ? latest->config.route : ""},
          {"abi", latest ? std::string(abi_name(latest->config.abi)) : ""},
          {"aliases", aliases},
          {"versions", versions}};
}

}  // namespace wisp::faas
