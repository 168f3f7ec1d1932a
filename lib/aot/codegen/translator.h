// Translation of one validated wasm function into LLVM IR.
//
// The operand stack is simulated at compile time as a stack of SSA values;
// locals are allocas (mem2reg turns them into registers); every block, loop
// and if is a frame whose merge point receives its values through PHI nodes.
// The body is walked in one loop with an explicit frame stack, so nesting
// depth never turns into C++ recursion. Instructions after an unconditional
// branch are skipped up to the matching `else`/`end`.
//
// Each instruction category lives in its own emit_*.cpp, like lib/interp.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "aot/codegen/module_env.h"
#include "wisp/error.h"

namespace wisp::aot::codegen {

// Which emit_*.cpp handles an opcode, derived from the opcode table.
enum class Category : uint8_t { Control, Variable, Int, Float, Convert, Memory, Table, Call, Simd };
Category category(ast::Opcode op);

class FunctionTranslator {
 public:
  FunctionTranslator(ModuleEnv& env, uint32_t func_index);
  void run();
  // Set when the body uses an instruction this translator cannot compile yet.
  const std::string& unsupported() const { return unsupported_; }

  // A block, loop, if or the function body being translated.
  struct Frame {
    enum class Kind : uint8_t { Function, Block, Loop, If };
    Kind kind = Kind::Block;
    std::vector<ValType> params, results;
    size_t height = 0;                       // operand stack height below the params
    llvm::BasicBlock* end = nullptr;         // continuation; results arrive in end_phis
    llvm::BasicBlock* header = nullptr;      // loop: branch target; params arrive in header_phis
    llvm::BasicBlock* else_block = nullptr;  // if: where the false edge goes
    std::vector<llvm::PHINode*> end_phis, header_phis;
    std::vector<llvm::Value*> if_params;  // if: params, replayed for the else arm
    bool unreachable = false;             // the rest of the current arm is dead code
    bool has_else = false;
  };

 private:
  // ---- categories (emit_<category>.cpp)
  void emit_control(const ast::Instr& in);
  void emit_variable(const ast::Instr& in);
  void emit_int(const ast::Instr& in);
  void emit_float(const ast::Instr& in);
  void emit_convert(const ast::Instr& in);
  void emit_memory(const ast::Instr& in);
  void emit_table(const ast::Instr& in);
  void emit_call(const ast::Instr& in);
  void emit_simd(const ast::Instr& in);

  // ---- control (emit_control.cpp)
  void begin_block(const ast::Instr& in, Frame::Kind kind);
  void on_else();
  void on_end();
  void branch(uint32_t depth);  // unconditional, from the current block
  void add_label_args(Frame& target, llvm::BasicBlock* from, std::span<llvm::Value* const> values);
  llvm::BasicBlock* label_block(Frame& target) const;
  size_t label_arity(const Frame& target) const;
  void emit_return();
  void create_ret(std::span<llvm::Value* const> values);
  void mark_unreachable();
  void block_signature(const ast::Instr& in, std::vector<ValType>& params,
                       std::vector<ValType>& results) const;

  // ---- numeric helpers (emit_int.cpp, emit_float.cpp)
  llvm::Value* bool_to_i32(llvm::Value* cond);
  void int_division(const ast::Instr& in, llvm::Value* lhs, llvm::Value* rhs);

  // ---- memory (emit_memory.cpp)
  llvm::Value* memory_base(uint32_t mem);
  llvm::Value* memory_record(uint32_t mem);
  llvm::Value* effective_address(uint32_t mem, uint64_t offset, llvm::Value* index);
  // A load from linear memory. Volatile: an out-of-bounds access must trap
  // (through the guard pages) even when its value turns out unused, and must
  // not be narrowed, widened or moved across stores, so the optimiser may
  // neither delete nor reshape it.
  llvm::LoadInst* memory_load(llvm::Type* type, llvm::Value* address);
  // A store to linear memory. Volatile too: a store that follows a trapping
  // access in the program must not happen before it (the optimiser would
  // otherwise move it above a load it can prove does not alias, and after the
  // trap memory would hold a value the program never got to write).
  void memory_store(llvm::Value* value, llvm::Value* address);

  // ---- calls (emit_call.cpp)
  // Calls the function `ref` points at (a WispVmFuncRef*): natively when it
  // has native code, through its array entry otherwise.
  std::vector<llvm::Value*> call_ref(llvm::Value* ref, uint32_t type_index,
                                     std::span<llvm::Value* const> args);
  std::vector<llvm::Value*> unpack_results(llvm::Value* ret, const FuncType& type);
  llvm::Value* array_slots(unsigned count);

  // ---- shared (translator.cpp)
  llvm::Value* pop();
  void push(llvm::Value* v) { stack_.push_back(v); }
  std::vector<llvm::Value*> pop_n(size_t n);
  llvm::Value* peek(size_t depth = 0) const { return stack_[stack_.size() - 1 - depth]; }
  // Branches to a cold block calling wisp_aot_trap(code) when `cond` holds.
  void trap_if(llvm::Value* cond, ErrorCode code);
  // Unconditional trap; the current arm becomes unreachable.
  void trap_now(ErrorCode code);
  llvm::BasicBlock* trap_block(ErrorCode code);
  // A pointer-sized field of the VM context that never changes during a call,
  // loaded once in the entry block.
  llvm::Value* vm_field(size_t offset);
  // Element `index` of a pointer array held in a vm field (loaded once).
  llvm::Value* vm_array_element(size_t field_offset, uint32_t index);
  // Function entries poll the Store's interrupt flag; loops do not (see
  // aot::interrupt_thread).
  void check_interrupt();
  void check_stack();
  llvm::BasicBlock* new_block(const char* name);
  llvm::Value* invariant_load(llvm::Type* type, llvm::Value* address);

  ModuleEnv& env_;
  uint32_t func_index_;
  const ast::Function& fn_;
  const FuncType& type_;
  llvm::Function* llfn_;
  llvm::IRBuilder<> b_;
  llvm::Value* vmctx_;
  llvm::BasicBlock* entry_ = nullptr;

  std::vector<llvm::AllocaInst*> locals_;
  std::vector<ValType> local_types_;
  std::vector<llvm::Value*> stack_;
  std::vector<Frame> frames_;
  uint32_t dead_depth_ = 0;  // blocks opened inside dead code

  std::map<ErrorCode, llvm::BasicBlock*> trap_blocks_;
  std::map<size_t, llvm::Value*> vm_fields_;
  std::map<std::pair<size_t, uint32_t>, llvm::Value*> vm_elements_;
  std::map<uint32_t, llvm::Value*> memory_bases_;
  std::string unsupported_;
};

}  // namespace wisp::aot::codegen
