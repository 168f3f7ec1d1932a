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
  // LLVM folds x+(-0), x-(+0), -0-x, x*±1 and x/±1 to x or -x, which would
  // hand back a signalling NaN unquieted; wasm wants an arithmetic NaN. Those
  // constant operands are the only way such a fold can happen before
  // inlining, so only there is a NaN result quieted: the check costs a compare
  // and a blend per operation, which showed in loops such as 1.0 / (x + 1.0).
  // (llvm.canonicalize has no x86 lowering in LLVM 19: quiet by hand.)
  auto constant_is = [](llvm::Value* v, auto&& test) {
    auto* c = llvm::dyn_cast<llvm::ConstantFP>(v);
    return c != nullptr && test(c->getValueAPF());
  };
  auto negative_zero = [](const llvm::APFloat& f) { return f.isZero() && f.isNegative(); };
  auto positive_zero = [](const llvm::APFloat& f) { return f.isZero() && !f.isNegative(); };
  auto plus_minus_one = [](const llvm::APFloat& f) { return f.isExactlyValue(1.0) || f.isExactlyValue(-1.0); };
  auto arith = [&](llvm::Value* r, bool foldable) {
    if (foldable) r = b_.CreateSelect(b_.CreateFCmpUNO(r, r), b_.CreateFAdd(r, r), r);
    push(r);
  };
  if (name == "add")
    return arith(b_.CreateFAdd(lhs, rhs), constant_is(lhs, negative_zero) || constant_is(rhs, negative_zero));
  if (name == "sub")
    return arith(b_.CreateFSub(lhs, rhs), constant_is(rhs, positive_zero) || constant_is(lhs, negative_zero));
  if (name == "mul")
    return arith(b_.CreateFMul(lhs, rhs), constant_is(lhs, plus_minus_one) || constant_is(rhs, plus_minus_one));
  if (name == "div") return arith(b_.CreateFDiv(lhs, rhs), constant_is(rhs, plus_minus_one));
  if (name == "min" || name == "max") {
    // llvm.minimum/maximum may return a NaN operand as is; a + b quiets it.
    llvm::Value* r = b_.CreateBinaryIntrinsic(
        name == "min" ? llvm::Intrinsic::minimum : llvm::Intrinsic::maximum, lhs, rhs);
    return push(b_.CreateSelect(b_.CreateFCmpUNO(lhs, rhs), b_.CreateFAdd(lhs, rhs), r));
  }
  push(b_.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, lhs, rhs));  // copysign
}

}  // namespace wisp::aot::codegen
