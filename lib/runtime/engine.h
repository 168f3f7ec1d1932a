// What an Engine shares with every Module and Store made from it.
#pragma once

#include "aot/vmctx.h"
#include "runtime/type_registry.h"
#include "runtime/watchdog.h"
#include "wisp/wisp.h"

namespace wisp::detail {

struct EngineImpl {
  EngineConfig config;
  // Mutable through a const Engine: interning is thread-safe and only adds.
  mutable runtime::TypeRegistry types;
  // How natively compiled code calls host functions and interpreted wasm
  // (set by the layer that owns both tiers; see FuncInst::vm).
  WispVmArrayFn bridge = nullptr;
  // Raises Stores' interrupt flags at their deadlines while native code runs.
  mutable Watchdog watchdog;
};

}  // namespace wisp::detail
