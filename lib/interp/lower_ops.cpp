// Lowering of everything but structured control: calls, variables, numeric,
// memory, table and SIMD instructions, and the per-module driver.
#include <array>

#include "interp/lowering.h"
#include "interp/simd/simd_ops.h"

namespace wisp::interp {
namespace {

using ast::Opcode;

constexpr uint16_t kNone = 0xFFFF;

// ast opcode -> internal op for instructions that lower one-to-one.
constexpr std::array<uint16_t, ast::kOpcodeCount> kDirect = [] {
  std::array<uint16_t, ast::kOpcodeCount> t{};
  t.fill(kNone);
#define WISP_NUMERIC(Name) t[static_cast<size_t>(Opcode::Name)] = static_cast<uint16_t>(Iop::Name);
#include "interp/numeric_ops.def"
#undef WISP_NUMERIC
#define WISP_MEMOP(Name) t[static_cast<size_t>(Opcode::Name)] = static_cast<uint16_t>(Iop::Name);
#include "interp/memory_ops.def"
#undef WISP_MEMOP
  return t;
}();

// Binary i32/i64 ops with a form taking the second operand as an immediate.
Iop imm_form(Opcode op) {
  switch (op) {
    case Opcode::I32Add: return Iop::I32AddImm;
    case Opcode::I32Sub: return Iop::I32SubImm;
    case Opcode::I32And: return Iop::I32AndImm;
    case Opcode::I32Shl: return Iop::I32ShlImm;
    case Opcode::I32ShrU: return Iop::I32ShrUImm;
    case Opcode::I32ShrS: return Iop::I32ShrSImm;
    case Opcode::I64Add: return Iop::I64AddImm;
    case Opcode::I32Mul: return Iop::I32MulImm;
    case Opcode::I32Or: return Iop::I32OrImm;
    case Opcode::I32Xor: return Iop::I32XorImm;
    case Opcode::I64Sub: return Iop::I64SubImm;
    case Opcode::I64And: return Iop::I64AndImm;
    case Opcode::I64Shl: return Iop::I64ShlImm;
    case Opcode::I64ShrU: return Iop::I64ShrUImm;
    case Opcode::I64Mul: return Iop::I64MulImm;
    case Opcode::I32Eq: return Iop::I32EqImm;
    case Opcode::I32Ne: return Iop::I32NeImm;
    case Opcode::I32LtS: return Iop::I32LtSImm;
    case Opcode::I32LtU: return Iop::I32LtUImm;
    case Opcode::I32GtS: return Iop::I32GtSImm;
    case Opcode::I32GtU: return Iop::I32GtUImm;
    case Opcode::I32LeS: return Iop::I32LeSImm;
    case Opcode::I32LeU: return Iop::I32LeUImm;
    case Opcode::I32GeS: return Iop::I32GeSImm;
    case Opcode::I32GeU: return Iop::I32GeUImm;
    default: return Iop::Count_;
  }
}

}  // namespace

void Lowering::lower(const ast::Instr& in) {
  ctrls_.back().fuel++;
  const Opcode op = in.op;
  if (ctrls_.back().unreachable) {
    // Dead code is not emitted; only the block structure is followed.
    switch (op) {
      case Opcode::Block: enter(Kind::Block, in); break;
      case Opcode::Loop: enter(Kind::Loop, in); break;
      case Opcode::If: enter(Kind::If, in); break;
      case Opcode::Else: do_else(); break;
      case Opcode::End: do_end(); break;
      default: break;
    }
    return;
  }
  switch (op) {
    case Opcode::Unreachable:
      emit(Iop::Unreachable);
      set_unreachable();
      return;
    case Opcode::Nop: return;
    case Opcode::Block: enter(Kind::Block, in); return;
    case Opcode::Loop: enter(Kind::Loop, in); return;
    case Opcode::If: enter(Kind::If, in); return;
    case Opcode::Else: do_else(); return;
    case Opcode::End: do_end(); return;
    case Opcode::Br: do_br(in.a); return;
    case Opcode::BrIf: do_br_if(in.a); return;
    case Opcode::BrTable: do_br_table(in); return;
    case Opcode::Return: do_br(static_cast<uint32_t>(ctrls_.size() - 1)); return;
    case Opcode::Call: lower_call(in.a); return;
    case Opcode::CallIndirect: lower_call_indirect(in); return;
    case Opcode::Drop: pop(); return;
    case Opcode::Select: lower_select(false); return;
    case Opcode::SelectT: lower_select(true); return;
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee: lower_local(in); return;
    case Opcode::GlobalGet: {
      const ValType t = m_.global_type(in.a).type;
      mark_result(emit(t == ValType::V128 ? Iop::GlobalGet2 : Iop::GlobalGet, result(t), in.a));
      return;
    }
    case Opcode::GlobalSet: {
      Entry v = pop();
      emit(v.type == ValType::V128 ? Iop::GlobalSet2 : Iop::GlobalSet, operand(v), in.a);
      return;
    }
    case Opcode::I32Const: push_const(ValType::I32, static_cast<uint32_t>(in.c)); return;
    case Opcode::I64Const: push_const(ValType::I64, in.c); return;
    case Opcode::F32Const: push_const(ValType::F32, static_cast<uint32_t>(in.c)); return;
    case Opcode::F64Const: push_const(ValType::F64, in.c); return;
    case Opcode::V128Const: push_const(ValType::V128, in.a); return;
    case Opcode::RefNull: push_const(static_cast<ValType>(in.a), 0); return;
    case Opcode::RefIsNull: {
      Entry r = pop();
      const uint32_t src = operand(r);
      mark_result(emit(Iop::RefIsNull, result(ValType::I32), src));
      return;
    }
    case Opcode::RefFunc: mark_result(emit(Iop::RefFunc, result(ValType::FuncRef), 0, 0, in.a)); return;
    default: break;
  }
  const ast::OpInfo& info = ast::info(op);
  if (info.prefix == 0xFD) return lower_simd(in);
  if (info.imm == ast::Imm::MemArg || op == Opcode::MemorySize || op == Opcode::MemoryGrow ||
      op == Opcode::MemoryInit || op == Opcode::DataDrop || op == Opcode::MemoryCopy ||
      op == Opcode::MemoryFill)
    return lower_memory(in);
  const uint16_t direct = kDirect[static_cast<size_t>(op)];
  if (direct != kNone) return lower_numeric(in, static_cast<Iop>(direct));
  lower_table(in);
}

void Lowering::lower_numeric(const ast::Instr& in, Iop iop) {
  const std::string_view sig = ast::info(in.op).sig;
  const std::string_view ins = ast::sig_inputs(sig);
  const ValType out = ast::sig_type(ast::sig_outputs(sig)[0]);
  if (ins.size() == 2) {
    Entry y = pop();
    Entry x = pop();
    const Iop fused = imm_form(in.op);
    if (fused != Iop::Count_ && y.src == Src::Const) {
      const uint32_t xs = operand(x);
      mark_result(emit(fused, result(out), xs, 0, 0, y.bits));
      return;
    }
    const uint32_t xs = operand(x);
    const uint32_t ys = operand(y);
    mark_result(emit(iop, result(out), xs, ys));
    return;
  }
  Entry x = pop();
  const uint32_t xs = operand(x);
  mark_result(emit(iop, result(out), xs));
}

void Lowering::lower_select(bool typed) {
  Entry cond = pop();
  Entry second = pop();
  Entry first = pop();
  const uint32_t cs = operand(cond);
  const uint32_t ss = operand(second);
  const uint32_t fs = operand(first);
  const ValType t = first.type;
  (void)typed;
  mark_result(emit(t == ValType::V128 ? Iop::Select2 : Iop::Select, result(t), fs, ss, cs));
}

void Lowering::lower_local(const ast::Instr& in) {
  const uint32_t slot = local_slot_[in.a];
  const ValType t = local_type_[in.a];
  const bool wide = t == ValType::V128;
  if (in.op == Opcode::LocalGet) {
    push_home(t);
    stack_.back().src = Src::Local;
    stack_.back().slot = slot;
    return;
  }
  Entry v = stack_.back();
  bool aliased = false;
  for (size_t i = 0; i + 1 < stack_.size(); ++i)
    aliased |= stack_[i].src == Src::Local && stack_[i].slot == slot;
  if (!aliased && can_rename_last(v)) {
    // The producing op writes the local directly.
    out_.code.back().a = slot;
    last_result_op_ = -1;
  } else if (v.src == Src::Local && v.slot == slot) {
    // local.set x of local.get x: nothing changes.
  } else {
    stack_.pop_back();
    materialize_local(slot);
    stack_.push_back(v);
    if (v.src == Src::Const) {
      move_to(slot, v);
    } else {
      emit(wide ? Iop::Copy2 : Iop::Copy, slot, v.src == Src::Local ? v.slot : v.home);
    }
  }
  stack_.pop_back();
  if (in.op == Opcode::LocalTee) {
    push_home(t);
    stack_.back().src = Src::Local;
    stack_.back().slot = slot;
  }
}

void Lowering::lower_call(uint32_t func_index) {
  const FuncType& type = m_.func_type(func_index);
  const size_t first = stack_.size() - type.params.size();
  for (size_t i = first; i < stack_.size(); ++i) materialize(stack_[i]);
  const uint32_t base = type.params.empty() ? next_home() : stack_[first].home;
  stack_.resize(first);
  if (func_index < m_.num_imported_funcs) {
    emit(Iop::CallImport, base, func_index);
  } else {
    const CompiledFunc* callee = ctx_.compiled.funcs[func_index - m_.num_imported_funcs].get();
    emit(Iop::Call, base, 0, 0, 0, reinterpret_cast<uint64_t>(callee));
  }
  for (ValType t : type.results) push_home(t);
  // The callee's frame extends past our temporaries; it checks its own room.
}

void Lowering::lower_call_indirect(const ast::Instr& in) {
  const FuncType& type = m_.types[in.a];
  Entry index = pop();
  // The element index lives above the arguments: read it before they move.
  const size_t first = stack_.size() - type.params.size();
  for (size_t i = first; i < stack_.size(); ++i) materialize(stack_[i]);
  uint32_t idx_slot = operand(index);
  const uint32_t base = type.params.empty() ? next_home() : stack_[first].home;
  stack_.resize(first);
  emit(Iop::CallIndirect, base, idx_slot, in.b, ctx_.types[in.a].id);
  for (ValType t : type.results) push_home(t);
}

void Lowering::lower_memory(const ast::Instr& in) {
  const Opcode op = in.op;
  switch (op) {
    case Opcode::MemorySize: mark_result(emit(Iop::MemorySize, result(ValType::I32))); return;
    case Opcode::MemoryGrow: {
      Entry delta = pop();
      const uint32_t ds = operand(delta);
      emit(Iop::MemoryGrow, result(ValType::I32), ds);
      return;
    }
    case Opcode::DataDrop: emit(Iop::DataDrop, 0, 0, 0, in.a); return;
    case Opcode::MemoryInit:
    case Opcode::MemoryCopy:
    case Opcode::MemoryFill: {
      Entry n = pop();
      Entry s = pop();
      Entry d = pop();
      const uint32_t ns = operand(n), ss = operand(s), dst = operand(d);
      const Iop iop = op == Opcode::MemoryInit   ? Iop::MemoryInit
                      : op == Opcode::MemoryCopy ? Iop::MemoryCopy
                                                 : Iop::MemoryFill;
      emit(iop, dst, ss, ns, op == Opcode::MemoryInit ? in.a : 0);
      return;
    }
    default: break;
  }
  const Iop iop = static_cast<Iop>(kDirect[static_cast<size_t>(op)]);
  const std::string_view sig = ast::info(op).sig;
  if (ast::sig_outputs(sig).empty()) {
    Entry v = pop();
    Entry addr = pop();
    const uint32_t vs = operand(v), as = operand(addr);
    emit(iop, as, vs, 0, 0, in.c);
    return;
  }
  Entry addr = pop();
  const uint32_t as = operand(addr);
  mark_result(emit(iop, result(ast::sig_type(ast::sig_outputs(sig)[0])), as, 0, 0, in.c));
}

void Lowering::lower_table(const ast::Instr& in) {
  switch (in.op) {
    case Opcode::TableGet: {
      Entry i = pop();
      const uint32_t is = operand(i);
      mark_result(emit(Iop::TableGet, result(m_.table_type(in.a).elem), is, 0, in.a));
      return;
    }
    case Opcode::TableSet: {
      Entry v = pop();
      Entry i = pop();
      const uint32_t vs = operand(v), is = operand(i);
      emit(Iop::TableSet, is, vs, 0, in.a);
      return;
    }
    case Opcode::TableSize: mark_result(emit(Iop::TableSize, result(ValType::I32), 0, 0, in.a)); return;
    case Opcode::TableGrow: {
      Entry n = pop();
      Entry init = pop();
      const uint32_t ns = operand(n);
      materialize(init);
      stack_.push_back(init);
      stack_.pop_back();
      // Result replaces the init value in its home.
      emit(Iop::TableGrow, result(ValType::I32), ns, 0, in.a);
      return;
    }
    case Opcode::TableFill: {
      Entry n = pop();
      Entry v = pop();
      Entry i = pop();
      const uint32_t ns = operand(n), vs = operand(v), is = operand(i);
      emit(Iop::TableFill, is, vs, ns, in.a);
      return;
    }
    case Opcode::TableCopy:
    case Opcode::TableInit: {
      Entry n = pop();
      Entry s = pop();
      Entry d = pop();
      const uint32_t ns = operand(n), ss = operand(s), ds = operand(d);
      if (in.op == Opcode::TableCopy)
        emit(Iop::TableCopy, ds, ss, ns, in.a, in.b);
      else
        emit(Iop::TableInit, ds, ss, ns, in.b, in.a);
      return;
    }
    case Opcode::ElemDrop: emit(Iop::ElemDrop, 0, 0, 0, in.a); return;
    default: emit(Iop::Unreachable); return;
  }
}

void Lowering::lower_simd(const ast::Instr& in) {
  using simd::Category;
  const Opcode op = in.op;
  const uint32_t opnum = static_cast<uint32_t>(op);
  switch (simd::category(op)) {
    case Category::Unary: {
      Entry a = pop();
      const uint32_t as = operand(a);
      mark_result(emit(Iop::SimdUnary, result(ValType::V128), as, 0, 0,
                       reinterpret_cast<uint64_t>(simd::unary_fn(op))));
      return;
    }
    case Category::Binary: {
      Entry b = pop();
      Entry a = pop();
      const uint32_t bs = operand(b), as = operand(a);
      mark_result(emit(Iop::SimdBinary, result(ValType::V128), as, bs, 0,
                       reinterpret_cast<uint64_t>(simd::binary_fn(op))));
      return;
    }
    case Category::Shift: {
      Entry n = pop();
      Entry a = pop();
      const uint32_t ns = operand(n), as = operand(a);
      mark_result(emit(Iop::SimdShift, result(ValType::V128), as, ns, 0,
                       reinterpret_cast<uint64_t>(simd::shift_fn(op))));
      return;
    }
    case Category::Test: {
      Entry a = pop();
      const uint32_t as = operand(a);
      mark_result(
          emit(Iop::SimdTest, result(ValType::I32), as, 0, 0, reinterpret_cast<uint64_t>(simd::test_fn(op))));
      return;
    }
    case Category::Bitselect: {
      Entry mask = pop();
      Entry b = pop();
      Entry a = pop();
      const uint32_t ms = operand(mask), bs = operand(b), as = operand(a);
      mark_result(emit(Iop::SimdBitselect, result(ValType::V128), as, bs, ms));
      return;
    }
    case Category::Splat: {
      Entry x = pop();
      const uint32_t xs = operand(x);
      mark_result(emit(Iop::SimdSplat, result(ValType::V128), xs, 0, opnum));
      return;
    }
    case Category::ExtractLane: {
      Entry v = pop();
      const uint32_t vs = operand(v);
      const ValType t = ast::sig_type(ast::sig_outputs(ast::info(op).sig)[0]);
      mark_result(emit(Iop::SimdExtract, result(t), vs, in.lane, opnum));
      return;
    }
    case Category::ReplaceLane: {
      Entry x = pop();
      Entry v = pop();
      const uint32_t xs = operand(x), vs = operand(v);
      mark_result(emit(Iop::SimdReplace, result(ValType::V128), vs, xs, in.lane, opnum));
      return;
    }
    case Category::Shuffle: {
      Entry b = pop();
      Entry a = pop();
      const uint32_t bs = operand(b), as = operand(a);
      mark_result(emit(Iop::SimdShuffle, result(ValType::V128), as, bs, 0,
                       reinterpret_cast<uint64_t>(&out_.v128_pool[in.a])));
      return;
    }
    case Category::Load: {
      Entry addr = pop();
      const uint32_t as = operand(addr);
      mark_result(emit(Iop::SimdLoad, result(ValType::V128), as, 0, opnum, in.c));
      return;
    }
    case Category::Store: {
      Entry v = pop();
      Entry addr = pop();
      const uint32_t vs = operand(v), as = operand(addr);
      emit(Iop::SimdStore, as, vs, 0, 0, in.c);
      return;
    }
    case Category::LoadLane: {
      Entry v = pop();
      Entry addr = pop();
      const uint32_t vs = operand(v), as = operand(addr);
      mark_result(
          emit(Iop::SimdLoadLane, result(ValType::V128), as, vs, opnum | (uint32_t{in.lane} << 16), in.c));
      return;
    }
    case Category::StoreLane: {
      Entry v = pop();
      Entry addr = pop();
      const uint32_t vs = operand(v), as = operand(addr);
      emit(Iop::SimdStoreLane, as, vs, 0, opnum | (uint32_t{in.lane} << 16), in.c);
      return;
    }
    case Category::Const:
    case Category::None: emit(Iop::Unreachable); return;
  }
}

// Implemented next to the dispatch loop, which owns the handler addresses.
void resolve_handlers(CompiledFunc& f);

Expected<CompiledModule> lower_module(const ast::Module& module,
                                      std::span<const runtime::InternedType> types) {
  CompiledModule out;
  out.funcs.reserve(module.functions.size());
  for (size_t i = 0; i < module.functions.size(); ++i) {
    auto f = std::make_unique<CompiledFunc>();
    f->type = types[module.functions[i].type_index].type;
    f->func_index = module.num_imported_funcs + static_cast<uint32_t>(i);
    out.funcs.push_back(std::move(f));
  }
  LowerContext ctx{module, types, out};
  for (size_t i = 0; i < module.functions.size(); ++i) {
    Lowering lowering(ctx, module.functions[i], *out.funcs[i]);
    lowering.run();
    resolve_handlers(*out.funcs[i]);
  }
  return out;
}

}  // namespace wisp::interp
