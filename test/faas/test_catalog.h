// Builds small in-memory catalogs for router and CGI tests.
#pragma once

#include <memory>

#include "faas/registry/catalog.h"

namespace wisp::faas::testing {

inline void add_version(Catalog& c, const std::string& name, uint32_t version, std::string route = {}) {
  FunctionInfo& f = c.functions[name];
  f.name = name;
  VersionInfo v;
  v.version = version;
  v.sha256 = "sha-" + name + "-" + std::to_string(version);
  v.config.route = std::move(route);
  f.versions[version] = v;
  f.aliases["latest"] = version;
}

}  // namespace wisp::faas::testing
