// `wisp serve`: opens the registry, builds the engine runner and runs the
// HTTP front end until SIGTERM/SIGINT has drained it.
#pragma once

#include <filesystem>
#include <string>

#include "faas/gateway/server.h"
#include "faas/platform/dispatcher.h"

namespace wisp::faas {

struct ServeOptions {
  ServerOptions server;
  DispatcherOptions dispatcher;
  std::filesystem::path data_dir;  // empty: default_data_dir()
  std::string access_log = "stdout";  // "off", "stdout" or a file path
};

// Returns the process exit status; prints the listening address on stdout
// ("wisp: listening on http://127.0.0.1:8080") before serving.
int serve(ServeOptions options);

}  // namespace wisp::faas
