// How a guest failure becomes an HTTP response: one place, so the stdio and
// http ABIs answer the same way (kinds are documented in docs/abi.md).
#pragma once

#include <string>

#include "faas/platform/function_runner.h"
#include "wisp/wisp.h"

namespace wisp::faas {

// timeout/interrupted -> 504, memory limit -> 500 "memory_limit", other traps -> 500 "trap".
RunOutcome outcome_for_trap(const Trap& trap, const std::string& request_id);
// Instantiation failed (a trap in the start function, a memory too large for the limit, ...).
RunOutcome outcome_for_instantiate_error(const Error& error, const std::string& request_id);
RunOutcome outcome_for_failure(int status, const std::string& kind, const std::string& message,
                               const std::string& request_id);

}  // namespace wisp::faas
