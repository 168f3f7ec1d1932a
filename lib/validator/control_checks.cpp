// Structured control: blocks, branches and the unreachable (polymorphic)
// stack after them.
#include <algorithm>
#include <string>

#include "validator/function_checker.h"

namespace wisp::validator {
namespace {

using ast::Opcode;

bool same_types(std::span<const ValType> a, std::span<const ValType> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

Expected<void> FunctionChecker::check_label(uint32_t label) const {
  if (label >= stack_.depth()) return index_error(ErrorCode::UnknownLabel, label);
  return {};
}

Expected<void> FunctionChecker::check_block_start(const ast::Instr& instr) {
  std::span<const ValType> params;
  std::span<const ValType> results;
  switch (static_cast<ast::BlockKind>(instr.a)) {
    case ast::BlockKind::Empty: break;
    case ast::BlockKind::Value:
      results = single_type(static_cast<ValType>(instr.b));
      if (results.empty() || instr.b > 0xFF) return make_error(ErrorCode::MalformedValueType);
      break;
    case ast::BlockKind::TypeIndex: {
      const FuncType* type = c_.type(instr.b);
      if (!type) return index_error(ErrorCode::UnknownType, instr.b);
      params = type->params;
      results = type->results;
      break;
    }
    default: return make_error(ErrorCode::InvalidArgument, "block kind " + std::to_string(instr.a));
  }
  if (instr.op == Opcode::If) WISP_TRY(stack_.pop(ValType::I32));
  WISP_TRY(stack_.pop_all(params));
  stack_.push_frame(instr.op, params, results);
  return {};
}

Expected<void> FunctionChecker::check_else() {
  if (stack_.frame(0).kind != Opcode::If) return make_error(ErrorCode::TypeMismatch, "else outside if");
  WISP_ASSIGN_OR_RETURN(ControlFrame frame, stack_.pop_frame());
  stack_.push_frame(Opcode::Else, frame.params, frame.results);
  return {};
}

Expected<void> FunctionChecker::check_end() {
  WISP_ASSIGN_OR_RETURN(ControlFrame frame, stack_.pop_frame());
  // An if without else has an implicit empty else branch, which passes the
  // parameters through unchanged: they must already be the results.
  if (frame.kind == Opcode::If && !same_types(frame.params, frame.results)) {
    return make_error(ErrorCode::TypeMismatch, "if without else must not change the operand types");
  }
  stack_.push_all(frame.results);
  return {};
}

Expected<void> FunctionChecker::check_br_table(const ast::Instr& instr) {
  const std::vector<uint32_t>& table = func_->label_tables;
  if (uint64_t{instr.a} + instr.b >= table.size()) {
    return make_error(ErrorCode::InvalidArgument, "br_table label list out of range");
  }
  WISP_TRY(stack_.pop(ValType::I32));
  uint32_t default_label = table[instr.a + instr.b];
  WISP_TRY(check_label(default_label));
  size_t arity = stack_.frame(default_label).label_types().size();
  for (uint32_t i = 0; i < instr.b; ++i) {
    uint32_t label = table[instr.a + i];
    WISP_TRY(check_label(label));
    std::span<const ValType> types = stack_.frame(label).label_types();
    if (types.size() != arity) {
      return make_error(ErrorCode::TypeMismatch, "br_table targets carry different numbers of values");
    }
    // Each target must accept the operands, but they stay on the stack for
    // the next target; what was popped (possibly unknown) goes back as is.
    scratch_.clear();
    for (size_t j = types.size(); j-- > 0;) {
      WISP_ASSIGN_OR_RETURN(ValType actual, stack_.pop(types[j]));
      scratch_.push_back(actual);
    }
    for (size_t j = scratch_.size(); j-- > 0;) stack_.push(scratch_[j]);
  }
  WISP_TRY(stack_.pop_all(stack_.frame(default_label).label_types()));
  stack_.set_unreachable();
  return {};
}

Expected<void> FunctionChecker::check_control(const ast::Instr& instr) {
  switch (instr.op) {
    case Opcode::Unreachable: stack_.set_unreachable(); return {};
    case Opcode::Nop: return {};
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: return check_block_start(instr);
    case Opcode::Else: return check_else();
    case Opcode::End: return check_end();
    case Opcode::Br: {
      WISP_TRY(check_label(instr.a));
      WISP_TRY(stack_.pop_all(stack_.frame(instr.a).label_types()));
      stack_.set_unreachable();
      return {};
    }
    case Opcode::BrIf: {
      WISP_TRY(check_label(instr.a));
      WISP_TRY(stack_.pop(ValType::I32));
      std::span<const ValType> types = stack_.frame(instr.a).label_types();
      WISP_TRY(stack_.pop_all(types));
      stack_.push_all(types);
      return {};
    }
    case Opcode::BrTable: return check_br_table(instr);
    case Opcode::Return: {
      WISP_TRY(stack_.pop_all(type_->results));
      stack_.set_unreachable();
      return {};
    }
    default: break;
  }
  return make_error(ErrorCode::IllegalOpcode, std::string(ast::info(instr.op).text));
}

}  // namespace wisp::validator
