#include "validator/function_checker.h"

#include <string>

namespace wisp::validator {
namespace {

using ast::Opcode;

Unexpected<Error> located(Error error, uint32_t func_index, size_t pc, Opcode op) {
  return with_place(std::move(error), "in function " + std::to_string(func_index) + " at instruction " +
                                          std::to_string(pc) + " (" + std::string(ast::info(op).text) + ")");
}

bool is_numeric_or_vector(ValType t) {
  return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64 ||
         t == ValType::V128;
}

bool is_control(Opcode op) {
  switch (op) {
    case Opcode::Unreachable:
    case Opcode::Nop:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
    case Opcode::Return: return true;
    default: return false;
  }
}

}  // namespace

Expected<void> FunctionChecker::check(uint32_t func_index, const ast::Function& func) {
  func_ = &func;
  type_ = c_.funcs[func_index];
  stack_.reset();
  // The body is an implicit block whose results are the function's results.
  stack_.push_frame(Opcode::Block, {}, type_->results);
  for (size_t pc = 0; pc < func.body.size(); ++pc) {
    const ast::Instr& instr = func.body[pc];
    if (stack_.depth() == 0) {
      return make_error(ErrorCode::EndOpcodeExpected,
                        "instructions after the end of function " + std::to_string(func_index));
    }
    auto checked = check_instr(instr);
    if (!checked) return located(std::move(checked).error(), func_index, pc, instr.op);
  }
  if (stack_.depth() != 0) {
    return make_error(ErrorCode::EndOpcodeExpected,
                      "function " + std::to_string(func_index) + " is not closed by end");
  }
  return {};
}

Expected<void> FunctionChecker::check_instr(const ast::Instr& instr) {
  WISP_TRY(check_immediates(instr));
  const FixedSignature& sig = signature(instr.op);
  if (sig.fixed) return apply_signature(sig);
  if (is_control(instr.op)) return check_control(instr);
  return check_special(instr);
}

Expected<void> FunctionChecker::apply_signature(const FixedSignature& sig) {
  for (size_t i = sig.num_inputs; i-- > 0;) WISP_TRY(stack_.pop(sig.inputs[i]));
  for (size_t i = 0; i < sig.num_outputs; ++i) stack_.push(sig.outputs[i]);
  return {};
}

Expected<ValType> FunctionChecker::local_type(uint32_t index) const {
  const std::vector<ValType>& params = type_->params;
  if (index < params.size()) return params[index];
  uint64_t declared = uint64_t{index} - params.size();
  if (declared < func_->locals.size()) return func_->locals[declared];
  return index_error(ErrorCode::UnknownLocal, index);
}

Expected<void> FunctionChecker::check_select() {
  // Untyped select: only numeric and vector operands, both of one type.
  WISP_TRY(stack_.pop(ValType::I32));
  WISP_ASSIGN_OR_RETURN(ValType t1, stack_.pop());
  WISP_ASSIGN_OR_RETURN(ValType t2, stack_.pop());
  bool t1_ok = t1 == kUnknownType || is_numeric_or_vector(t1);
  bool t2_ok = t2 == kUnknownType || is_numeric_or_vector(t2);
  if (!t1_ok || !t2_ok)
    return make_error(ErrorCode::TypeMismatch, "select without a type needs numeric or vector operands");
  if (t1 != t2 && t1 != kUnknownType && t2 != kUnknownType) {
    return make_error(ErrorCode::TypeMismatch, "select operands have different types");
  }
  stack_.push(t1 == kUnknownType ? t2 : t1);
  return {};
}

Expected<void> FunctionChecker::check_special(const ast::Instr& instr) {
  switch (instr.op) {
    case Opcode::Call: {
      const FuncType& callee = *c_.funcs[instr.a];
      WISP_TRY(stack_.pop_all(callee.params));
      stack_.push_all(callee.results);
      return {};
    }
    case Opcode::CallIndirect: {
      const FuncType& callee = *c_.type(instr.a);
      WISP_TRY(stack_.pop(ValType::I32));
      WISP_TRY(stack_.pop_all(callee.params));
      stack_.push_all(callee.results);
      return {};
    }
    case Opcode::Drop: {
      WISP_TRY(stack_.pop());
      return {};
    }
    case Opcode::Select: return check_select();
    case Opcode::SelectT: {
      ValType t = static_cast<ValType>(instr.b);
      WISP_TRY(stack_.pop(ValType::I32));
      WISP_TRY(stack_.pop(t));
      WISP_TRY(stack_.pop(t));
      stack_.push(t);
      return {};
    }
    case Opcode::LocalGet: {
      WISP_ASSIGN_OR_RETURN(ValType t, local_type(instr.a));
      stack_.push(t);
      return {};
    }
    case Opcode::LocalSet: {
      WISP_ASSIGN_OR_RETURN(ValType t, local_type(instr.a));
      WISP_TRY(stack_.pop(t));
      return {};
    }
    case Opcode::LocalTee: {
      WISP_ASSIGN_OR_RETURN(ValType t, local_type(instr.a));
      WISP_TRY(stack_.pop(t));
      stack_.push(t);
      return {};
    }
    case Opcode::GlobalGet: stack_.push(c_.globals[instr.a].type); return {};
    case Opcode::GlobalSet: {
      const ast::GlobalType& global = c_.globals[instr.a];
      if (!global.mut) return make_error(ErrorCode::ImmutableGlobal, "global " + std::to_string(instr.a));
      WISP_TRY(stack_.pop(global.type));
      return {};
    }
    case Opcode::TableGet: {
      WISP_TRY(stack_.pop(ValType::I32));
      stack_.push(c_.tables[instr.a].elem);
      return {};
    }
    case Opcode::TableSet: {
      WISP_TRY(stack_.pop(c_.tables[instr.a].elem));
      WISP_TRY(stack_.pop(ValType::I32));
      return {};
    }
    case Opcode::TableGrow: {
      WISP_TRY(stack_.pop(ValType::I32));
      WISP_TRY(stack_.pop(c_.tables[instr.a].elem));
      stack_.push(ValType::I32);
      return {};
    }
    case Opcode::TableFill: {
      WISP_TRY(stack_.pop(ValType::I32));
      WISP_TRY(stack_.pop(c_.tables[instr.a].elem));
      WISP_TRY(stack_.pop(ValType::I32));
      return {};
    }
    case Opcode::RefNull: stack_.push(static_cast<ValType>(instr.a)); return {};
    case Opcode::RefIsNull: {
      WISP_ASSIGN_OR_RETURN(ValType t, stack_.pop());
      if (t != kUnknownType && !is_ref(t))
        return make_error(ErrorCode::TypeMismatch, "ref.is_null needs a reference");
      stack_.push(ValType::I32);
      return {};
    }
    case Opcode::RefFunc: {
      // C.refs: a body may only take references to functions the module
      // declares elsewhere (element segments, exports, global initialisers).
      if (!c_.declared_refs[instr.a]) {
        return make_error(ErrorCode::UndeclaredFunctionReference, "function " + std::to_string(instr.a));
      }
      stack_.push(ValType::FuncRef);
      return {};
    }
    default: break;
  }
  return make_error(ErrorCode::IllegalOpcode, std::string(ast::info(instr.op).text));
}

}  // namespace wisp::validator
