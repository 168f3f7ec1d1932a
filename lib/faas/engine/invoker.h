// The engine-backed FunctionRunner: one Engine and two Linkers (stdio:
// WASI; http: WASI + wisp_http) filled once, a FunctionCache of InstancePres,
// and a fresh Store + Instance for every request, so nothing a request does
// is visible to the next.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "faas/admin/admin_api.h"
#include "faas/core/function_logs.h"
#include "faas/engine/function_cache.h"
#include "faas/platform/function_runner.h"
#include "faas/registry/registry.h"

namespace wisp::faas {

// How deployed functions get native code: compiled in the background after
// the interpreter took over (`enabled`), kept in `cache_dir` across restarts.
struct NativeOptions {
  bool enabled = false;
  std::filesystem::path cache_dir;
  bool perf_map = false;  // EngineConfig::perf_map
  std::function<void(const std::string&)> notice;  // one line per switched module
};

class EngineRunner : public FunctionRunner {
 public:
  static Result<std::unique_ptr<EngineRunner>> create(const Registry& registry, FunctionLogs& logs,
                                                      NativeOptions native = {});

  RunOutcome run(const HttpRequest& request, const RouteMatch& match) override;
  void forget_unused(const Catalog& catalog) override { cache_.forget_unused(catalog); }
  // For the admin API: refuses modules that do not compile, lack the ABI's
  // entry point, or import something the ABI does not offer. Returns the
  // compiled function (null when the cache already holds this module for
  // `abi`), to hand to adopt() once the deploy committed.
  Result<std::shared_ptr<const PreparedFunction>> check_module(std::span<const uint8_t> bytes, Abi abi) const;
  // Keeps a checked module for `version`, so its first request does not compile it again.
  void adopt(const VersionInfo& version, std::shared_ptr<const PreparedFunction> prepared);
  // check_module + adopt as the admin API's deploy check.
  AdminApi::ModuleCheck deploy_check();
  const FunctionCache& cache() const { return cache_; }
  FunctionCache& cache() { return cache_; }

 private:
  EngineRunner(const Registry& registry, FunctionLogs& logs, NativeOptions native);

  Engine engine_;
  Linker stdio_linker_;
  Linker http_linker_;
  FunctionLogs& logs_;
  FunctionCache cache_;
};

}  // namespace wisp::faas
