// A `wisp serve` inside the current process, for `wisp up --serve` and
// `wisp dev`: the same serving stack (faas::serve), with a callback that runs
// once it listens. Stopping it is what SIGTERM does (a graceful drain).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "faas/admin/admin_client.h"
#include "faas/platform/serve.h"

namespace wisp::cli {

struct LocalServerFlags {
  std::string listen;  // HOST:PORT; empty: the caller's default
  std::string data;    // empty: the caller's default
  unsigned workers = 0;
  std::string access_log = "stdout";
  std::string aot = "on";  // on|off: native code compiled in the background, as `wisp serve --aot`
};

// --listen, --data, --workers, --access-log, --aot (default: flags.aot as set by the caller).
void add_local_server_options(CLI::App& command, LocalServerFlags& flags, const std::string& data_help);

// Server options from the flags (workers and limits as `wisp serve` defaults);
// nothing after printing why when --listen is malformed.
std::optional<faas::ServeOptions> local_serve_options(const LocalServerFlags& flags,
                                                      const std::string& listen,
                                                      const std::string& admin_token, const char* command);

// Asks the in-process server to drain and return, from any thread.
void stop_local_server();

// Where a client in this process reaches the server: its address, with a
// wildcard (0.0.0.0, ::) replaced by loopback.
faas::ServerAddress local_address(const faas::ServerOptions& server, uint16_t port);

}  // namespace wisp::cli
