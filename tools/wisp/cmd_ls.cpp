// `wisp ls`: the functions a server holds, one per line.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "admin_cli.h"
#include "commands.h"

namespace wisp::cli {
namespace {

int run_ls(const AdminOptions& admin, bool json) {
  auto response = admin_call(admin, "GET", "/_wisp/functions");
  if (!response) return 1;
  if (json) {
    std::cout << response->body;
    return 0;
  }
  auto j = nlohmann::json::parse(response->body, nullptr, false);
  if (!j.is_object() || !j.contains("functions")) {
    std::cerr << "wisp ls: unexpected answer from server\n";
    return 1;
  }
  std::cout << std::left << std::setw(24) << "NAME" << std::setw(8) << "LATEST" << std::setw(10) << "VERSIONS"
            << std::setw(7) << "ABI" << std::setw(20) << "ROUTE"
            << "ALIASES\n";
  for (const auto& f : j["functions"]) {
    std::string aliases;
    for (const auto& [alias, v] : f["aliases"].items())
      if (alias != "latest")
        aliases += (aliases.empty() ? "" : ",") + alias + "=" + std::to_string(v.get<int>());
    std::string route = f.value("route", "");
    std::cout << std::left << std::setw(24) << f.value("name", "") << std::setw(8) << f.value("latest", 0)
              << std::setw(10) << f.value("versions", 0) << std::setw(7) << f.value("abi", "")
              << std::setw(20) << (route.empty() ? "-" : route) << (aliases.empty() ? "-" : aliases) << "\n";
  }
  return 0;
}

}  // namespace

void register_ls(CLI::App& app, int& exit_code) {
  auto admin = std::make_shared<AdminOptions>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("ls", "list deployed functions");
  cmd->add_flag("--json", *json, "print the server's JSON");
  add_admin_options(*cmd, *admin);
  cmd->callback([admin, json, &exit_code] { exit_code = run_ls(*admin, *json); });
}

}  // namespace wisp::cli
