// The validation context (the spec's C): the index spaces of a module with
// imports and definitions merged, so every lookup is O(1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast/module.h"
#include "wisp/error.h"

namespace wisp::validator {

struct Context {
  const ast::Module* module = nullptr;
  std::vector<const FuncType*> funcs;  // type of every function, imports first
  std::vector<ast::TableType> tables;
  std::vector<ast::MemoryType> memories;
  std::vector<ast::GlobalType> globals;
  uint32_t num_imported_globals = 0;  // constant expressions see only these
  std::vector<ValType> elems;         // element type of every segment
  uint32_t num_datas = 0;
  bool has_data_count = false;
  // C.refs: functions that may be named by ref.func inside function bodies.
  std::vector<bool> declared_refs;

  const FuncType* type(uint32_t index) const {
    return index < module->types.size() ? &module->types[index] : nullptr;
  }
};

// Builds the context. Fails only when an import or function names a type
// index that does not exist (the merged function index space needs it).
Expected<Context> build_context(const ast::Module& module);

// An error whose detail is the offending index ("unknown global: 3").
inline Unexpected<Error> index_error(ErrorCode code, uint64_t index) {
  return make_error(code, std::to_string(index));
}

// Index errors keep the bare index as detail; every other error is easier to
// act on with the place it was found ("... in global 2").
bool is_index_error(ErrorCode code);
Unexpected<Error> with_place(Error error, const std::string& place);

}  // namespace wisp::validator
