// Fuzz target: compile for the interpreter, instantiate with stand-in
// imports, call every exported function with zero arguments under fuel and a
// memory limit (fuzz/run_exports.h says what is checked).
#include "run_exports.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wisp::fuzz::RunBudget budget;
  budget.strategy = wisp::Strategy::Interpreter;
  wisp::fuzz::compile_and_run_exports({data, size}, budget);
  return 0;
}
