// Lowering state for one function: a type stack whose entries know where each
// operand lives (its home temporary, a local it aliases, or a pending
// constant), the control stack with label fixups, and the code being emitted.
// The input is validated, so the lowering never re-checks types.
#pragma once

#include <span>
#include <vector>

#include "interp/code.h"

namespace wisp::interp {

struct LowerContext {
  const ast::Module& module;
  std::span<const runtime::InternedType> types;
  const CompiledModule& compiled;  // callees, for direct calls
};

class Lowering {
 public:
  Lowering(const LowerContext& ctx, const ast::Function& fn, CompiledFunc& out);
  void run();

 private:
  // Where an operand is.
  enum class Src : uint8_t { Home, Local, Const };
  struct Entry {
    ValType type;
    Src src;
    uint32_t home;  // its temporary slot, fixed by its stack position
    uint32_t slot;  // Local: the local's slot
    uint64_t bits;  // Const: scalar bits, or index in v128_pool
  };
  enum class Kind : uint8_t { Func, Block, Loop, If };
  struct Ctrl {
    Kind kind = Kind::Block;
    size_t stack_base = 0;   // entries below the block's parameters
    uint32_t slot_base = 0;  // home of the first parameter / result
    std::vector<ValType> params, results;
    uint32_t loop_start = 0;          // Loop: index of the LoopCheck op
    std::vector<uint32_t> fixups;     // ops whose target is this block's end
    int64_t else_fixup = -1;          // If: the BrUnless to patch at else/end
    bool unreachable = false;         // rest of this block is dead
    bool dead = false;                // the whole block is dead code
    std::vector<Entry> saved_params;  // If: parameters for the else branch
    uint64_t fuel = 0;                // Func/Loop: instructions lowered inside
    uint32_t check_op = 0;            // Func/Loop: op whose imm receives `fuel`
  };

  // Emission.
  uint32_t emit(Iop op, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0, uint32_t d = 0, uint64_t imm = 0);
  uint32_t here() const { return static_cast<uint32_t>(out_.code.size()); }
  void place_label();  // a join point: fusions must not look across it
  void patch(uint32_t op_index, uint32_t target);
  // The op's `a` result slot may be renamed when it is the latest op.
  void mark_result(uint32_t op_index) { last_result_op_ = op_index; }
  bool can_rename_last(const Entry& e) const;

  // Stack.
  uint32_t next_home() const;
  void push_home(ValType t);
  void push_const(ValType t, uint64_t bits);
  Entry pop();
  uint32_t operand(const Entry& e);  // slot to read; materialises constants
  uint32_t result(ValType t);        // push a temporary and return its slot
  void materialize(Entry& e);        // make e live in its home
  void materialize_all();
  void materialize_local(uint32_t slot);  // before that local changes
  void move_to(uint32_t dst, const Entry& e);

  // Control.
  Ctrl& label(uint32_t depth) { return ctrls_[ctrls_.size() - 1 - depth]; }
  void block_type(const ast::Instr& in, std::vector<ValType>& params, std::vector<ValType>& results) const;
  void enter(Kind kind, const ast::Instr& in);
  void do_else();
  void do_end();
  bool branch_needs_moves(uint32_t depth) const;
  void emit_branch_moves(uint32_t depth);
  void emit_jump(uint32_t depth);  // after the moves: Br, or return
  void emit_return();
  void do_br(uint32_t depth);
  void do_br_if(uint32_t depth);
  void do_br_table(const ast::Instr& in);
  void set_unreachable();
  // A comparison just emitted for `cond`, removed so a branch can test it directly.
  struct Fused {
    Iop if_true = Iop::Count_;   // branch taken when the condition holds
    Iop if_false = Iop::Count_;  // branch taken when it does not
    uint32_t x = 0, y = 0;       // operand slots (y: the constant for *Imm forms)
  };
  bool take_condition(const Entry& cond, Fused& out);

  // Other instructions.
  void lower(const ast::Instr& in);
  void lower_call(uint32_t func_index);
  void lower_call_indirect(const ast::Instr& in);
  void lower_local(const ast::Instr& in);
  void lower_numeric(const ast::Instr& in, Iop iop);
  void lower_memory(const ast::Instr& in);
  void lower_table(const ast::Instr& in);
  void lower_simd(const ast::Instr& in);
  void lower_select(bool typed);

  const LowerContext& ctx_;
  const ast::Module& m_;
  const ast::Function& fn_;
  CompiledFunc& out_;
  std::vector<uint32_t> local_slot_;
  std::vector<ValType> local_type_;
  uint32_t temp_base_ = 0;
  uint32_t max_slot_ = 0;
  std::vector<Entry> stack_;
  std::vector<Ctrl> ctrls_;
  int64_t last_result_op_ = -1;
  uint32_t label_at_ = UINT32_MAX;  // op index where the latest label was placed
};

}  // namespace wisp::interp
