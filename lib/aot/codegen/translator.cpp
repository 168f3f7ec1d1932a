#include "aot/codegen/translator.h"

#include <llvm/IR/MDBuilder.h>

#include <cstddef>

#include "aot/vmctx.h"

namespace wisp::aot::codegen {

Category category(ast::Opcode op) {
  const ast::OpInfo& i = ast::info(op);
  if (i.prefix == 0xFD) return Category::Simd;
  switch (i.imm) {
    case ast::Imm::BlockType:
    case ast::Imm::Label:
    case ast::Imm::LabelTable:
    case ast::Imm::SelectT: return Category::Control;
    case ast::Imm::FuncIdx: return op == ast::Opcode::RefFunc ? Category::Table : Category::Call;
    case ast::Imm::CallIndirect: return Category::Call;
    case ast::Imm::LocalIdx:
    case ast::Imm::GlobalIdx: return Category::Variable;
    case ast::Imm::MemArg:
    case ast::Imm::MemIdx:
    case ast::Imm::MemoryCopy:
    case ast::Imm::MemoryInit:
    case ast::Imm::DataIdx: return Category::Memory;
    case ast::Imm::TableIdx:
    case ast::Imm::ElemIdx:
    case ast::Imm::TableCopy:
    case ast::Imm::TableInit:
    case ast::Imm::RefType: return Category::Table;
    case ast::Imm::I32:
    case ast::Imm::I64: return Category::Int;
    case ast::Imm::F32:
    case ast::Imm::F64: return Category::Float;
    default: break;
  }
  if (op == ast::Opcode::RefIsNull) return Category::Table;
  if (i.sig.empty()) return Category::Control;  // unreachable, nop, else, end, return, drop, select
  const std::string_view in = ast::sig_inputs(i.sig);
  const std::string_view out = ast::sig_outputs(i.sig);
  // One operand changing type is a conversion (eqz only tests).
  if (in.size() == 1 && out.size() == 1 && in != out && !i.text.ends_with("eqz")) return Category::Convert;
  return i.text[0] == 'f' ? Category::Float : Category::Int;
}

FunctionTranslator::FunctionTranslator(ModuleEnv& env, uint32_t func_index)
    : env_(env),
      func_index_(func_index),
      fn_(env.wasm.functions[func_index - env.wasm.num_imported_funcs]),
      type_(env.func_type(func_index)),
      llfn_(env.natives[func_index]),
      b_(env.ctx),
      vmctx_(llfn_->getArg(0)) {}

void FunctionTranslator::run() {
  entry_ = llvm::BasicBlock::Create(env_.ctx, "entry", llfn_);
  b_.SetInsertPoint(entry_);
  for (size_t i = 0; i < type_.params.size(); ++i) local_types_.push_back(type_.params[i]);
  for (ValType t : fn_.locals) local_types_.push_back(t);
  for (size_t i = 0; i < local_types_.size(); ++i) {
    llvm::Type* t = env_.type_of(local_types_[i]);
    llvm::AllocaInst* slot = b_.CreateAlloca(t);
    locals_.push_back(slot);
    llvm::Value* init = i < type_.params.size()
                            ? static_cast<llvm::Value*>(llfn_->getArg(static_cast<unsigned>(i + 1)))
                            : llvm::Constant::getNullValue(t);
    b_.CreateStore(init, slot);
  }
  llvm::BasicBlock* body = new_block("body");
  b_.CreateBr(body);
  b_.SetInsertPoint(body);
  check_stack();
  check_interrupt();

  Frame f;
  f.kind = Frame::Kind::Function;
  f.results = type_.results;
  f.end = llvm::BasicBlock::Create(env_.ctx, "return");
  for (ValType r : f.results) f.end_phis.push_back(llvm::PHINode::Create(env_.type_of(r), 2, "", f.end));
  frames_.push_back(std::move(f));

  for (const ast::Instr& in : fn_.body) {
    if (frames_.empty()) break;
    if (frames_.back().unreachable) {
      // Dead code: only the structure matters.
      switch (in.op) {
        case ast::Opcode::Block:
        case ast::Opcode::Loop:
        case ast::Opcode::If: ++dead_depth_; break;
        case ast::Opcode::Else:
          if (dead_depth_ == 0) on_else();
          break;
        case ast::Opcode::End:
          if (dead_depth_ > 0)
            --dead_depth_;
          else
            on_end();
          break;
        default: break;
      }
      continue;
    }
    switch (category(in.op)) {
      case Category::Control: emit_control(in); break;
      case Category::Variable: emit_variable(in); break;
      case Category::Int: emit_int(in); break;
      case Category::Float: emit_float(in); break;
      case Category::Convert: emit_convert(in); break;
      case Category::Memory: emit_memory(in); break;
      case Category::Table: emit_table(in); break;
      case Category::Call: emit_call(in); break;
      case Category::Simd: emit_simd(in); break;
    }
  }
}

llvm::Value* FunctionTranslator::pop() {
  llvm::Value* v = stack_.back();
  stack_.pop_back();
  return v;
}

std::vector<llvm::Value*> FunctionTranslator::pop_n(size_t n) {
  std::vector<llvm::Value*> values(stack_.end() - static_cast<ptrdiff_t>(n), stack_.end());
  stack_.resize(stack_.size() - n);
  return values;
}

llvm::BasicBlock* FunctionTranslator::new_block(const char* name) {
  return llvm::BasicBlock::Create(env_.ctx, name, llfn_);
}

llvm::BasicBlock* FunctionTranslator::trap_block(ErrorCode code) {
  auto it = trap_blocks_.find(code);
  if (it != trap_blocks_.end()) return it->second;
  llvm::BasicBlock* block = new_block("trap");
  llvm::IRBuilder<> tb(block);
  tb.CreateCall(env_.trap, {vmctx_, tb.getInt32(static_cast<uint32_t>(code))});
  tb.CreateUnreachable();
  trap_blocks_[code] = block;
  return block;
}

void FunctionTranslator::trap_if(llvm::Value* cond, ErrorCode code) {
  llvm::BasicBlock* ok = new_block("ok");
  llvm::MDBuilder md(env_.ctx);
  b_.CreateCondBr(cond, trap_block(code), ok, md.createUnlikelyBranchWeights());
  b_.SetInsertPoint(ok);
}

void FunctionTranslator::trap_now(ErrorCode code) {
  b_.CreateCall(env_.trap, {vmctx_, b_.getInt32(static_cast<uint32_t>(code))});
  b_.CreateUnreachable();
  mark_unreachable();
}

llvm::Value* FunctionTranslator::invariant_load(llvm::Type* type, llvm::Value* address) {
  llvm::LoadInst* load = b_.CreateAlignedLoad(type, address, llvm::Align(type->isPointerTy() ? 8 : 4));
  load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(env_.ctx, {}));
  return load;
}

llvm::Value* FunctionTranslator::vm_field(size_t offset) {
  auto it = vm_fields_.find(offset);
  if (it != vm_fields_.end()) return it->second;
  llvm::IRBuilder<> eb(entry_->getTerminator());
  llvm::Value* address = eb.CreateConstInBoundsGEP1_64(env_.i8, vmctx_, offset);
  llvm::LoadInst* load = eb.CreateAlignedLoad(env_.ptr, address, llvm::Align(8));
  load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(env_.ctx, {}));
  vm_fields_[offset] = load;
  return load;
}

llvm::Value* FunctionTranslator::vm_array_element(size_t field_offset, uint32_t index) {
  auto key = std::make_pair(field_offset, index);
  auto it = vm_elements_.find(key);
  if (it != vm_elements_.end()) return it->second;
  llvm::Value* array = vm_field(field_offset);
  llvm::IRBuilder<> eb(entry_->getTerminator());
  llvm::Value* address = eb.CreateConstInBoundsGEP1_64(env_.ptr, array, index);
  llvm::LoadInst* load = eb.CreateAlignedLoad(env_.ptr, address, llvm::Align(8));
  load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(env_.ctx, {}));
  vm_elements_[key] = load;
  return load;
}

void FunctionTranslator::check_stack() {
  llvm::Value* limit_address = vm_field(offsetof(WispVmContext, stack_limit));
  llvm::Value* limit = b_.CreateAlignedLoad(env_.i64, limit_address, llvm::Align(8));
  llvm::Value* frame = b_.CreateIntrinsic(llvm::Intrinsic::frameaddress, {env_.ptr}, {b_.getInt32(0)});
  trap_if(b_.CreateICmpULT(b_.CreatePtrToInt(frame, env_.i64), limit), ErrorCode::CallStackExhausted);
}

void FunctionTranslator::check_interrupt() {
  llvm::Value* flag_address = vm_field(offsetof(WispVmContext, interrupt_flag));
  llvm::LoadInst* flag = b_.CreateAlignedLoad(env_.i8, flag_address, llvm::Align(1));
  flag->setAtomic(llvm::AtomicOrdering::Monotonic);
  trap_if(b_.CreateICmpNE(flag, b_.getInt8(0)), ErrorCode::Interrupted);
}

}  // namespace wisp::aot::codegen
