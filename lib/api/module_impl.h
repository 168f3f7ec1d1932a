// Private halves of the embedding API's handles that other lib/api files share.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "aot/aot.h"
#include "ast/module.h"
#include "interp/code.h"
#include "runtime/engine.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "wisp/wisp.h"

namespace wisp::detail {

struct ModuleImpl {
  explicit ModuleImpl(const Engine& e) : engine(e) {}
  Engine engine;  // keeps the interned types alive
  ast::Module module;
  std::vector<runtime::InternedType> types;  // per type index
  // Interpreter strategy: lowered code per defined function.
  interp::CompiledModule code;
  std::vector<const interp::CompiledFunc*> code_ptrs;
  // Native strategy: the module's bytes and object code (for serialize), the
  // loaded code, and its entry points per function index.
  std::vector<uint8_t> wasm;
  aot::ObjectCode objects;
  std::unique_ptr<aot::LoadedCode> loaded;
  std::vector<void*> native_ptrs;
  std::vector<WispVmArrayFn> array_ptrs;
  bool from_cache = false;

  runtime::ModuleDef def(std::shared_ptr<const void> owner) const {
    return runtime::ModuleDef{std::move(owner), &module, types, code_ptrs,
                              runtime::NativeCode{native_ptrs, array_ptrs}};
  }
};

// A host function registered in a Linker: instantiated per Store on use.
struct HostDef {
  FuncType type;
  std::shared_ptr<const HostFunc> fn;
};
using Definition = std::variant<HostDef, Extern>;

struct LinkerImpl {
  Engine engine;
  std::map<std::pair<std::string, std::string>, Definition, std::less<>> defs;
  bool allow_shadowing = false;
};

struct InstancePreImpl {
  Module module;
  std::vector<Definition> imports;  // one per import, in order
  // Per import, the module's interned type: host functions made for each
  // instantiation need no lookup in the engine's type registry.
  std::vector<runtime::InternedType> import_types;
};

}  // namespace wisp::detail
