// Structured control flow: blocks, loops and ifs become basic blocks whose
// merge points take their values through PHI nodes; branches add incoming
// values; `br_table` becomes a switch over one edge block per distinct label.
#include <map>

#include "aot/codegen/translator.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;
using Kind = FunctionTranslator::Frame::Kind;

void FunctionTranslator::emit_control(const ast::Instr& in) {
  switch (in.op) {
    case Op::Unreachable: trap_now(ErrorCode::Unreachable); return;
    case Op::Nop: return;
    case Op::Block: begin_block(in, Kind::Block); return;
    case Op::Loop: begin_block(in, Kind::Loop); return;
    case Op::If: begin_block(in, Kind::If); return;
    case Op::Else: on_else(); return;
    case Op::End: on_end(); return;
    case Op::Br: branch(in.a); return;
    case Op::BrIf: {
      llvm::Value* cond = b_.CreateICmpNE(pop(), b_.getInt32(0));
      Frame& target = frames_[frames_.size() - 1 - in.a];
      const size_t n = label_arity(target);
      std::vector<llvm::Value*> values(stack_.end() - static_cast<ptrdiff_t>(n), stack_.end());
      llvm::BasicBlock* from = b_.GetInsertBlock();
      llvm::BasicBlock* fallthrough = new_block("br_if.cont");
      b_.CreateCondBr(cond, label_block(target), fallthrough);
      add_label_args(target, from, values);
      b_.SetInsertPoint(fallthrough);
      return;
    }
    case Op::BrTable: {
      llvm::Value* index = pop();
      const uint32_t count = in.b;
      const uint32_t* labels = fn_.label_tables.data() + in.a;
      const size_t n = label_arity(frames_[frames_.size() - 1 - labels[count]]);
      std::vector<llvm::Value*> values(stack_.end() - static_cast<ptrdiff_t>(n), stack_.end());
      // A PHI wants one entry per predecessor block: route every distinct
      // label through its own edge block.
      std::map<uint32_t, llvm::BasicBlock*> edges;
      auto edge = [&](uint32_t depth) {
        auto it = edges.find(depth);
        if (it != edges.end()) return it->second;
        llvm::BasicBlock* block = new_block("br_table.edge");
        Frame& target = frames_[frames_.size() - 1 - depth];
        llvm::IRBuilder<> eb(block);
        eb.CreateBr(label_block(target));
        add_label_args(target, block, values);
        edges[depth] = block;
        return block;
      };
      llvm::SwitchInst* sw = b_.CreateSwitch(index, edge(labels[count]), count);
      for (uint32_t i = 0; i < count; ++i) sw->addCase(b_.getInt32(i), edge(labels[i]));
      mark_unreachable();
      return;
    }
    case Op::Return: emit_return(); return;
    case Op::Drop: pop(); return;  // memory loads are volatile: a dropped one still traps
    case Op::Select:
    case Op::SelectT: {
      llvm::Value* cond = b_.CreateICmpNE(pop(), b_.getInt32(0));
      llvm::Value* if_false = pop();
      llvm::Value* if_true = pop();
      push(b_.CreateSelect(cond, if_true, if_false));
      return;
    }
    default: return;
  }
}

void FunctionTranslator::block_signature(const ast::Instr& in, std::vector<ValType>& params,
                                         std::vector<ValType>& results) const {
  switch (static_cast<ast::BlockKind>(in.a)) {
    case ast::BlockKind::Empty: return;
    case ast::BlockKind::Value: results.push_back(static_cast<ValType>(in.b)); return;
    case ast::BlockKind::TypeIndex:
      params = env_.wasm.types[in.b].params;
      results = env_.wasm.types[in.b].results;
      return;
  }
}

void FunctionTranslator::begin_block(const ast::Instr& in, Frame::Kind kind) {
  Frame f;
  f.kind = kind;
  block_signature(in, f.params, f.results);
  llvm::Value* cond = kind == Kind::If ? b_.CreateICmpNE(pop(), b_.getInt32(0)) : nullptr;
  f.height = stack_.size() - f.params.size();
  f.end = llvm::BasicBlock::Create(env_.ctx, "end");
  for (ValType r : f.results) f.end_phis.push_back(llvm::PHINode::Create(env_.type_of(r), 2, "", f.end));
  if (kind == Kind::Loop) {
    llvm::BasicBlock* from = b_.GetInsertBlock();
    f.header = new_block("loop");
    b_.CreateBr(f.header);
    b_.SetInsertPoint(f.header);
    for (size_t i = 0; i < f.params.size(); ++i) {
      llvm::PHINode* phi = b_.CreatePHI(env_.type_of(f.params[i]), 2);
      phi->addIncoming(stack_[f.height + i], from);
      f.header_phis.push_back(phi);
      stack_[f.height + i] = phi;
    }
    // No interrupt poll here: an atomic load per iteration kept LLVM from
    // optimising inner loops (~7 % of the grayscale example). A loop is
    // stopped by a signal instead (invoke.h, interrupt_thread).
  } else if (kind == Kind::If) {
    llvm::BasicBlock* then_block = new_block("then");
    f.else_block = new_block("else");
    b_.CreateCondBr(cond, then_block, f.else_block);
    f.if_params.assign(stack_.begin() + static_cast<ptrdiff_t>(f.height), stack_.end());
    b_.SetInsertPoint(then_block);
  }
  frames_.push_back(std::move(f));
}

void FunctionTranslator::on_else() {
  Frame& f = frames_.back();
  if (!f.unreachable) {
    std::vector<llvm::Value*> values = pop_n(f.results.size());
    add_label_args(f, b_.GetInsertBlock(), values);
    b_.CreateBr(f.end);
  }
  f.has_else = true;
  f.unreachable = false;
  stack_.resize(f.height);
  for (llvm::Value* p : f.if_params) push(p);
  b_.SetInsertPoint(f.else_block);
}

void FunctionTranslator::on_end() {
  Frame& f = frames_.back();
  // Falling off the end feeds the end block, also for a loop (whose label
  // is its header).
  auto feed_end = [&f](llvm::BasicBlock* from, std::span<llvm::Value* const> values) {
    for (size_t i = 0; i < f.end_phis.size(); ++i) f.end_phis[i]->addIncoming(values[i], from);
  };
  if (!f.unreachable) {
    std::vector<llvm::Value*> values = pop_n(f.results.size());
    feed_end(b_.GetInsertBlock(), values);
    b_.CreateBr(f.end);
  }
  if (f.kind == Kind::If && !f.has_else) {
    // The implicit else arm passes the params through as results.
    b_.SetInsertPoint(f.else_block);
    feed_end(f.else_block, f.if_params);
    b_.CreateBr(f.end);
  }
  Frame done = std::move(f);
  frames_.pop_back();
  stack_.resize(done.height);
  if (llvm::pred_empty(done.end)) {
    // Nothing reaches the continuation: the enclosing arm is dead from here.
    for (llvm::PHINode* phi : done.end_phis) phi->eraseFromParent();
    delete done.end;
    if (!frames_.empty()) mark_unreachable();
    return;
  }
  done.end->insertInto(llfn_);
  b_.SetInsertPoint(done.end);
  if (frames_.empty()) {
    std::vector<llvm::Value*> values(done.end_phis.begin(), done.end_phis.end());
    create_ret(values);
    return;
  }
  for (llvm::PHINode* phi : done.end_phis) push(phi);
}

llvm::BasicBlock* FunctionTranslator::label_block(Frame& target) const {
  return target.kind == Kind::Loop ? target.header : target.end;
}

size_t FunctionTranslator::label_arity(const Frame& target) const {
  return target.kind == Kind::Loop ? target.params.size() : target.results.size();
}

void FunctionTranslator::add_label_args(Frame& target, llvm::BasicBlock* from,
                                        std::span<llvm::Value* const> values) {
  std::vector<llvm::PHINode*>& phis = target.kind == Kind::Loop ? target.header_phis : target.end_phis;
  for (size_t i = 0; i < phis.size(); ++i) phis[i]->addIncoming(values[i], from);
}

void FunctionTranslator::branch(uint32_t depth) {
  Frame& target = frames_[frames_.size() - 1 - depth];
  const size_t n = label_arity(target);
  std::vector<llvm::Value*> values(stack_.end() - static_cast<ptrdiff_t>(n), stack_.end());
  add_label_args(target, b_.GetInsertBlock(), values);
  b_.CreateBr(label_block(target));
  mark_unreachable();
}

void FunctionTranslator::emit_return() {
  std::vector<llvm::Value*> values = pop_n(type_.results.size());
  create_ret(values);
  mark_unreachable();
}

void FunctionTranslator::create_ret(std::span<llvm::Value* const> values) {
  if (values.empty()) {
    b_.CreateRetVoid();
  } else if (values.size() == 1) {
    b_.CreateRet(values[0]);
  } else {
    llvm::Value* agg = llvm::UndefValue::get(env_.results_type(type_));
    for (size_t i = 0; i < values.size(); ++i)
      agg = b_.CreateInsertValue(agg, values[i], {static_cast<unsigned>(i)});
    b_.CreateRet(agg);
  }
}

void FunctionTranslator::mark_unreachable() {
  Frame& f = frames_.back();
  f.unreachable = true;
  stack_.resize(f.height);
}

}  // namespace wisp::aot::codegen
