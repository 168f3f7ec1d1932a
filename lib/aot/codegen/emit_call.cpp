// Calls. A call to a function defined in the module is a direct native call
// with the same VM context. Imported functions and call_indirect go through a
// WispVmFuncRef: native code when the callee has it (wasm), its array entry
// otherwise (host functions), whose nonzero status re-raises the callee's trap.
#include <cstddef>

#include "aot/codegen/translator.h"
#include "aot/vmctx.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;

std::vector<llvm::Value*> FunctionTranslator::unpack_results(llvm::Value* ret, const FuncType& type) {
  if (type.results.empty()) return {};
  if (type.results.size() == 1) return {ret};
  std::vector<llvm::Value*> values;
  for (size_t i = 0; i < type.results.size(); ++i)
    values.push_back(b_.CreateExtractValue(ret, {static_cast<unsigned>(i)}));
  return values;
}

llvm::Value* FunctionTranslator::array_slots(unsigned count) {
  llvm::IRBuilder<> eb(entry_, entry_->getFirstInsertionPt());
  llvm::AllocaInst* slots = eb.CreateAlloca(env_.i64, eb.getInt32(count == 0 ? 1 : count));
  slots->setAlignment(llvm::Align(16));
  return slots;
}

std::vector<llvm::Value*> FunctionTranslator::call_ref(llvm::Value* ref, uint32_t type_index,
                                                       std::span<llvm::Value* const> args) {
  const FuncType& type = env_.wasm.types[type_index];
  llvm::Value* native = b_.CreateAlignedLoad(
      env_.ptr, b_.CreateConstInBoundsGEP1_64(env_.i8, ref, offsetof(WispVmFuncRef, native_code)),
      llvm::Align(8));
  llvm::Value* callee_ctx = b_.CreateAlignedLoad(
      env_.ptr, b_.CreateConstInBoundsGEP1_64(env_.i8, ref, offsetof(WispVmFuncRef, vmctx)), llvm::Align(8));
  llvm::BasicBlock* native_block = new_block("call.native");
  llvm::BasicBlock* array_block = new_block("call.array");
  llvm::BasicBlock* join = new_block("call.join");
  b_.CreateCondBr(b_.CreateIsNotNull(native), native_block, array_block);

  b_.SetInsertPoint(native_block);
  std::vector<llvm::Value*> native_args{callee_ctx};
  native_args.insert(native_args.end(), args.begin(), args.end());
  std::vector<llvm::Value*> native_results =
      unpack_results(b_.CreateCall(env_.func_types[type_index], native, native_args), type);
  llvm::BasicBlock* native_end = b_.GetInsertBlock();
  b_.CreateBr(join);

  b_.SetInsertPoint(array_block);
  unsigned param_slots = 0, result_slots = 0;
  for (ValType p : type.params) param_slots += slot_count(p);
  for (ValType r : type.results) result_slots += slot_count(r);
  llvm::Value* slots = array_slots(std::max(param_slots, result_slots));
  unsigned slot = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    store_slot(b_, env_, slots, slot, type.params[i], args[i]);
    slot += slot_count(type.params[i]);
  }
  llvm::Value* array_fn = b_.CreateAlignedLoad(
      env_.ptr, b_.CreateConstInBoundsGEP1_64(env_.i8, ref, offsetof(WispVmFuncRef, array_code)),
      llvm::Align(8));
  llvm::Value* status = b_.CreateCall(env_.array_type, array_fn, {callee_ctx, slots, vmctx_});
  llvm::BasicBlock* failed = new_block("call.trapped");
  llvm::BasicBlock* done = new_block("call.array.ok");
  b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), failed, done);
  {
    llvm::IRBuilder<> fb(failed);
    fb.CreateCall(env_.trap, {vmctx_, fb.CreateSub(status, fb.getInt32(1))});
    fb.CreateUnreachable();
  }
  b_.SetInsertPoint(done);
  std::vector<llvm::Value*> array_results;
  slot = 0;
  for (ValType r : type.results) {
    array_results.push_back(load_slot(b_, env_, slots, slot, r));
    slot += slot_count(r);
  }
  llvm::BasicBlock* array_end = b_.GetInsertBlock();
  b_.CreateBr(join);

  b_.SetInsertPoint(join);
  std::vector<llvm::Value*> results;
  for (size_t i = 0; i < type.results.size(); ++i) {
    llvm::PHINode* phi = b_.CreatePHI(env_.type_of(type.results[i]), 2);
    phi->addIncoming(native_results[i], native_end);
    phi->addIncoming(array_results[i], array_end);
    results.push_back(phi);
  }
  return results;
}

void FunctionTranslator::emit_call(const ast::Instr& in) {
  if (in.op == Op::Call) {
    const uint32_t callee = in.a;
    const uint32_t type_index = env_.wasm.func_type_index(callee);
    std::vector<llvm::Value*> args = pop_n(env_.wasm.types[type_index].params.size());
    if (callee < env_.wasm.num_imported_funcs) {
      llvm::Value* ref = vm_array_element(offsetof(WispVmContext, funcs), callee);
      for (llvm::Value* r : call_ref(ref, type_index, args)) push(r);
      return;
    }
    args.insert(args.begin(), vmctx_);
    llvm::Value* ret = b_.CreateCall(env_.natives[callee], args);
    for (llvm::Value* r : unpack_results(ret, env_.wasm.types[type_index])) push(r);
    return;
  }
  // call_indirect: a = type index, b = table index.
  const uint32_t type_index = in.a;
  llvm::Value* index = pop();
  std::vector<llvm::Value*> args = pop_n(env_.wasm.types[type_index].params.size());
  llvm::Value* table = vm_array_element(offsetof(WispVmContext, tables), in.b);
  llvm::Value* size = b_.CreateAlignedLoad(
      env_.i32, b_.CreateConstInBoundsGEP1_64(env_.i8, table, offsetof(WispVmTable, size)), llvm::Align(4));
  trap_if(b_.CreateICmpUGE(index, size), ErrorCode::UndefinedElement);
  llvm::Value* elems = b_.CreateAlignedLoad(env_.ptr, table, llvm::Align(8));
  llvm::Value* ref = b_.CreateAlignedLoad(
      env_.ptr, b_.CreateInBoundsGEP(env_.ptr, elems, b_.CreateZExt(index, env_.i64)), llvm::Align(8));
  trap_if(b_.CreateIsNull(ref), ErrorCode::UninitializedElement);
  llvm::Value* type_ids = vm_field(offsetof(WispVmContext, type_ids));
  llvm::Value* expected =
      invariant_load(env_.i32, b_.CreateConstInBoundsGEP1_64(env_.i32, type_ids, type_index));
  llvm::Value* actual = b_.CreateAlignedLoad(
      env_.i32, b_.CreateConstInBoundsGEP1_64(env_.i8, ref, offsetof(WispVmFuncRef, type_id)),
      llvm::Align(4));
  trap_if(b_.CreateICmpNE(expected, actual), ErrorCode::IndirectCallTypeMismatch);
  for (llvm::Value* r : call_ref(ref, type_index, args)) push(r);
}

}  // namespace wisp::aot::codegen
