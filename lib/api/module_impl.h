// Private halves of the embedding API's handles that other lib/api files share.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

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
  interp::CompiledModule code;
  std::vector<const interp::CompiledFunc*> code_ptrs;  // per defined function

  runtime::ModuleDef def(std::shared_ptr<const void> owner) const {
    return runtime::ModuleDef{std::move(owner), &module, types, code_ptrs};
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
};

}  // namespace wisp::detail
