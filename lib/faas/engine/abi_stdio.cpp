#include "faas/engine/abi_stdio.h"

#include "faas/core/cgi.h"
#include "faas/engine/outcomes.h"
#include "faas/engine/request_state.h"
#include "wasi/memory_file.h"

namespace wisp::faas {
RunOutcome run_stdio(Store& store, const PreparedFunction& function, const HttpRequest& req,
                     const RouteMatch& match, FunctionLogs& logs) {
  const FunctionConfig& config = match.version->config;
  const std::string& id = req.request_id;
  auto log = [&](std::string_view text) { logs.append(match.function, match.version->version, id, text); };

  wasi::Config wasi_config;
  wasi_config.args = {match.function};
  wasi_config.env = cgi_environment(req, match, config);
  wasi_config.memory_stdio = true;
  wasi_config.stdin_content = req.body;  // `req` outlives the Store and its context
  wasi_config.stdout_cap = config.max_output_bytes;
  wasi_config.stderr_cap = kMaxGuestLogBytes;
  auto ctx = wasi::make_ctx(std::move(wasi_config));
  if (!ctx) return outcome_for_failure(500, "internal", "wasi: " + ctx.error().message(), id);
  auto state = std::make_shared<RequestState>();
  state->wasi = *ctx;
  store.set_user_data(state);

  auto flush_stderr = [&] {
    const wasi::MemoryFile& err = *wasi::memory_stdio(**ctx, 2);
    if (!err.contents().empty()) log(err.contents());
    if (err.overflowed()) log("[stderr truncated at 1MiB]");
  };

  // A command's initialisation is its data segments (and a start function, if
  // any): `_start` runs per request.
  const InstanceImage* image = function.image.get();  // read once: another request may set it
  auto instance = image ? function.pre.instantiate(store, *image) : function.pre.instantiate(store);
  if (!instance) {
    flush_stderr();
    auto outcome = outcome_for_instantiate_error(instance.error(), id);
    log("error: " + instance.error().message());
    return outcome;
  }
  if (!image) offer_for_capture(function.pre, function.image, store, *instance);
  auto start = instance->get_func("_start");
  if (!start) return outcome_for_failure(500, "instantiate", "module has no _start", id);
  auto called = start->call(store, {});
  flush_stderr();
  if (!called) {
    const Trap& trap = called.error();
    if (trap.code != ErrorCode::Exit) {
      log("error: " + trap.message());
      return outcome_for_trap(trap, id);
    }
    if (trap.exit_code != 0) {
      log("error: exited with status " + std::to_string(trap.exit_code));
      return outcome_for_failure(500, "exit", "function exited with status " + std::to_string(trap.exit_code),
                                 id);
    }
  }

  const wasi::MemoryFile& out = *wasi::memory_stdio(**ctx, 1);
  if (out.overflowed()) {
    log("error: stdout exceeded " + std::to_string(config.max_output_bytes) + " bytes");
    return outcome_for_failure(
        500, "output_limit",
        "response exceeds the output limit of " + std::to_string(config.max_output_bytes) + " bytes", id);
  }
  CgiParse parsed = parse_cgi_output(out.contents());
  if (!parsed.error.empty()) {
    log("error: " + parsed.error);
    return outcome_for_failure(500, "bad_output", parsed.error, id);
  }
  return RunOutcome{std::move(parsed.response), {}};
}

}  // namespace wisp::faas
