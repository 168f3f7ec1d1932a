// Fuzz target: the AOT tier. Like interp_run, but Module::compile translates
// the module to native code through LLVM (optimisation level 1: exercises the
// pass pipeline without costing seconds per input); a deadline bounds loops.
#include "run_exports.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wisp::fuzz::RunBudget budget;
  budget.strategy = wisp::Strategy::Native;
  budget.opt_level = 1;
  wisp::fuzz::compile_and_run_exports({data, size}, budget);
  return 0;
}
