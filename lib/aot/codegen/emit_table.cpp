// Tables and references. Element accesses check the index against the
// table's current size (tables are small and may move on growth); bulk
// operations are helpers; growth belongs to the runtime (WispVmBuiltins).
#include <cstddef>

#include "aot/codegen/translator.h"
#include "aot/vmctx.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;

void FunctionTranslator::emit_table(const ast::Instr& in) {
  auto table_record = [&](uint32_t t) { return vm_array_element(offsetof(WispVmContext, tables), t); };
  auto table_size = [&](llvm::Value* record) {
    return b_.CreateAlignedLoad(env_.i32,
                                b_.CreateConstInBoundsGEP1_64(env_.i8, record, offsetof(WispVmTable, size)),
                                llvm::Align(4));
  };
  // Address of element `index`, trapping when it is outside the table.
  auto element = [&](uint32_t t, llvm::Value* index) {
    llvm::Value* record = table_record(t);
    trap_if(b_.CreateICmpUGE(index, table_size(record)), ErrorCode::OutOfBoundsTableAccess);
    llvm::Value* elems = b_.CreateAlignedLoad(env_.ptr, record, llvm::Align(8));
    return b_.CreateInBoundsGEP(env_.ptr, elems, b_.CreateZExt(index, env_.i64));
  };

  switch (in.op) {
    case Op::RefNull: return push(llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(env_.ptr)));
    case Op::RefIsNull: return push(bool_to_i32(b_.CreateIsNull(pop())));
    case Op::RefFunc: return push(vm_array_element(offsetof(WispVmContext, funcs), in.a));
    case Op::TableGet: {
      llvm::Value* address = element(in.a, pop());
      return push(b_.CreateAlignedLoad(env_.ptr, address, llvm::Align(8)));
    }
    case Op::TableSet: {
      llvm::Value* value = pop();
      llvm::Value* address = element(in.a, pop());
      b_.CreateAlignedStore(value, address, llvm::Align(8))->setVolatile(true);  // see memory_store
      return;
    }
    case Op::TableSize: return push(table_size(table_record(in.a)));
    case Op::TableGrow: {
      llvm::Value* delta = pop();
      llvm::Value* init = pop();
      llvm::Value* builtins = vm_field(offsetof(WispVmContext, builtins));
      llvm::Value* grow = invariant_load(
          env_.ptr, b_.CreateConstInBoundsGEP1_64(env_.i8, builtins, offsetof(WispVmBuiltins, table_grow)));
      auto* type = llvm::FunctionType::get(env_.i32, {env_.ptr, env_.i32, env_.ptr, env_.i32}, false);
      return push(b_.CreateCall(type, grow, {vmctx_, b_.getInt32(in.a), init, delta}));
    }
    case Op::TableFill: {
      llvm::Value* n = pop();
      llvm::Value* value = pop();
      llvm::Value* dst = pop();
      b_.CreateCall(env_.table_fill, {vmctx_, b_.getInt32(in.a), dst, value, n});
      return;
    }
    case Op::TableCopy: {
      llvm::Value* n = pop();
      llvm::Value* src = pop();
      llvm::Value* dst = pop();
      b_.CreateCall(env_.table_copy, {vmctx_, b_.getInt32(in.a), b_.getInt32(in.b), dst, src, n});
      return;
    }
    case Op::TableInit: {
      llvm::Value* n = pop();
      llvm::Value* src = pop();
      llvm::Value* dst = pop();
      b_.CreateCall(env_.table_init, {vmctx_, b_.getInt32(in.b), b_.getInt32(in.a), dst, src, n});
      return;
    }
    case Op::ElemDrop: b_.CreateCall(env_.elem_drop, {vmctx_, b_.getInt32(in.a)}); return;
    default: return;
  }
}

}  // namespace wisp::aot::codegen
