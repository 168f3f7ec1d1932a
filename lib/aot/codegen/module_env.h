// What every function translator of one partition shares: the LLVM module it
// writes into, the native signature of every wasm type, declarations of all
// defined functions (defined here or in another partition) and of the runtime
// helpers compiled code calls.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <vector>

#include "ast/module.h"

namespace wisp::aot::codegen {

struct ModuleEnv {
  ModuleEnv(const ast::Module& wasm, llvm::Module& module);

  const ast::Module& wasm;
  llvm::LLVMContext& ctx;
  llvm::Module& mod;

  llvm::Type* i8;
  llvm::Type* i16;
  llvm::Type* i32;
  llvm::Type* i64;
  llvm::Type* f32;
  llvm::Type* f64;
  llvm::Type* ptr;
  llvm::FixedVectorType* v128;  // <4 x i32>; SIMD code bitcasts to the shape it needs

  // Native ABI per type index: ret (ptr vmctx, params...).
  std::vector<llvm::FunctionType*> func_types;
  // Native entry of every defined function (by function index; null for imports).
  std::vector<llvm::Function*> natives;
  // Array ABI: i32 (ptr vmctx, ptr slots).
  llvm::FunctionType* array_type;

  llvm::FunctionCallee trap;         // void (ptr, i32), noreturn
  llvm::FunctionCallee memory_fill;  // void (ptr, i32 mem, i32 dst, i32 val, i32 n)
  llvm::FunctionCallee memory_copy;  // void (ptr, i32 dmem, i32 smem, i32 d, i32 s, i32 n)
  llvm::FunctionCallee memory_init;  // void (ptr, i32 mem, i32 seg, i32 d, i32 s, i32 n)
  llvm::FunctionCallee data_drop;    // void (ptr, i32 seg)
  llvm::FunctionCallee table_fill;   // void (ptr, i32 table, i32 d, ptr ref, i32 n)
  llvm::FunctionCallee table_copy;   // void (ptr, i32 dt, i32 st, i32 d, i32 s, i32 n)
  llvm::FunctionCallee table_init;   // void (ptr, i32 table, i32 seg, i32 d, i32 s, i32 n)
  llvm::FunctionCallee elem_drop;    // void (ptr, i32 seg)

  llvm::Type* type_of(ValType t) const;
  // void, the single result type, or a literal struct of the results.
  llvm::Type* results_type(const FuncType& type) const;
  const FuncType& func_type(uint32_t func_index) const { return wasm.func_type(func_index); }
};

// Slots a value takes in the array ABI (vmctx.h): v128 two, everything else one.
inline unsigned slot_count(ValType t) { return t == ValType::V128 ? 2 : 1; }

// Defines `array_symbol(func_index)`: loads arguments from the slots, calls
// the native entry, stores the results back.
void emit_array_entry(ModuleEnv& env, uint32_t func_index);

// Load/store one value of type t at `slot` in an array-ABI buffer.
llvm::Value* load_slot(llvm::IRBuilder<>& b, const ModuleEnv& env, llvm::Value* slots, unsigned slot,
                       ValType t);
void store_slot(llvm::IRBuilder<>& b, const ModuleEnv& env, llvm::Value* slots, unsigned slot, ValType t,
                llvm::Value* v);

}  // namespace wisp::aot::codegen
