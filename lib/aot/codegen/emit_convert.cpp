// Conversions between value types. Trapping truncation checks NaN and range
// against exclusive bounds held as doubles (every f32 widens exactly), the
// saturating forms are llvm.fpto[su]i.sat, which is exactly wasm's rule.
#include <string_view>

#include "aot/codegen/translator.h"

namespace wisp::aot::codegen {

namespace {

// Exclusive bounds of the values whose truncation fits the integer type.
struct TruncRange {
  double lo, hi;
};
TruncRange trunc_range(bool is64, bool is_signed) {
  if (is_signed)
    return is64 ? TruncRange{-9223372036854777856.0, 9223372036854775808.0}
                : TruncRange{-2147483649.0, 2147483648.0};
  return is64 ? TruncRange{-1.0, 18446744073709551616.0} : TruncRange{-1.0, 4294967296.0};
}

}  // namespace

void FunctionTranslator::emit_convert(const ast::Instr& in) {
  const ast::OpInfo& info = ast::info(in.op);
  const std::string_view text = info.text;
  const bool is_signed = text.ends_with("_s");
  llvm::Type* out = env_.type_of(ast::sig_type(ast::sig_outputs(info.sig)[0]));
  llvm::Value* x = pop();

  if (text.find("reinterpret") != std::string_view::npos) return push(b_.CreateBitCast(x, out));
  if (text.find("wrap") != std::string_view::npos) return push(b_.CreateTrunc(x, out));
  if (text.find("extend") != std::string_view::npos)
    return push(is_signed ? b_.CreateSExt(x, out) : b_.CreateZExt(x, out));
  if (text.find("demote") != std::string_view::npos) {
    // LLVM folds demote(promote(x)) to x, which would keep a signalling NaN
    // unquieted: quiet a NaN result explicitly.
    llvm::Value* r = b_.CreateFPTrunc(x, out);
    return push(b_.CreateSelect(b_.CreateFCmpUNO(r, r), b_.CreateFAdd(r, r), r));
  }
  if (text.find("promote") != std::string_view::npos) return push(b_.CreateFPExt(x, out));
  if (text.find("convert") != std::string_view::npos)
    return push(is_signed ? b_.CreateSIToFP(x, out) : b_.CreateUIToFP(x, out));
  if (text.find("trunc_sat") != std::string_view::npos) {
    const auto id = is_signed ? llvm::Intrinsic::fptosi_sat : llvm::Intrinsic::fptoui_sat;
    return push(b_.CreateIntrinsic(id, {out, x->getType()}, {x}));
  }
  // Trapping truncation.
  llvm::Value* wide = x->getType() == env_.f32 ? b_.CreateFPExt(x, env_.f64) : x;
  trap_if(b_.CreateFCmpUNO(wide, wide), ErrorCode::InvalidConversionToInteger);
  const TruncRange r = trunc_range(out == env_.i64, is_signed);
  llvm::Value* too_low = b_.CreateFCmpOLE(wide, llvm::ConstantFP::get(env_.f64, r.lo));
  llvm::Value* too_high = b_.CreateFCmpOGE(wide, llvm::ConstantFP::get(env_.f64, r.hi));
  trap_if(b_.CreateOr(too_low, too_high), ErrorCode::IntegerOverflow);
  push(is_signed ? b_.CreateFPToSI(x, out) : b_.CreateFPToUI(x, out));
}

}  // namespace wisp::aot::codegen
