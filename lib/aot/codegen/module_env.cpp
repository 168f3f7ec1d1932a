#include "aot/codegen/module_env.h"

#include "aot/aot.h"

namespace wisp::aot::codegen {

ModuleEnv::ModuleEnv(const ast::Module& wasm_module, llvm::Module& module)
    : wasm(wasm_module), ctx(module.getContext()), mod(module) {
  i8 = llvm::Type::getInt8Ty(ctx);
  i16 = llvm::Type::getInt16Ty(ctx);
  i32 = llvm::Type::getInt32Ty(ctx);
  i64 = llvm::Type::getInt64Ty(ctx);
  f32 = llvm::Type::getFloatTy(ctx);
  f64 = llvm::Type::getDoubleTy(ctx);
  ptr = llvm::PointerType::getUnqual(ctx);
  v128 = llvm::FixedVectorType::get(i32, 4);

  for (const FuncType& t : wasm.types) {
    std::vector<llvm::Type*> params{ptr};
    for (ValType p : t.params) params.push_back(type_of(p));
    func_types.push_back(llvm::FunctionType::get(results_type(t), params, false));
  }
  array_type = llvm::FunctionType::get(i32, {ptr, ptr, ptr}, false);

  natives.assign(wasm.num_funcs(), nullptr);
  for (uint32_t f = wasm.num_imported_funcs; f < wasm.num_funcs(); ++f) {
    llvm::Function* fn = llvm::Function::Create(func_types[wasm.func_type_index(f)],
                                                llvm::Function::ExternalLinkage, native_symbol(f), mod);
    // Every wasm function of the module ends up in the same link unit.
    fn->setDSOLocal(true);
    fn->setDoesNotThrow();
    // Recursion must exhaust the stack check, not become a loop: keep tail
    // recursion elimination away from wasm functions.
    fn->addFnAttr("disable-tail-calls", "true");
    natives[f] = fn;
  }

  auto helper = [&](const char* name, std::vector<llvm::Type*> params) {
    llvm::FunctionCallee callee =
        mod.getOrInsertFunction(name, llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), params, false));
    llvm::cast<llvm::Function>(callee.getCallee())->setDoesNotThrow();
    return callee;
  };
  trap = helper("wisp_aot_trap", {ptr, i32});
  llvm::cast<llvm::Function>(trap.getCallee())->setDoesNotReturn();
  llvm::cast<llvm::Function>(trap.getCallee())->addFnAttr(llvm::Attribute::Cold);
  memory_fill = helper("wisp_aot_memory_fill", {ptr, i32, i32, i32, i32});
  memory_copy = helper("wisp_aot_memory_copy", {ptr, i32, i32, i32, i32, i32});
  memory_init = helper("wisp_aot_memory_init", {ptr, i32, i32, i32, i32, i32});
  data_drop = helper("wisp_aot_data_drop", {ptr, i32});
  table_fill = helper("wisp_aot_table_fill", {ptr, i32, i32, ptr, i32});
  table_copy = helper("wisp_aot_table_copy", {ptr, i32, i32, i32, i32, i32});
  table_init = helper("wisp_aot_table_init", {ptr, i32, i32, i32, i32, i32});
  elem_drop = helper("wisp_aot_elem_drop", {ptr, i32});
}

llvm::Type* ModuleEnv::type_of(ValType t) const {
  switch (t) {
    case ValType::I32: return i32;
    case ValType::I64: return i64;
    case ValType::F32: return f32;
    case ValType::F64: return f64;
    case ValType::V128: return v128;
    case ValType::FuncRef:
    case ValType::ExternRef: return ptr;
  }
  return i32;
}

llvm::Type* ModuleEnv::results_type(const FuncType& type) const {
  if (type.results.empty()) return llvm::Type::getVoidTy(ctx);
  if (type.results.size() == 1) return type_of(type.results[0]);
  std::vector<llvm::Type*> fields;
  for (ValType r : type.results) fields.push_back(type_of(r));
  return llvm::StructType::get(ctx, fields);
}

llvm::Value* load_slot(llvm::IRBuilder<>& b, const ModuleEnv& env, llvm::Value* slots, unsigned slot,
                       ValType t) {
  llvm::Value* p = b.CreateConstInBoundsGEP1_64(env.i8, slots, uint64_t{slot} * 8);
  return b.CreateAlignedLoad(env.type_of(t), p, llvm::Align(8));
}

void store_slot(llvm::IRBuilder<>& b, const ModuleEnv& env, llvm::Value* slots, unsigned slot, ValType t,
                llvm::Value* v) {
  llvm::Value* p = b.CreateConstInBoundsGEP1_64(env.i8, slots, uint64_t{slot} * 8);
  // i32 and f32 are stored zero-extended to the whole slot.
  if (t == ValType::I32) v = b.CreateZExt(v, env.i64);
  if (t == ValType::F32) v = b.CreateZExt(b.CreateBitCast(v, env.i32), env.i64);
  b.CreateAlignedStore(v, p, llvm::Align(8));
}

void emit_array_entry(ModuleEnv& env, uint32_t func_index) {
  const FuncType& type = env.func_type(func_index);
  llvm::Function* fn = llvm::Function::Create(env.array_type, llvm::Function::ExternalLinkage,
                                              array_symbol(func_index), env.mod);
  fn->setDSOLocal(true);
  fn->setDoesNotThrow();
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(env.ctx, "entry", fn));
  llvm::Value* vmctx = fn->getArg(0);
  llvm::Value* slots = fn->getArg(1);
  std::vector<llvm::Value*> args{vmctx};
  unsigned slot = 0;
  for (ValType p : type.params) {
    args.push_back(load_slot(b, env, slots, slot, p));
    slot += slot_count(p);
  }
  llvm::Value* ret = b.CreateCall(env.natives[func_index], args);
  slot = 0;
  for (size_t i = 0; i < type.results.size(); ++i) {
    llvm::Value* v = type.results.size() == 1 ? ret : b.CreateExtractValue(ret, {static_cast<unsigned>(i)});
    store_slot(b, env, slots, slot, type.results[i], v);
    slot += slot_count(type.results[i]);
  }
  b.CreateRet(b.getInt32(0));
}

}  // namespace wisp::aot::codegen
