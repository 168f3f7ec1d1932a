#include "runtime/const_expr.h"

namespace wisp::runtime {

void eval_const_expr(const ast::ConstExpr& expr, const ModuleInst& inst, uint64_t out[2]) {
  out[0] = out[1] = 0;
  for (const ast::Instr& in : expr) {
    switch (in.op) {
      case ast::Opcode::I32Const:
      case ast::Opcode::F32Const: out[0] = static_cast<uint32_t>(in.c); break;
      case ast::Opcode::I64Const:
      case ast::Opcode::F64Const: out[0] = in.c; break;
      case ast::Opcode::V128Const: {
        const V128 v = ast::const_expr_v128(in);
        out[0] = v.lane<uint64_t>(0);
        out[1] = v.lane<uint64_t>(1);
        break;
      }
      case ast::Opcode::RefNull: out[0] = 0; break;
      case ast::Opcode::RefFunc: out[0] = reinterpret_cast<uint64_t>(inst.funcs[in.a]); break;
      case ast::Opcode::GlobalGet: {
        const GlobalInst* g = inst.globals[in.a];
        out[0] = g->bits[0];
        out[1] = g->bits[1];
        break;
      }
      default: break;  // `end`
    }
  }
}

}  // namespace wisp::runtime
