// `wisp serve`: the serverless platform (docs/operations.md).
//   wisp serve [--listen 127.0.0.1:8080] [--data DIR] [--admin-token T] [--workers N] ...
// Exit status: 0 after a clean drain (SIGTERM/SIGINT), 1 when the data
// directory or the listen address cannot be used, 2 for a bad option value.
#include <iostream>

#include "commands.h"
#include "faas/core/data_dir.h"
#include "faas/core/units.h"
#include "faas/platform/serve.h"
#include "module_loader.h"

namespace wisp::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  std::string data;
  std::string admin_token;
  unsigned workers = 0;
  std::string max_header = "16KiB";
  std::string max_deploy = "64MiB";
  std::string idle_timeout = "60s";
  std::string read_timeout = "30s";
  std::string drain_timeout = "30s";
  std::string access_log = "stdout";
  std::string aot = "on";
  std::string demote_after = "20ms";
  std::string inline_below = "1ms";
};

int run_serve(const ServeFlags& flags) {
  faas::ServeOptions options;
  if (auto parsed = faas::parse_listen_address(flags.listen, options.server); !parsed) {
    std::cerr << "wisp serve: " << parsed.error().message << "\n";
    return 2;
  }
  options.data_dir = flags.data.empty() ? faas::default_data_dir() : std::filesystem::path(flags.data);
  options.access_log = flags.access_log;
  options.aot = flags.aot == "on";
  options.perf_map = perf_map_requested();
  options.dispatcher.admin_token = flags.admin_token;
  if (options.dispatcher.admin_token.empty())
    if (const char* env = std::getenv("WISP_ADMIN_TOKEN"); env) options.dispatcher.admin_token = env;
  options.dispatcher.workers = flags.workers ? flags.workers : faas::default_workers();

  auto size = [](const std::string& text, const char* flag, auto& out) {
    auto v = faas::parse_size(text);
    if (!v)
      std::cerr << "wisp serve: invalid " << flag << " '" << text << "'\n";
    else
      out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
    return v.has_value();
  };
  auto duration = [](const std::string& text, const char* flag, std::chrono::milliseconds& out) {
    auto v = faas::parse_duration(text);
    if (!v)
      std::cerr << "wisp serve: invalid " << flag << " '" << text << "'\n";
    else
      out = *v;
    return v.has_value();
  };
  if (!size(flags.max_header, "--max-header-size", options.server.max_header_bytes) ||
      !size(flags.max_deploy, "--max-deploy-size", options.dispatcher.max_deploy_bytes) ||
      !duration(flags.idle_timeout, "--idle-timeout", options.server.idle_timeout) ||
      !duration(flags.read_timeout, "--read-timeout", options.server.read_timeout) ||
      !duration(flags.drain_timeout, "--drain-timeout", options.server.drain_timeout) ||
      !duration(flags.demote_after, "--demote-after", options.dispatcher.demote_after))
    return 2;
  std::chrono::milliseconds inline_below{};
  if (!duration(flags.inline_below, "--inline-below", inline_below)) return 2;
  options.dispatcher.inline_below = inline_below;
  return faas::serve(std::move(options));
}

}  // namespace

void register_serve(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  auto* cmd =
      app.add_subcommand("serve", "run the serverless platform (HTTP front end, registry, admin API)");
  cmd->add_option("--listen", flags->listen, "address to listen on, HOST:PORT (port 0 picks a free one)")
      ->capture_default_str();
  cmd->add_option(
      "--data", flags->data,
      "data directory: registry.db, modules/, logs/ (default $XDG_DATA_HOME/wisp or ~/.local/share/wisp)");
  cmd->add_option("--admin-token", flags->admin_token,
                  "require 'Authorization: Bearer TOKEN' on /_wisp/ (then also from non-loopback clients); "
                  "default $WISP_ADMIN_TOKEN");
  cmd->add_option("--workers", flags->workers, "guest worker threads (default max(4, 2 x cores))");
  cmd->add_option("--max-header-size", flags->max_header, "largest request head accepted (431 beyond)")
      ->capture_default_str();
  cmd->add_option("--max-deploy-size", flags->max_deploy, "largest module upload accepted")
      ->capture_default_str();
  cmd->add_option("--idle-timeout", flags->idle_timeout, "close a keep-alive connection idle this long")
      ->capture_default_str();
  cmd->add_option("--read-timeout", flags->read_timeout,
                  "limit for receiving a request body or sending a response")
      ->capture_default_str();
  cmd->add_option("--drain-timeout", flags->drain_timeout,
                  "on SIGTERM, wait this long for in-flight requests")
      ->capture_default_str();
  cmd->add_option("--access-log", flags->access_log,
                  "where the access log goes: off, stdout or a file (appended to)")
      ->capture_default_str();
  cmd->add_option("--aot", flags->aot,
                  "compile deployed functions to native code in the background (cached in DATA/aot); "
                  "they are interpreted until then")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->add_option("--demote-after", flags->demote_after,
                  "a guest request running this long drops to the lowest CPU priority (nice 19) until it "
                  "ends, so short requests go first; 0 turns this off")
      ->capture_default_str();
  cmd->add_option("--inline-below", flags->inline_below,
                  "a function version whose last 8 requests each ran shorter than this runs the next ones "
                  "on the HTTP event loop itself, without the hand-off to a worker thread; 0 turns this off")
      ->capture_default_str();
  cmd->callback([flags, &exit_code] { exit_code = run_serve(*flags); });
}

}  // namespace wisp::cli
