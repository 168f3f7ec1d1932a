// `wisp versions NAME`: every version of a function, with its aliases and settings.
#include <ctime>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "admin_cli.h"
#include "commands.h"
#include "faas/core/http_message.h"
#include "faas/core/units.h"

namespace wisp::cli {
namespace {

std::string utc(int64_t seconds) {
  std::time_t t = seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

int run_versions(const AdminOptions& admin, const std::string& name, bool json) {
  auto response = admin_call(admin, "GET", "/_wisp/functions/" + faas::percent_encode(name));
  if (!response) return 1;
  if (json) {
    std::cout << response->body;
    return 0;
  }
  auto j = nlohmann::json::parse(response->body, nullptr, false);
  if (!j.is_object() || !j.contains("versions")) {
    std::cerr << "wisp versions: unexpected answer from server\n";
    return 1;
  }
  std::map<int, std::string> aliases_of;
  for (const auto& [alias, v] : j["aliases"].items()) {
    auto& s = aliases_of[v.get<int>()];
    s += (s.empty() ? "" : ",") + alias;
  }
  std::cout << std::left << std::setw(9) << "VERSION" << std::setw(22) << "CREATED" << std::setw(14)
            << "SHA256" << std::setw(7) << "ABI" << std::setw(10) << "MEMORY" << std::setw(9) << "TIMEOUT"
            << "ALIASES\n";
  for (const auto& v : j["versions"]) {
    int n = v.value("version", 0);
    const auto& c = v["config"];
    std::cout << std::left << std::setw(9) << n << std::setw(22) << utc(v.value("created_at", int64_t{0}))
              << std::setw(14) << v.value("sha256", std::string()).substr(0, 12) << std::setw(7)
              << c.value("abi", "") << std::setw(10)
              << faas::format_size(c.value("memory_bytes", uint64_t{0})) << std::setw(9)
              << faas::format_duration(std::chrono::milliseconds(c.value("timeout_ms", int64_t{0})))
              << (aliases_of.contains(n) ? aliases_of[n] : "-") << "\n";
  }
  return 0;
}

}  // namespace

void register_versions(CLI::App& app, int& exit_code) {
  auto admin = std::make_shared<AdminOptions>();
  auto name = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("versions", "list the versions and aliases of a function");
  cmd->add_option("name", *name, "function name")->required();
  cmd->add_flag("--json", *json, "print the server's JSON");
  add_admin_options(*cmd, *admin);
  cmd->callback([admin, name, json, &exit_code] { exit_code = run_versions(*admin, *name, *json); });
}

}  // namespace wisp::cli
