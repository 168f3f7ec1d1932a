// `wisp serve`: opens the registry, builds the engine runner and runs the
// HTTP front end until SIGTERM/SIGINT has drained it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "faas/gateway/server.h"
#include "faas/platform/dispatcher.h"

namespace wisp::faas {

struct ServeOptions {
  ServerOptions server;
  DispatcherOptions dispatcher;
  std::filesystem::path data_dir;     // empty: default_data_dir()
  std::string access_log = "stdout";  // "off", "stdout" or a file path
  // Compile deployed functions to native code in the background (cached in
  // DATA/aot); they are interpreted until then.
  bool aot = true;
  // List natively compiled functions for perf (EngineConfig::perf_map).
  bool perf_map = false;
  // Called once the server listens (with its real port), before it serves;
  // must not block. `wisp up --serve` and `wisp dev` deploy from a thread it starts.
  std::function<void(uint16_t port)> on_listening;
};

// Guest worker threads kept ready when not configured: guests that wait
// (sleep, slow I/O) hold a thread, so more threads than cores.
unsigned default_workers();

// Returns the process exit status; prints the listening address on stdout
// ("wisp: listening on http://127.0.0.1:8080") before serving.
int serve(ServeOptions options);

}  // namespace wisp::faas
