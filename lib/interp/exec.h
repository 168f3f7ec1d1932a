// Running lowered code. The dispatch loop keeps its own frame stack (no C++
// recursion per wasm call); host functions may call back into wasm, which
// starts a nested run on the same value stack, bounded in depth.
#pragma once

#include <span>

#include "runtime/store.h"
#include "wisp/wisp.h"

namespace wisp::interp {

// Calls `f` (wasm or host) with `args` (types already checked by the caller)
// and writes its results to `results` (sized to the signature). A host
// function called this way sees no calling instance (Caller::memory() is empty).
TrapOr<void> invoke(detail::StoreImpl& store, runtime::FuncInst* f, std::span<const Value> args,
                    std::span<Value> results);

// The array-ABI entry (aot/vmctx.h) through which natively compiled code calls
// host functions and interpreted wasm: `callee` is the FuncInst, the caller's
// context names the Store. A trap is kept whole in StoreImpl::pending_trap.
uint32_t array_bridge(void* callee, uint64_t* slots, WispVmContext* caller_vmctx);

// Nested host -> wasm -> host -> wasm runs allowed before "call stack exhausted":
// each nesting level uses native stack.
inline constexpr uint32_t kMaxNestedRuns = 256;

}  // namespace wisp::interp
