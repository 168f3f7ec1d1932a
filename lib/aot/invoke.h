// Entering compiled code and leaving it on a trap.
//
// aot::call runs an array-ABI function on the calling thread behind a
// sigsetjmp point. A trap — an explicit check in compiled code calling
// wisp_aot_trap, or a fault on a guard page while the program counter is
// inside compiled wasm code — siglongjmps back to the innermost active call,
// which returns the trap code. Compiled wasm frames hold no C++ objects, so
// skipping them is safe; host code called from wasm must not let a trap
// unwind through its own frames (it returns a status instead).
//
// Interrupts: compiled code polls the interrupt flag at function entries
// only, so a loop without calls is stopped from outside. interrupt_thread
// sends the thread a signal (SIGURG, which nothing else on it expects and
// whose default action is to ignore it); when it lands in compiled code of an
// activation whose interrupt flag is set, that activation traps with
// "interrupted", exactly like a guard-page fault. A signal that lands in host
// code does nothing, so the sender repeats it until the run ends
// (runtime/watchdog.h).
#pragma once

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "aot/vmctx.h"
#include "wisp/error.h"

namespace wisp::aot {

// Installs the process-wide SIGSEGV/SIGBUS and SIGURG handlers (once;
// idempotent). Faults outside compiled wasm code go to the previously
// installed handler or the default action (the process dies loudly); so do
// SIGURGs that are not interrupts.
void install_trap_handlers();

// Runs fn(callee_vmctx, slots). Returns nothing on success, otherwise the trap.
// While it runs, an interrupt_thread signal traps it with "interrupted" if
// `*interrupt_flag` is nonzero (never with a null flag).
std::optional<ErrorCode> call(WispVmArrayFn fn, void* callee_vmctx, uint64_t* slots,
                              const volatile uint8_t* interrupt_flag = nullptr);

// Asks `thread` to check its innermost activation's interrupt flag (see the
// top of this file). The thread must exist; install_trap_handlers must have run.
void interrupt_thread(pthread_t thread);

// The address below which compiled code on this thread traps with "call stack
// exhausted": the thread's stack end plus `reserve_bytes` of headroom for
// host functions and the signal handler.
uintptr_t thread_stack_limit(size_t reserve_bytes = 256 * 1024);

// Executable ranges holding compiled wasm code (the loader registers them).
// The signal handler only treats faults inside these ranges as traps.
void register_code_range(uintptr_t begin, uintptr_t end);
void unregister_code_range(uintptr_t begin, uintptr_t end);

}  // namespace wisp::aot

extern "C" {
// Called by compiled code (and the helpers it calls): unwinds to aot::call
// with `code` (a wisp::ErrorCode). Never returns.
[[noreturn]] void wisp_aot_trap(WispVmContext* vmctx, uint32_t code);
}
