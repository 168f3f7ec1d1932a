// The stdio ABI (CGI/WAGI style, docs/abi.md): request body on stdin,
// metadata in the environment, the response on stdout, stderr to the log.
#pragma once

#include "faas/core/function_logs.h"
#include "faas/engine/function_cache.h"
#include "faas/engine/guest_stdio.h"
#include "faas/platform/function_runner.h"

namespace wisp::faas {

// `stdio` must have a stdout sink of the function's max_output_bytes and a
// stderr sink of kMaxGuestLogBytes; a request body gets a stdin of its own.
RunOutcome run_stdio(Store& store, const PreparedFunction& function, const HttpRequest& request,
                     const RouteMatch& match, GuestStdio& stdio, FunctionLogs& logs);

}  // namespace wisp::faas
