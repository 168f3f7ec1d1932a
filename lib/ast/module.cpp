#include "ast/module.h"

#include <cassert>

namespace wisp::ast {
namespace {

// The n-th import of a kind.
const Import& nth_import(const std::vector<Import>& imports, ExternKind kind, uint32_t n) {
  for (const Import& imp : imports) {
    if (imp.kind != kind) continue;
    if (n == 0) return imp;
    --n;
  }
  assert(false && "import index out of range");
  return imports.front();
}

}  // namespace

V128 const_expr_v128(const Instr& instr) {
  V128 value;
  value.set_lane<uint64_t>(0, instr.c);
  value.set_lane<uint32_t>(2, instr.a);
  value.set_lane<uint32_t>(3, instr.b);
  return value;
}

void set_const_expr_v128(Instr& instr, const V128& value) {
  instr.c = value.lane<uint64_t>(0);
  instr.a = value.lane<uint32_t>(2);
  instr.b = value.lane<uint32_t>(3);
}

uint32_t Module::func_type_index(uint32_t i) const {
  if (i < num_imported_funcs) return nth_import(imports, ExternKind::Func, i).type_index;
  return functions[i - num_imported_funcs].type_index;
}

TableType Module::table_type(uint32_t i) const {
  if (i < num_imported_tables) return nth_import(imports, ExternKind::Table, i).table;
  return tables[i - num_imported_tables];
}

MemoryType Module::memory_type(uint32_t i) const {
  if (i < num_imported_memories) return nth_import(imports, ExternKind::Memory, i).memory;
  return memories[i - num_imported_memories];
}

GlobalType Module::global_type(uint32_t i) const {
  if (i < num_imported_globals) return nth_import(imports, ExternKind::Global, i).global;
  return globals[i - num_imported_globals].type;
}

}  // namespace wisp::ast
