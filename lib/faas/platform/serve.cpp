#include "faas/platform/serve.h"

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "faas/core/access_log.h"
#include "faas/core/data_dir.h"
#include "faas/engine/invoker.h"

namespace wisp::faas {

namespace {

// glibc raises its mmap threshold (up to 32 MiB) each time a large block is
// freed, after which blocks of that size come from the per-thread arenas and
// stay resident once freed. A server whose requests carry up to 16 MiB of
// output (--max-output) would then keep tens of MiB per worker thread after
// one big response. A fixed threshold (which also turns the adjustment off)
// keeps every block of 1 MiB or more in its own mapping, returned on free.
void return_large_blocks_to_the_system() {
  ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 8 << 20);
}

}  // namespace

unsigned default_workers() { return std::max(4u, 2 * std::max(1u, std::thread::hardware_concurrency())); }

int serve(ServeOptions options) {
  return_large_blocks_to_the_system();
  if (options.data_dir.empty()) options.data_dir = default_data_dir();
  auto registry = Registry::open(options.data_dir);
  if (!registry) {
    std::fprintf(stderr, "wisp serve: %s\n", registry.error().message.c_str());
    return 1;
  }
  FunctionLogs logs(options.data_dir / "logs");
  Metrics metrics;
  NativeOptions native;
  native.enabled = options.aot;
  native.cache_dir = options.data_dir / "aot";
  native.perf_map = options.perf_map;
  native.notice = [](const std::string& line) {
    std::printf("wisp: %s\n", line.c_str());
    std::fflush(stdout);
  };
  auto runner = EngineRunner::create(**registry, logs, std::move(native));
  if (!runner) {
    std::fprintf(stderr, "wisp serve: %s\n", runner.error().message.c_str());
    return 1;
  }

  std::unique_ptr<AccessLog> access_log;
  if (options.access_log != "off") {
    auto opened = AccessLog::open(options.access_log);
    if (!opened) {
      std::fprintf(stderr, "wisp serve: %s\n", opened.error().message.c_str());
      return 1;
    }
    access_log = std::move(*opened);
    options.server.access_log = [log = access_log.get()](std::string_view line) { log->write(line); };
  }

  Server server(options.server);
  if (auto listening = server.listen(); !listening) {
    std::fprintf(stderr, "wisp serve: %s\n", listening.error().message.c_str());
    return 1;
  }
  EngineRunner& engine_runner = **runner;
  // Declared after the server: destroyed first, so its worker threads finish
  // (and post their replies) while the event loop still exists.
  Dispatcher dispatcher(options.dispatcher, **registry, engine_runner, metrics, logs,
                        engine_runner.deploy_check());
  const std::string& host = options.server.host;
  bool v6 = host.find(':') != std::string::npos;
  std::printf("wisp: listening on http://%s%s%s:%u (data: %s, %u workers)\n", v6 ? "[" : "", host.c_str(),
              v6 ? "]" : "", server.port(), options.data_dir.c_str(), options.dispatcher.workers);
  std::fflush(stdout);
  if (options.on_listening) options.on_listening(server.port());
  server.run(dispatcher);
  if (access_log) access_log->flush();  // its last lines before the goodbye
  std::printf("wisp: drained, exiting\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace wisp::faas
