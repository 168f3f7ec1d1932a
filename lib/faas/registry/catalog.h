// An immutable picture of every function, version and alias. The registry
// publishes a new one after each write; readers (the router) hold a
// shared_ptr and never lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "faas/core/function_config.h"

namespace wisp::faas {

struct VersionInfo {
  uint32_t version = 0;
  std::string sha256;
  FunctionConfig config;
  int64_t created_at = 0;  // unix seconds
};

struct FunctionInfo {
  std::string name;
  int64_t created_at = 0;
  std::map<uint32_t, VersionInfo> versions;
  std::map<std::string, uint32_t> aliases;

  // The version `latest` names; functions always have one while they have versions.
  const VersionInfo* latest() const;
  const VersionInfo* find_version(uint32_t v) const;
  // "3" (a version number) or an alias name.
  const VersionInfo* resolve(std::string_view version_or_alias) const;
};

struct Catalog {
  std::map<std::string, FunctionInfo, std::less<>> functions;

  const FunctionInfo* find(std::string_view name) const;
};

nlohmann::json to_json(const VersionInfo& v);
nlohmann::json to_json(const FunctionInfo& f);

}  // namespace wisp::faas
