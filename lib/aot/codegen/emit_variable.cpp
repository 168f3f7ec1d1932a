// Locals (allocas, promoted to registers by mem2reg) and globals (16-byte
// cells the VM context points at; immutable ones load as invariant).
#include <cstddef>

#include "aot/codegen/translator.h"
#include "aot/vmctx.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;

void FunctionTranslator::emit_variable(const ast::Instr& in) {
  switch (in.op) {
    case Op::LocalGet: push(b_.CreateLoad(env_.type_of(local_types_[in.a]), locals_[in.a])); return;
    case Op::LocalSet: b_.CreateStore(pop(), locals_[in.a]); return;
    case Op::LocalTee: b_.CreateStore(peek(), locals_[in.a]); return;
    case Op::GlobalGet: {
      const ast::GlobalType g = env_.wasm.global_type(in.a);
      llvm::Value* cell = vm_array_element(offsetof(WispVmContext, globals), in.a);
      llvm::Type* t = env_.type_of(g.type);
      if (!g.mut) {
        push(invariant_load(t, cell));
      } else {
        push(b_.CreateAlignedLoad(t, cell, llvm::Align(8)));
      }
      return;
    }
    case Op::GlobalSet: {
      llvm::Value* cell = vm_array_element(offsetof(WispVmContext, globals), in.a);
      // Volatile like memory stores (memory_store): an exported global must
      // not change before a trap that comes first in the program.
      b_.CreateAlignedStore(pop(), cell, llvm::Align(8))->setVolatile(true);
      return;
    }
    default: return;
  }
}

}  // namespace wisp::aot::codegen
