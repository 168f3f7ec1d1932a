// Linear memory. Loads and stores rely on the guard region: the effective
// address base + zext(index) + offset is below base + 8 GiB, and anything past
// the committed size faults and becomes a trap in the signal handler. Bulk
// operations check their whole range in helpers.cpp.
#include <cstddef>
#include <string_view>

#include "aot/codegen/translator.h"
#include "aot/vmctx.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;

llvm::Value* FunctionTranslator::memory_record(uint32_t mem) {
  return vm_array_element(offsetof(WispVmContext, memories), mem);
}

llvm::Value* FunctionTranslator::memory_base(uint32_t mem) {
  auto it = memory_bases_.find(mem);
  if (it != memory_bases_.end()) return it->second;
  llvm::Value* record = memory_record(mem);
  // The base never moves, so one load in the entry block serves the whole call.
  llvm::IRBuilder<> eb(entry_->getTerminator());
  llvm::LoadInst* base = eb.CreateAlignedLoad(
      env_.ptr, eb.CreateConstInBoundsGEP1_64(env_.i8, record, offsetof(WispVmMemory, base)), llvm::Align(8));
  base->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(env_.ctx, {}));
  memory_bases_[mem] = base;
  return base;
}

llvm::LoadInst* FunctionTranslator::memory_load(llvm::Type* type, llvm::Value* address) {
  llvm::LoadInst* load = b_.CreateAlignedLoad(type, address, llvm::Align(1));
  load->setVolatile(true);
  return load;
}

void FunctionTranslator::memory_store(llvm::Value* value, llvm::Value* address) {
  b_.CreateAlignedStore(value, address, llvm::Align(1))->setVolatile(true);
}

llvm::Value* FunctionTranslator::effective_address(uint32_t mem, uint64_t offset, llvm::Value* index) {
  llvm::Value* offset64 = b_.CreateZExt(index, env_.i64);
  if (offset != 0) offset64 = b_.CreateAdd(offset64, b_.getInt64(offset), "", /*HasNUW=*/true);
  return b_.CreateInBoundsGEP(env_.i8, memory_base(mem), offset64);
}

void FunctionTranslator::emit_memory(const ast::Instr& in) {
  const ast::OpInfo& info = ast::info(in.op);
  switch (in.op) {
    case Op::MemorySize: {
      llvm::Value* size_address =
          b_.CreateConstInBoundsGEP1_64(env_.i8, memory_record(in.a), offsetof(WispVmMemory, size_bytes));
      llvm::Value* bytes = b_.CreateAlignedLoad(env_.i64, size_address, llvm::Align(8));
      return push(b_.CreateTrunc(b_.CreateLShr(bytes, 16), env_.i32));
    }
    case Op::MemoryGrow: {
      llvm::Value* delta = pop();
      llvm::Value* builtins = vm_field(offsetof(WispVmContext, builtins));
      llvm::Value* grow = invariant_load(
          env_.ptr, b_.CreateConstInBoundsGEP1_64(env_.i8, builtins, offsetof(WispVmBuiltins, memory_grow)));
      auto* type = llvm::FunctionType::get(env_.i32, {env_.ptr, env_.i32, env_.i32}, false);
      return push(b_.CreateCall(type, grow, {vmctx_, b_.getInt32(in.a), delta}));
    }
    case Op::MemoryFill: {
      llvm::Value* n = pop();
      llvm::Value* value = pop();
      llvm::Value* dst = pop();
      b_.CreateCall(env_.memory_fill, {vmctx_, b_.getInt32(in.a), dst, value, n});
      return;
    }
    case Op::MemoryCopy: {
      llvm::Value* n = pop();
      llvm::Value* src = pop();
      llvm::Value* dst = pop();
      b_.CreateCall(env_.memory_copy, {vmctx_, b_.getInt32(in.a), b_.getInt32(in.b), dst, src, n});
      return;
    }
    case Op::MemoryInit: {
      llvm::Value* n = pop();
      llvm::Value* src = pop();
      llvm::Value* dst = pop();
      b_.CreateCall(env_.memory_init, {vmctx_, b_.getInt32(in.b), b_.getInt32(in.a), dst, src, n});
      return;
    }
    case Op::DataDrop: b_.CreateCall(env_.data_drop, {vmctx_, b_.getInt32(in.a)}); return;
    default: break;
  }

  const std::string_view out = ast::sig_outputs(info.sig);
  if (out.empty()) {  // store
    llvm::Value* value = pop();
    llvm::Value* address = effective_address(in.b, in.c, pop());
    if (value->getType()->isIntegerTy() && value->getType()->getIntegerBitWidth() > info.n * 8u)
      value = b_.CreateTrunc(value, b_.getIntNTy(info.n * 8u));
    memory_store(value, address);
    return;
  }
  llvm::Type* result = env_.type_of(ast::sig_type(out[0]));
  llvm::Value* address = effective_address(in.b, in.c, pop());
  llvm::Type* access = result->isIntegerTy() ? b_.getIntNTy(info.n * 8u) : result;
  llvm::LoadInst* load = memory_load(access, address);
  if (access == result) return push(load);
  push(info.text.ends_with("_s") ? b_.CreateSExt(load, result) : b_.CreateZExt(load, result));
}

}  // namespace wisp::aot::codegen
