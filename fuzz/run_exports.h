// Shared by the interp_run and aot_run fuzz targets: compile arbitrary bytes
// with one strategy and, when they form a valid module, instantiate it with
// stand-ins for every import and call every exported function with zero
// arguments, under a fuel budget (interpreter), a deadline (compiled code has
// no fuel) and a memory limit.
#pragma once

#include <cstdint>
#include <span>

#include "wisp/wisp.h"

namespace wisp::fuzz {

struct RunBudget {
  Strategy strategy = Strategy::Interpreter;
  unsigned opt_level = 0;
  uint64_t fuel_per_call = 200'000;  // interpreter only
  uint32_t deadline_ms = 200;        // native only
  uint64_t max_memory_bytes = 64u << 20;
  uint32_t max_table_elements = 100'000;
};

// Aborts (a fuzzer finding) when the engine breaks one of its promises: an
// error of the wrong phase, a trap that is not an Execute-phase code, results
// that do not match the function's type.
void compile_and_run_exports(std::span<const uint8_t> bytes, const RunBudget& budget);

}  // namespace wisp::fuzz
