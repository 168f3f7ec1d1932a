// The stdio ABI (CGI/WAGI style, docs/abi.md): request body on stdin,
// metadata in the environment, the response on stdout, stderr to the log.
#pragma once

#include "faas/core/function_logs.h"
#include "faas/engine/function_cache.h"
#include "faas/platform/function_runner.h"

namespace wisp::faas {

// The guest's stdio is kept in memory (wasi::Config::memory_stdio): stdin
// reads the request body in place, stdout keeps up to the function's
// max_output_bytes, stderr up to kMaxGuestLogBytes.
RunOutcome run_stdio(Store& store, const PreparedFunction& function, const HttpRequest& request,
                     const RouteMatch& match, FunctionLogs& logs);

}  // namespace wisp::faas
