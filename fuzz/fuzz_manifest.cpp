// Fuzz target: the wisp.toml parser (lib/manifest) on arbitrary text.
//
// Checked, for every manifest that parses: each function's deploy query
// (what `wisp up` sends), read back by the admin API's own parser
// (config_from_query), gives exactly the configuration and aliases the
// manifest declared, so the file and the server never disagree. Errors must
// carry a message.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "faas/admin/admin_api.h"
#include "faas/core/http_message.h"
#include "manifest/manifest.h"

namespace {

[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = wisp::manifest::parse_manifest(text, "fuzz/wisp.toml");
  if (!manifest) {
    if (manifest.error().message.empty()) broken("error without a message");
    (void)manifest.error().to_string();
    return 0;
  }
  for (const auto& f : manifest->functions) {
    std::string query = wisp::manifest::deploy_query(f);
    std::string_view q = query;
    if (!q.empty() && q.front() == '?') q.remove_prefix(1);
    std::vector<std::string> aliases;
    auto config = wisp::faas::config_from_query(wisp::faas::parse_query(q), aliases);
    if (!config) broken("the server refuses the deploy query of " + f.name + ": " + query);
    if (wisp::faas::to_json(*config) != wisp::faas::to_json(f.config))
      broken("config of " + f.name + " changes on the way to the server: " + query);
    if (aliases != f.aliases) broken("aliases of " + f.name + " change on the way to the server: " + query);
  }
  return 0;
}
