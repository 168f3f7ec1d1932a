// Small builders for hand-made ast::Modules in validator tests.
#pragma once

#include <initializer_list>
#include <vector>

#include "ast/module.h"

namespace wisp::validator::testing {

using ast::Opcode;

inline ast::Instr op(Opcode code, uint32_t a = 0, uint32_t b = 0, uint64_t c = 0) {
  ast::Instr instr{code};
  instr.a = a;
  instr.b = b;
  instr.c = c;
  return instr;
}

inline ast::Instr lane_op(Opcode code, uint8_t lane) {
  ast::Instr instr{code};
  instr.lane = lane;
  return instr;
}

// A memory access with alignment exponent `align` on memory 0.
inline ast::Instr mem_op(Opcode code, uint32_t align, uint8_t lane = 0) {
  ast::Instr instr{code};
  instr.a = align;
  instr.lane = lane;
  return instr;
}

inline ast::Instr block(Opcode code, ValType result) {
  return op(code, static_cast<uint32_t>(ast::BlockKind::Value), static_cast<uint32_t>(result));
}
inline ast::Instr block(Opcode code) { return op(code, static_cast<uint32_t>(ast::BlockKind::Empty)); }
inline ast::Instr block_of_type(Opcode code, uint32_t type_index) {
  return op(code, static_cast<uint32_t>(ast::BlockKind::TypeIndex), type_index);
}

// A module with one function type and one function whose body is `body`
// followed by the final end.
inline ast::Module one_function(FuncType type, std::vector<ast::Instr> body,
                                std::vector<ValType> locals = {}) {
  ast::Module m;
  m.types.push_back(std::move(type));
  ast::Function f;
  f.type_index = 0;
  f.locals = std::move(locals);
  f.body = std::move(body);
  f.body.push_back(op(Opcode::End));
  m.functions.push_back(std::move(f));
  return m;
}

// One function of type [] -> `results`.
inline ast::Module returning(std::vector<ValType> results, std::vector<ast::Instr> body) {
  return one_function(FuncType{{}, std::move(results)}, std::move(body));
}

inline ast::ConstExpr const_expr(std::initializer_list<ast::Instr> instrs) {
  ast::ConstExpr expr(instrs);
  expr.push_back(op(Opcode::End));
  return expr;
}

inline ast::MemoryType memory(uint64_t min, std::optional<uint64_t> max = std::nullopt) {
  ast::MemoryType type;
  type.limits.min = min;
  type.limits.max = max;
  return type;
}

inline ast::TableType table(ValType elem, uint64_t min = 0, std::optional<uint64_t> max = std::nullopt) {
  ast::TableType type;
  type.elem = elem;
  type.limits.min = min;
  type.limits.max = max;
  return type;
}

}  // namespace wisp::validator::testing
