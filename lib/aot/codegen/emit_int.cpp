// Integer instructions (i32 and i64 share one table: the opcode's text after
// "i32."/"i64." names the operation). Division and remainder carry the
// spec's trap checks; shifts and rotates take their count modulo the width.
#include <string_view>

#include "aot/codegen/compare_predicates.h"
#include "aot/codegen/translator.h"

namespace wisp::aot::codegen {

using Op = ast::Opcode;

llvm::Value* FunctionTranslator::bool_to_i32(llvm::Value* cond) { return b_.CreateZExt(cond, env_.i32); }

void FunctionTranslator::emit_int(const ast::Instr& in) {
  if (in.op == Op::I32Const) return push(b_.getInt32(static_cast<uint32_t>(in.c)));
  if (in.op == Op::I64Const) return push(b_.getInt64(in.c));
  const std::string_view name = ast::info(in.op).text.substr(4);
  const size_t inputs = ast::sig_inputs(ast::info(in.op).sig).size();

  if (inputs == 1) {
    llvm::Value* a = pop();
    llvm::Type* t = a->getType();
    if (name == "eqz") return push(bool_to_i32(b_.CreateICmpEQ(a, llvm::Constant::getNullValue(t))));
    if (name == "clz") return push(b_.CreateIntrinsic(llvm::Intrinsic::ctlz, {t}, {a, b_.getFalse()}));
    if (name == "ctz") return push(b_.CreateIntrinsic(llvm::Intrinsic::cttz, {t}, {a, b_.getFalse()}));
    if (name == "popcnt") return push(b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, a));
    llvm::Type* narrow = name == "extend8_s" ? env_.i8 : name == "extend16_s" ? env_.i16 : env_.i32;
    return push(b_.CreateSExt(b_.CreateTrunc(a, narrow), t));
  }

  llvm::Value* rhs = pop();
  llvm::Value* lhs = pop();
  llvm::Type* t = lhs->getType();
  const unsigned width = t->getIntegerBitWidth();
  if (auto p = int_compare_predicate(name)) return push(bool_to_i32(b_.CreateICmp(*p, lhs, rhs)));
  if (name == "add") return push(b_.CreateAdd(lhs, rhs));
  if (name == "sub") return push(b_.CreateSub(lhs, rhs));
  if (name == "mul") return push(b_.CreateMul(lhs, rhs));
  if (name == "and") return push(b_.CreateAnd(lhs, rhs));
  if (name == "or") return push(b_.CreateOr(lhs, rhs));
  if (name == "xor") return push(b_.CreateXor(lhs, rhs));
  llvm::Value* count = b_.CreateAnd(rhs, llvm::ConstantInt::get(t, width - 1));
  if (name == "shl") return push(b_.CreateShl(lhs, count));
  if (name == "shr_s") return push(b_.CreateAShr(lhs, count));
  if (name == "shr_u") return push(b_.CreateLShr(lhs, count));
  if (name == "rotl") return push(b_.CreateIntrinsic(llvm::Intrinsic::fshl, {t}, {lhs, lhs, rhs}));
  if (name == "rotr") return push(b_.CreateIntrinsic(llvm::Intrinsic::fshr, {t}, {lhs, lhs, rhs}));
  int_division(in, lhs, rhs);
}

void FunctionTranslator::int_division(const ast::Instr& in, llvm::Value* lhs, llvm::Value* rhs) {
  const std::string_view name = ast::info(in.op).text.substr(4);
  llvm::Type* t = lhs->getType();
  llvm::Value* zero = llvm::ConstantInt::get(t, 0);
  llvm::Value* minus_one = llvm::ConstantInt::getSigned(t, -1);
  trap_if(b_.CreateICmpEQ(rhs, zero), ErrorCode::IntegerDivideByZero);
  if (name == "div_s") {
    llvm::Value* min = llvm::ConstantInt::get(t, llvm::APInt::getSignedMinValue(t->getIntegerBitWidth()));
    trap_if(b_.CreateAnd(b_.CreateICmpEQ(lhs, min), b_.CreateICmpEQ(rhs, minus_one)),
            ErrorCode::IntegerOverflow);
    return push(b_.CreateSDiv(lhs, rhs));
  }
  if (name == "div_u") return push(b_.CreateUDiv(lhs, rhs));
  if (name == "rem_s") {
    // MIN % -1 is 0 in wasm but undefined in LLVM: divide by 1 instead.
    llvm::Value* safe = b_.CreateSelect(b_.CreateICmpEQ(rhs, minus_one), llvm::ConstantInt::get(t, 1), rhs);
    return push(b_.CreateSRem(lhs, safe));
  }
  push(b_.CreateURem(lhs, rhs));  // rem_u
}

}  // namespace wisp::aot::codegen
