// Scalar float instructions. LLVM's IEEE operations match wasm directly:
// min/max are llvm.minimum/maximum (NaN-propagating, -0 < +0), nearest is
// roundeven, and constants travel as bits so NaN payloads survive.
#include <string_view>

#include "aot/codegen/compare_predicates.h"
#include "aot/codegen/translator.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;

void FunctionTranslator::emit_float(const ast::Instr& in) {
  if (in.op == Op::F32Const)
    return push(b_.CreateBitCast(b_.getInt32(static_cast<uint32_t>(in.c)), env_.f32));
  if (in.op == Op::F64Const) return push(b_.CreateBitCast(b_.getInt64(in.c), env_.f64));
  const std::string_view name = ast::info(in.op).text.substr(4);
  const size_t inputs = ast::sig_inputs(ast::info(in.op).sig).size();

  if (inputs == 1) {
    llvm::Value* a = pop();
    if (name == "neg") return push(b_.CreateFNeg(a));
    llvm::Intrinsic::ID id = name == "abs"     ? llvm::Intrinsic::fabs
                             : name == "ceil"  ? llvm::Intrinsic::ceil
                             : name == "floor" ? llvm::Intrinsic::floor
                             : name == "trunc" ? llvm::Intrinsic::trunc
                             : name == "sqrt"  ? llvm::Intrinsic::sqrt
                                               : llvm::Intrinsic::roundeven;  // nearest
    return push(b_.CreateUnaryIntrinsic(id, a));
  }

  llvm::Value* rhs = pop();
  llvm::Value* lhs = pop();
  if (auto p = float_compare_predicate(name)) return push(bool_to_i32(b_.CreateFCmp(*p, lhs, rhs)));
  // LLVM folds x-0, x*1, x/1 to x, which would hand back a signalling NaN
  // unquieted; wasm wants an arithmetic NaN. With such a constant operand
  // (the only way the fold can happen before inlining) quiet a NaN result.
  auto arith = [&](llvm::Value* r) {
    // (llvm.canonicalize has no x86 lowering in LLVM 19: quiet by hand.)
    // Only ±0 and ±1 make an operation foldable into an operand.
    auto identity_like = [](llvm::Value* v) {
      auto* c = llvm::dyn_cast<llvm::ConstantFP>(v);
      if (c == nullptr) return false;
      const llvm::APFloat& f = c->getValueAPF();
      return f.isZero() || f.isExactlyValue(1.0) || f.isExactlyValue(-1.0);
    };
    if (identity_like(lhs) || identity_like(rhs))
      r = b_.CreateSelect(b_.CreateFCmpUNO(r, r), b_.CreateFAdd(r, r), r);
    push(r);
  };
  if (name == "add") return arith(b_.CreateFAdd(lhs, rhs));
  if (name == "sub") return arith(b_.CreateFSub(lhs, rhs));
  if (name == "mul") return arith(b_.CreateFMul(lhs, rhs));
  if (name == "div") return arith(b_.CreateFDiv(lhs, rhs));
  if (name == "min" || name == "max") {
    // llvm.minimum/maximum may return a NaN operand as is; a + b quiets it.
    llvm::Value* r = b_.CreateBinaryIntrinsic(
        name == "min" ? llvm::Intrinsic::minimum : llvm::Intrinsic::maximum, lhs, rhs);
    return push(b_.CreateSelect(b_.CreateFCmpUNO(lhs, rhs), b_.CreateFAdd(lhs, rhs), r));
  }
  push(b_.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, lhs, rhs));  // copysign
}

}  // namespace wisp::aot::codegen
