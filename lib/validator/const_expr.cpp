#include "validator/const_expr.h"

#include <string>

namespace wisp::validator {
namespace {

Unexpected<Error> result_mismatch(ValType expected, const std::vector<ValType>& produced) {
  std::string detail = "constant expression must produce ";
  detail += valtype_name(expected);
  detail += ", produced [";
  for (size_t i = 0; i < produced.size(); ++i) {
    if (i) detail += ' ';
    detail += valtype_name(produced[i]);
  }
  detail += ']';
  return make_error(ErrorCode::TypeMismatch, std::move(detail));
}

}  // namespace

Expected<void> check_const_expr(const Context& c, const ast::ConstExpr& expr, ValType expected) {
  // Constant instructions only push, so the stack is just the list of results.
  std::vector<ValType> produced;
  bool ended = false;
  for (const ast::Instr& instr : expr) {
    if (ended) return make_error(ErrorCode::ConstantExpressionRequired, "instruction after end");
    switch (instr.op) {
      case ast::Opcode::I32Const: produced.push_back(ValType::I32); break;
      case ast::Opcode::I64Const: produced.push_back(ValType::I64); break;
      case ast::Opcode::F32Const: produced.push_back(ValType::F32); break;
      case ast::Opcode::F64Const: produced.push_back(ValType::F64); break;
      case ast::Opcode::V128Const: produced.push_back(ValType::V128); break;
      case ast::Opcode::RefNull: produced.push_back(static_cast<ValType>(instr.a)); break;
      case ast::Opcode::RefFunc:
        if (instr.a >= c.funcs.size()) return index_error(ErrorCode::UnknownFunction, instr.a);
        produced.push_back(ValType::FuncRef);
        break;
      case ast::Opcode::GlobalGet: {
        // Defined globals are not visible yet: initialisers run in order and
        // 2.0 keeps them independent of each other.
        if (instr.a >= c.num_imported_globals) return index_error(ErrorCode::UnknownGlobal, instr.a);
        const ast::GlobalType& global = c.globals[instr.a];
        if (global.mut) {
          return make_error(ErrorCode::ConstantExpressionRequired,
                            "global.get of mutable global " + std::to_string(instr.a));
        }
        produced.push_back(global.type);
        break;
      }
      case ast::Opcode::End: ended = true; break;
      default:
        return make_error(ErrorCode::ConstantExpressionRequired, std::string(ast::info(instr.op).text));
    }
  }
  if (produced.size() != 1 || produced[0] != expected) return result_mismatch(expected, produced);
  return {};
}

}  // namespace wisp::validator
