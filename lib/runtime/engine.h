// What an Engine shares with every Module and Store made from it.
#pragma once

#include <algorithm>

#include "aot/vmctx.h"
#include "runtime/region_pool.h"
#include "runtime/type_registry.h"
#include "runtime/watchdog.h"
#include "wisp/wisp.h"

namespace wisp::detail {

struct EngineImpl {
  explicit EngineImpl(const EngineConfig& c)
      : config(c),
        memory_pool(c.pool_capacity, c.memory_keep_resident_bytes),
        // One frame record per wasm frame plus one per nested invocation's entry.
        stack_pool(c.pool_capacity, std::max<size_t>(c.value_stack_bytes, 64 * 1024),
                   (size_t{c.max_call_depth} + 300) * 3) {}

  EngineConfig config;
  // Mutable through a const Engine: interning is thread-safe and only adds.
  mutable runtime::TypeRegistry types;
  // How natively compiled code calls host functions and interpreted wasm
  // (set by the layer that owns both tiers; see FuncInst::vm).
  WispVmArrayFn bridge = nullptr;
  // Raises Stores' interrupt flags at their deadlines while native code runs.
  mutable Watchdog watchdog;
  // Linear memories and interpreter stacks of dead Stores, reset for reuse.
  mutable runtime::MemoryPool memory_pool;
  mutable runtime::StackPool stack_pool;
};

}  // namespace wisp::detail
