#include "faas/engine/invoker.h"

#include "common/sha256.h"
#include "faas/engine/abi_http.h"
#include "faas/engine/abi_stdio.h"
#include "faas/engine/outcomes.h"
#include "faas/engine/request_state.h"

namespace wisp::faas {

namespace {

EngineConfig engine_config(const NativeOptions& native) {
  EngineConfig config;
  config.cache_dir = native.cache_dir.string();
  config.perf_map = native.perf_map;
  // One compile thread: the other cores keep serving requests meanwhile.
  config.compile_threads = 1;
  return config;
}

}  // namespace

EngineRunner::EngineRunner(const Registry& registry, FunctionLogs& logs, NativeOptions native)
    : engine_(engine_config(native)),
      stdio_linker_(engine_),
      http_linker_(engine_),
      logs_(logs),
      cache_(engine_, stdio_linker_, http_linker_, registry,
             NativeTier{native.enabled, std::move(native.notice)}) {}

Result<std::unique_ptr<EngineRunner>> EngineRunner::create(const Registry& registry, FunctionLogs& logs,
                                                           NativeOptions native) {
  std::unique_ptr<EngineRunner> runner(new EngineRunner(registry, logs, std::move(native)));
  auto wasi_getter = [](Store& store) { return wasi_ctx_of(store); };
  auto check = [](const Expected<void>& r) -> Result<void> {
    if (!r) return fail(FailKind::Internal, "linker: " + r.error().message());
    return {};
  };
  WISP_TRY(check(wasi::add_to_linker(runner->stdio_linker_, wasi_getter)));
  WISP_TRY(check(wasi::add_to_linker(runner->http_linker_, wasi_getter)));
  WISP_TRY(check(add_http_abi(runner->http_linker_)));
  return runner;
}

Result<std::shared_ptr<const PreparedFunction>> EngineRunner::check_module(std::span<const uint8_t> bytes,
                                                                           Abi abi) const {
  // The same bytes deployed again (new settings, another function): compiled already.
  if (cache_.contains(abi, sha256_hex(bytes))) return std::shared_ptr<const PreparedFunction>();
  return cache_.prepare(bytes, abi);
}

void EngineRunner::adopt(const VersionInfo& version, std::shared_ptr<const PreparedFunction> prepared) {
  if (prepared) cache_.insert(version, std::move(prepared));
}

AdminApi::ModuleCheck EngineRunner::deploy_check() {
  return [this](std::span<const uint8_t> bytes, Abi abi) -> Result<AdminApi::Deployed> {
    WISP_ASSIGN_OR_RETURN(auto prepared, check_module(bytes, abi));
    return AdminApi::Deployed([this, prepared](const VersionInfo& version) { adopt(version, prepared); });
  };
}

RunOutcome EngineRunner::run(const HttpRequest& request, const RouteMatch& match) {
  const VersionInfo& version = *match.version;
  auto prepared = cache_.get(version);
  if (!prepared) {
    logs_.append(match.function, version.version, request.request_id, "error: " + prepared.error().message);
    return outcome_for_failure(500, "instantiate", prepared.error().message, request.request_id);
  }
  bool http = version.config.abi == Abi::Http;
  Store store(engine_);
  StoreLimits limits;
  limits.max_memory_bytes = version.config.memory_bytes;
  store.set_limits(limits);
  store.set_deadline(std::chrono::steady_clock::now() + version.config.timeout);
  return http ? run_http(store, **prepared, request, match, logs_)
              : run_stdio(store, **prepared, request, match, logs_);
}

}  // namespace wisp::faas
