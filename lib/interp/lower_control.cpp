// Lowering: the function frame, the operand stack model and structured
// control flow (blocks, branches with their result moves, returns).
#include "interp/lowering.h"

namespace wisp::interp {

Lowering::Lowering(const LowerContext& ctx, const ast::Function& fn, CompiledFunc& out)
    : ctx_(ctx), m_(ctx.module), fn_(fn), out_(out) {
  const FuncType& type = m_.types[fn.type_index];
  uint32_t slot = 0;
  for (ValType t : type.params) {
    local_slot_.push_back(slot);
    local_type_.push_back(t);
    slot += slot_count(t);
  }
  out_.param_slots = slot;
  for (ValType t : fn.locals) {
    local_slot_.push_back(slot);
    local_type_.push_back(t);
    slot += slot_count(t);
  }
  temp_base_ = slot;
  max_slot_ = slot;
  for (ValType t : type.results) out_.result_slots += slot_count(t);
  out_.v128_pool = fn.v128_consts;
}

void Lowering::run() {
  const FuncType& type = m_.types[fn_.type_index];
  const uint32_t local_slots = temp_base_ - out_.param_slots;
  const uint32_t entry = emit(local_slots ? Iop::EntryLocals : Iop::Entry, out_.param_slots, local_slots);
  Ctrl func;
  func.kind = Kind::Func;
  func.results = type.results;
  func.check_op = entry;
  ctrls_.push_back(std::move(func));
  for (const ast::Instr& in : fn_.body) {
    if (ctrls_.empty()) break;
    lower(in);
  }
  out_.frame_slots = std::max(max_slot_, out_.result_slots);
  out_.code[entry].c = out_.frame_slots;
}

// ---- emission

uint32_t Lowering::emit(Iop op, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint64_t imm) {
  Op o;
  o.handler = reinterpret_cast<const void*>(static_cast<uintptr_t>(op));
  o.a = a;
  o.b = b;
  o.c = c;
  o.d = d;
  o.imm = imm;
  out_.code.push_back(o);
  return here() - 1;
}

void Lowering::place_label() { label_at_ = here(); }

void Lowering::patch(uint32_t op_index, uint32_t target) {
  out_.code[op_index].imm =
      static_cast<uint64_t>(static_cast<int64_t>(target) - static_cast<int64_t>(op_index));
}

bool Lowering::can_rename_last(const Entry& e) const {
  return e.src == Src::Home && last_result_op_ >= 0 && last_result_op_ == static_cast<int64_t>(here()) - 1 &&
         label_at_ != here() && out_.code.back().a == e.home;
}

// ---- operand stack

uint32_t Lowering::next_home() const {
  if (stack_.empty()) return temp_base_;
  return stack_.back().home + slot_count(stack_.back().type);
}

void Lowering::push_home(ValType t) {
  const uint32_t home = next_home();
  stack_.push_back(Entry{t, Src::Home, home, 0, 0});
  max_slot_ = std::max(max_slot_, home + slot_count(t));
}

void Lowering::push_const(ValType t, uint64_t bits) {
  push_home(t);
  stack_.back().src = Src::Const;
  stack_.back().bits = bits;
}

Lowering::Entry Lowering::pop() {
  Entry e = stack_.back();
  stack_.pop_back();
  return e;
}

uint32_t Lowering::result(ValType t) {
  push_home(t);
  return stack_.back().home;
}

void Lowering::move_to(uint32_t dst, const Entry& e) {
  const bool wide = e.type == ValType::V128;
  switch (e.src) {
    case Src::Home:
      if (e.home != dst) emit(wide ? Iop::Copy2 : Iop::Copy, dst, e.home);
      break;
    case Src::Local:
      if (e.slot != dst) emit(wide ? Iop::Copy2 : Iop::Copy, dst, e.slot);
      break;
    case Src::Const:
      if (wide)
        emit(Iop::ConstV128, dst, 0, 0, 0, reinterpret_cast<uint64_t>(&out_.v128_pool[e.bits]));
      else
        emit(Iop::Const, dst, 0, 0, 0, e.bits);
      break;
  }
}

uint32_t Lowering::operand(const Entry& e) {
  if (e.src == Src::Local) return e.slot;
  if (e.src == Src::Const) move_to(e.home, e);
  return e.home;
}

void Lowering::materialize(Entry& e) {
  if (e.src == Src::Home) return;
  move_to(e.home, e);
  e.src = Src::Home;
}

void Lowering::materialize_all() {
  for (Entry& e : stack_) materialize(e);
}

void Lowering::materialize_local(uint32_t slot) {
  for (Entry& e : stack_)
    if (e.src == Src::Local && e.slot == slot) materialize(e);
}

// ---- blocks

void Lowering::block_type(const ast::Instr& in, std::vector<ValType>& params,
                          std::vector<ValType>& results) const {
  switch (static_cast<ast::BlockKind>(in.a)) {
    case ast::BlockKind::Empty: break;
    case ast::BlockKind::Value: results.push_back(static_cast<ValType>(in.b)); break;
    case ast::BlockKind::TypeIndex:
      params = m_.types[in.b].params;
      results = m_.types[in.b].results;
      break;
  }
}

void Lowering::set_unreachable() { ctrls_.back().unreachable = true; }

void Lowering::enter(Kind kind, const ast::Instr& in) {
  if (ctrls_.back().unreachable) {
    Ctrl dead;
    dead.kind = kind;
    dead.dead = dead.unreachable = true;
    ctrls_.push_back(std::move(dead));
    return;
  }
  Ctrl c;
  c.kind = kind;
  block_type(in, c.params, c.results);
  // A comparison feeding `if` fuses into its branch; taken before anything else is emitted.
  Fused fused;
  bool is_fused = false;
  uint32_t cond_slot = 0;
  if (kind == Kind::If) {
    Entry cond = pop();
    is_fused = take_condition(cond, fused);
    if (!is_fused) cond_slot = operand(cond);
  }
  // Values below and inside the block must live in their homes: code inside
  // may change locals, and join points need one location per value.
  materialize_all();
  c.stack_base = stack_.size() - c.params.size();
  c.slot_base = c.params.empty() ? next_home() : stack_[c.stack_base].home;
  place_label();
  if (kind == Kind::Loop) {
    c.loop_start = c.check_op = emit(Iop::LoopCheck);
  } else if (kind == Kind::If) {
    // Jump to else when the condition is false.
    c.else_fixup = is_fused ? emit(fused.if_false, fused.x, fused.y) : emit(Iop::BrUnless, cond_slot);
    c.saved_params.assign(stack_.begin() + static_cast<std::ptrdiff_t>(c.stack_base), stack_.end());
  }
  ctrls_.push_back(std::move(c));
}

void Lowering::do_else() {
  Ctrl& c = ctrls_.back();
  if (c.dead) return;
  if (!c.unreachable) {
    for (size_t i = c.stack_base; i < stack_.size(); ++i) materialize(stack_[i]);
    c.fixups.push_back(emit(Iop::Br));
  }
  place_label();
  patch(static_cast<uint32_t>(c.else_fixup), here());
  c.else_fixup = -1;
  stack_.resize(c.stack_base);
  stack_.insert(stack_.end(), c.saved_params.begin(), c.saved_params.end());
  c.unreachable = false;
}

void Lowering::do_end() {
  Ctrl c = std::move(ctrls_.back());
  ctrls_.pop_back();
  if (c.dead) return;
  if (c.kind == Kind::Func) {
    if (!c.unreachable) emit_return();
    out_.code[c.check_op].imm = c.fuel;
    return;
  }
  if (!c.unreachable)
    for (size_t i = c.stack_base; i < stack_.size(); ++i) materialize(stack_[i]);
  place_label();
  for (uint32_t f : c.fixups) patch(f, here());
  if (c.else_fixup >= 0) patch(static_cast<uint32_t>(c.else_fixup), here());
  if (c.kind == Kind::Loop) out_.code[c.check_op].imm = c.fuel;
  // Nested loops charge their own iterations; the parent pays for one pass.
  ctrls_.back().fuel += c.fuel;
  stack_.resize(c.stack_base);
  for (ValType t : c.results) push_home(t);
}

// ---- branches

bool Lowering::branch_needs_moves(uint32_t depth) const {
  const Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
  if (target.kind == Kind::Func) return true;
  const std::vector<ValType>& arity = target.kind == Kind::Loop ? target.params : target.results;
  uint32_t dst = target.slot_base;
  for (size_t i = stack_.size() - arity.size(); i < stack_.size(); ++i) {
    const Entry& e = stack_[i];
    if (e.src != Src::Home || e.home != dst) return true;
    dst += slot_count(e.type);
  }
  return false;
}

void Lowering::emit_branch_moves(uint32_t depth) {
  const Ctrl& target = label(depth);
  const std::vector<ValType>& arity = target.kind == Kind::Loop ? target.params : target.results;
  uint32_t dst = target.slot_base;
  for (size_t i = stack_.size() - arity.size(); i < stack_.size(); ++i) {
    move_to(dst, stack_[i]);
    dst += slot_count(stack_[i].type);
  }
}

void Lowering::emit_jump(uint32_t depth) {
  Ctrl& target = label(depth);
  const uint32_t br = emit(Iop::Br);
  if (target.kind == Kind::Loop)
    patch(br, target.loop_start);
  else
    target.fixups.push_back(br);
}

void Lowering::emit_return() {
  const FuncType& type = m_.types[fn_.type_index];
  const size_t first = stack_.size() - type.results.size();
  // A local below the result area could be overwritten by an earlier move.
  for (size_t i = first; i < stack_.size(); ++i)
    if (stack_[i].src == Src::Local && stack_[i].slot < out_.result_slots) materialize(stack_[i]);
  uint32_t dst = 0;
  for (size_t i = first; i < stack_.size(); ++i) {
    move_to(dst, stack_[i]);
    dst += slot_count(stack_[i].type);
  }
  emit(Iop::Return);
}

void Lowering::do_br(uint32_t depth) {
  if (label(depth).kind == Kind::Func) {
    emit_return();
  } else {
    emit_branch_moves(depth);
    emit_jump(depth);
  }
  set_unreachable();
}

bool Lowering::take_condition(const Entry& cond, Fused& out) {
  if (!can_rename_last(cond)) return false;
  const Op last = out_.code.back();
  const Iop op = static_cast<Iop>(reinterpret_cast<uintptr_t>(last.handler));
  // Index of the inverse comparison in the order eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u.
  static constexpr int kInverse[] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3};
  auto nth = [](Iop first, int i) { return static_cast<Iop>(static_cast<int>(first) + i); };
  if (op == Iop::I32Eqz) {
    out = Fused{Iop::BrIfEqz, Iop::BrIf, last.b, 0};
  } else if (op >= Iop::I32Eq && op <= Iop::I32GeU) {
    const int i = static_cast<int>(op) - static_cast<int>(Iop::I32Eq);
    out = Fused{nth(Iop::BrIfI32Eq, i), nth(Iop::BrIfI32Eq, kInverse[i]), last.b, last.c};
  } else if (op >= Iop::I32EqImm && op <= Iop::I32GeUImm) {
    const int i = static_cast<int>(op) - static_cast<int>(Iop::I32EqImm);
    out = Fused{nth(Iop::BrIfI32EqImm, i), nth(Iop::BrIfI32EqImm, kInverse[i]), last.b,
                static_cast<uint32_t>(last.imm)};
  } else {
    return false;
  }
  out_.code.pop_back();
  last_result_op_ = -1;
  return true;
}

void Lowering::do_br_if(uint32_t depth) {
  Entry cond = pop();
  if (!branch_needs_moves(depth)) {
    Ctrl& target = label(depth);
    uint32_t br;
    Fused fused;
    if (take_condition(cond, fused)) {
      br = emit(fused.if_true, fused.x, fused.y);
      if (target.kind == Kind::Loop)
        patch(br, target.loop_start);
      else
        target.fixups.push_back(br);
      return;
    }
    br = emit(Iop::BrIf, operand(cond));
    if (target.kind == Kind::Loop)
      patch(br, target.loop_start);
    else
      target.fixups.push_back(br);
    return;
  }
  Fused fused;
  const uint32_t skip = take_condition(cond, fused) ? emit(fused.if_false, fused.x, fused.y)
                                                    : emit(Iop::BrUnless, operand(cond));
  if (label(depth).kind == Kind::Func) {
    emit_return();
  } else {
    emit_branch_moves(depth);
    emit_jump(depth);
  }
  place_label();
  patch(skip, here());
}

void Lowering::do_br_table(const ast::Instr& in) {
  Entry index = pop();
  const uint32_t slot = operand(index);
  const uint32_t count = in.b;
  emit(Iop::BrTable, slot, count);
  const uint32_t first_entry = here();
  for (uint32_t i = 0; i <= count; ++i) emit(Iop::Br);
  for (uint32_t i = 0; i <= count; ++i) {
    const uint32_t depth = fn_.label_tables[in.a + i];
    const uint32_t entry = first_entry + i;
    if (!branch_needs_moves(depth)) {
      Ctrl& target = label(depth);
      if (target.kind == Kind::Loop)
        patch(entry, target.loop_start);
      else
        target.fixups.push_back(entry);
      continue;
    }
    patch(entry, here());
    place_label();
    if (label(depth).kind == Kind::Func) {
      emit_return();
    } else {
      emit_branch_moves(depth);
      emit_jump(depth);
    }
  }
  set_unreachable();
}

}  // namespace wisp::interp
