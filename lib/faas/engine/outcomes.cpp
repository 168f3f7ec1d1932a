#include "faas/engine/outcomes.h"

namespace wisp::faas {

RunOutcome outcome_for_failure(int status, const std::string& kind, const std::string& message,
                               const std::string& request_id) {
  return RunOutcome{json_error(status, kind, message, request_id), kind};
}

RunOutcome outcome_for_trap(const Trap& trap, const std::string& request_id) {
  if (trap.code == ErrorCode::TimedOut || trap.code == ErrorCode::Interrupted)
    return outcome_for_failure(504, "timeout", "function exceeded its time limit", request_id);
  if (trap.code == ErrorCode::ResourceLimit)
    return outcome_for_failure(500, "output_limit", trap.message(), request_id);
  std::string message = "trap: " + trap.message();
  if (!trap.backtrace.empty()) message += " (in " + trap.backtrace.front() + ")";
  return outcome_for_failure(500, "trap", message, request_id);
}

RunOutcome outcome_for_instantiate_error(const Error& error, const std::string& request_id) {
  if (error.code == ErrorCode::TimedOut || error.code == ErrorCode::Interrupted)
    return outcome_for_failure(504, "timeout", "function exceeded its time limit while starting", request_id);
  if (error.code == ErrorCode::ResourceLimit)
    return outcome_for_failure(500, "memory_limit", "instantiate: " + error.message(), request_id);
  return outcome_for_failure(500, "instantiate", "instantiate: " + error.message(), request_id);
}

}  // namespace wisp::faas
