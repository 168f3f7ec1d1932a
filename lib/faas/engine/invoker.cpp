#include "faas/engine/invoker.h"

#include "faas/engine/abi_http.h"
#include "faas/engine/abi_stdio.h"
#include "faas/engine/outcomes.h"
#include "faas/engine/request_state.h"

namespace wisp::faas {

EngineRunner::EngineRunner(const Registry& registry, FunctionLogs& logs)
    : stdio_linker_(engine_),
      http_linker_(engine_),
      logs_(logs),
      cache_(engine_, stdio_linker_, http_linker_, registry) {}

Result<std::unique_ptr<EngineRunner>> EngineRunner::create(const Registry& registry, FunctionLogs& logs) {
  std::unique_ptr<EngineRunner> runner(new EngineRunner(registry, logs));
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

Result<void> EngineRunner::check_module(std::span<const uint8_t> bytes, Abi abi) const {
  WISP_ASSIGN_OR_RETURN(Module module, compile_for_abi(engine_, bytes, abi));
  const Linker& linker = abi == Abi::Http ? http_linker_ : stdio_linker_;
  auto pre = linker.instantiate_pre(module);
  if (!pre) return fail(FailKind::Invalid, "module cannot be linked: " + pre.error().message());
  return {};
}

RunOutcome EngineRunner::run(const HttpRequest& request, const RouteMatch& match) {
  const VersionInfo& version = *match.version;
  auto prepared = cache_.get(version);
  if (!prepared) {
    logs_.append(match.function, version.version, request.request_id, "error: " + prepared.error().message);
    return outcome_for_failure(500, "instantiate", prepared.error().message, request.request_id);
  }
  Store store(engine_);
  StoreLimits limits;
  limits.max_memory_bytes = version.config.memory_bytes;
  store.set_limits(limits);
  store.set_deadline(std::chrono::steady_clock::now() + version.config.timeout);
  if (version.config.abi == Abi::Http) return run_http(store, **prepared, request, match, logs_);
  return run_stdio(store, **prepared, request, match, logs_);
}

}  // namespace wisp::faas
