// What an Engine shares with every Module and Store made from it.
#pragma once

#include "runtime/type_registry.h"
#include "wisp/wisp.h"

namespace wisp::detail {

struct EngineImpl {
  EngineConfig config;
  // Mutable through a const Engine: interning is thread-safe and only adds.
  mutable runtime::TypeRegistry types;
};

}  // namespace wisp::detail
