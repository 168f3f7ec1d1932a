// `wisp logs NAME [-f]`: a function's log (its stderr, one line per write,
// prefixed with time, version and request id). -f keeps polling for more.
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "admin_cli.h"
#include "commands.h"
#include "faas/core/http_message.h"

namespace wisp::cli {
namespace {

int run_logs(const AdminOptions& admin, const std::string& name, bool follow) {
  uint64_t offset = 0;
  for (;;) {
    auto response = admin_call(
        admin, "GET",
        "/_wisp/functions/" + faas::percent_encode(name) + "/logs?offset=" + std::to_string(offset));
    if (!response) return 1;
    std::cout << response->body << std::flush;
    for (const auto& [k, v] : response->headers)
      if (faas::iequals(k, "X-Wisp-Log-Offset")) offset = std::strtoull(v.c_str(), nullptr, 10);
    if (!follow) return 0;
    // Poll fast while the log grows, slowly when idle.
    if (response->body.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

}  // namespace

void register_logs(CLI::App& app, int& exit_code) {
  auto admin = std::make_shared<AdminOptions>();
  auto name = std::make_shared<std::string>();
  auto follow = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("logs", "print a function's log (guest stderr)");
  cmd->add_option("name", *name, "function name")->required();
  cmd->add_flag("-f,--follow", *follow, "keep printing new lines");
  add_admin_options(*cmd, *admin);
  cmd->callback([admin, name, follow, &exit_code] { exit_code = run_logs(*admin, *name, *follow); });
}

}  // namespace wisp::cli
