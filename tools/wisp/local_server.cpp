#include "local_server.h"

#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "module_loader.h"

namespace wisp::cli {

void add_local_server_options(CLI::App& command, LocalServerFlags& flags, const std::string& data_help) {
  command.add_option("--listen", flags.listen, "address to serve on, HOST:PORT (port 0 picks a free one)");
  command.add_option("--data", flags.data, data_help);
  command.add_option("--workers", flags.workers, "guest worker threads (default max(4, 2 x cores))");
  command.add_option("--access-log", flags.access_log, "where the access log goes: off, stdout or a file")
      ->capture_default_str();
  command.add_option("--aot", flags.aot, "compile functions to native code in the background: on or off")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
}

std::optional<faas::ServeOptions> local_serve_options(const LocalServerFlags& flags,
                                                      const std::string& listen,
                                                      const std::string& admin_token, const char* command) {
  faas::ServeOptions options;
  if (auto parsed = faas::parse_listen_address(listen, options.server); !parsed) {
    std::cerr << command << ": " << parsed.error().message << "\n";
    return std::nullopt;
  }
  options.access_log = flags.access_log;
  options.aot = flags.aot == "on";
  options.perf_map = perf_map_requested();
  options.dispatcher.admin_token = admin_token;
  options.dispatcher.workers = flags.workers ? flags.workers : faas::default_workers();
  return options;
}

// The server drains on SIGTERM (its own signal handling); raising it is the
// one stop that works the same whether or not it already serves.
void stop_local_server() { ::kill(::getpid(), SIGTERM); }

faas::ServerAddress local_address(const faas::ServerOptions& server, uint16_t port) {
  faas::ServerAddress address{server.host, port};
  if (address.host == "0.0.0.0") address.host = "127.0.0.1";
  if (address.host == "::") address.host = "::1";
  return address;
}

}  // namespace wisp::cli
