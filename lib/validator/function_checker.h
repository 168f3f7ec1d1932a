// Type-checks function bodies with the spec's operand/control stack
// algorithm. One checker is reused for all functions of a module so the
// stacks keep their capacity.
#pragma once

#include <cstdint>
#include <vector>

#include "ast/module.h"
#include "validator/context.h"
#include "validator/signatures.h"
#include "validator/type_stack.h"
#include "wisp/error.h"

namespace wisp::validator {

class FunctionChecker {
 public:
  explicit FunctionChecker(const Context& c) : c_(c) {}

  // Checks the body of the function at `func_index` (function index space).
  Expected<void> check(uint32_t func_index, const ast::Function& func);

 private:
  Expected<void> check_instr(const ast::Instr& instr);
  // Fixed-signature instructions: the `sig` column of opcodes.def.
  Expected<void> apply_signature(const FixedSignature& sig);

  // immediate_checks.cpp: index, alignment and lane immediates.
  Expected<void> check_immediates(const ast::Instr& instr);
  Expected<void> check_memory_index(uint32_t index) const;
  Expected<void> check_table_index(uint32_t index) const;
  Expected<void> check_elem_index(uint32_t index) const;
  Expected<void> check_data_index(uint32_t index) const;
  Expected<void> check_memarg(const ast::Instr& instr) const;
  Expected<void> check_shuffle(const ast::Instr& instr) const;

  // control_checks.cpp: blocks and branches.
  Expected<void> check_control(const ast::Instr& instr);
  Expected<void> check_block_start(const ast::Instr& instr);
  Expected<void> check_else();
  Expected<void> check_end();
  Expected<void> check_br_table(const ast::Instr& instr);
  Expected<void> check_label(uint32_t label) const;

  // function_checker.cpp: everything else without a fixed signature.
  Expected<void> check_special(const ast::Instr& instr);
  Expected<void> check_select();
  Expected<ValType> local_type(uint32_t index) const;

  const Context& c_;
  const ast::Function* func_ = nullptr;
  const FuncType* type_ = nullptr;
  TypeStack stack_;
  std::vector<ValType> scratch_;  // br_table: operands popped for one label
};

}  // namespace wisp::validator
