// Module instantiation (spec 2.0, "instantiate"), minus running the start
// function, which needs the interpreter: the caller runs `start` afterwards.
#pragma once

#include <memory>
#include <span>

#include "ast/module.h"
#include "runtime/instance_image.h"
#include "runtime/native_instance.h"
#include "runtime/store.h"

namespace wisp::runtime {

// What instantiation needs of a compiled module.
struct ModuleDef {
  std::shared_ptr<const void> owner;  // keeps module and code alive
  const ast::Module* module = nullptr;
  std::span<const InternedType> types;                // per type index
  std::span<const interp::CompiledFunc* const> code;  // per defined function (interpreter)
  NativeCode native;                                  // set instead when compiled natively
};

// Checks an external value against an import's declared type
// ("incompatible import type").
Expected<void> check_import(const ModuleDef& def, const ast::Import& import, const Extern& value);

struct Instantiated {
  ModuleInst* inst = nullptr;
  FuncInst* start = nullptr;  // run by the caller when set
};

// Allocates the instance in `store` and applies element and data segments. A
// failing segment reports its trap code with Phase::Instantiate; effects of
// earlier segments on imported tables and memories stay visible.
// With `image` (captured from an instance of the same module) the instance
// starts in the captured state instead: no segment is applied and there is no
// start function to run.
Expected<Instantiated> instantiate(detail::StoreImpl& store, const ModuleDef& def,
                                   std::span<const Extern> imports, const InstanceImage* image = nullptr);

}  // namespace wisp::runtime
