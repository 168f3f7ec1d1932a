// The http ABI (docs/abi.md): the guest exports `wisp_handle` and uses host
// functions of module "wisp_http" to read the request and build the response,
// copying bytes straight between guest memory and the host (no JSON).
#pragma once

#include "faas/core/function_logs.h"
#include "faas/engine/function_cache.h"
#include "faas/platform/function_runner.h"

namespace wisp::faas {

// Registers the "wisp_http" host functions; they find the request through
// Store::user_data (a RequestState).
Expected<void> add_http_abi(Linker& linker);

// WASI stdout and stderr (in memory, up to kMaxGuestLogBytes each) both go to the log.
RunOutcome run_http(Store& store, const PreparedFunction& function, const HttpRequest& request,
                    const RouteMatch& match, FunctionLogs& logs);

}  // namespace wisp::faas
