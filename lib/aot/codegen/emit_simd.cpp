// Fixed-width SIMD (prefix 0xFD) on LLVM vector types. A v128 travels as
// <4 x i32> and is bitcast to the shape each instruction names; the category
// and shape come from the opcode table (interp/simd/simd_ops.h classifies
// them for both tiers). Lane semantics follow lib/interp/simd exactly.
#include <string_view>

#include "aot/codegen/compare_predicates.h"
#include "aot/codegen/translator.h"
#include "interp/simd/simd_ops.h"

namespace wisp::aot::codegen {

namespace simd = interp::simd;
using Op = ast::Opcode;

namespace {

struct Lanes {
  llvm::FixedVectorType* vec = nullptr;
  llvm::Type* elem = nullptr;
  unsigned count = 0;
  bool is_float = false;
};

Lanes lanes_of(const ModuleEnv& env, simd::Shape shape) {
  Lanes l;
  switch (shape) {
    case simd::Shape::I8x16: l.elem = env.i8; break;
    case simd::Shape::I16x8: l.elem = env.i16; break;
    case simd::Shape::I32x4: l.elem = env.i32; break;
    case simd::Shape::I64x2: l.elem = env.i64; break;
    case simd::Shape::F32x4:
      l.elem = env.f32;
      l.is_float = true;
      break;
    case simd::Shape::F64x2:
      l.elem = env.f64;
      l.is_float = true;
      break;
    case simd::Shape::None: l.elem = env.i8; break;  // bitwise: any shape works
  }
  l.count = 16 / (l.elem->getPrimitiveSizeInBits() / 8);
  l.vec = llvm::FixedVectorType::get(l.elem, l.count);
  return l;
}

// The shape of the operand of ops whose text names the result shape
// ("i16x8.extend_low_i8x16_s" reads i8x16).
simd::Shape source_shape(std::string_view text) {
  for (auto [suffix, shape] : {std::pair{"i8x16", simd::Shape::I8x16},
                               {"i16x8", simd::Shape::I16x8},
                               {"i32x4", simd::Shape::I32x4},
                               {"f32x4", simd::Shape::F32x4},
                               {"f64x2", simd::Shape::F64x2}}) {
    const size_t at = text.find(suffix, 6);
    if (at != std::string_view::npos) return shape;
  }
  return simd::Shape::None;
}

llvm::SmallVector<int, 16> iota(unsigned start, unsigned count, unsigned step = 1) {
  llvm::SmallVector<int, 16> mask;
  for (unsigned i = 0; i < count; ++i) mask.push_back(static_cast<int>(start + i * step));
  return mask;
}

}  // namespace

void FunctionTranslator::emit_simd(const ast::Instr& in) {
  const ast::OpInfo& info = ast::info(in.op);
  const std::string_view text = info.text;
  const std::string_view name = text.substr(text.find('.') + 1);
  const Lanes L = lanes_of(env_, simd::shape(in.op));
  auto as = [&](llvm::Value* v, const Lanes& l) { return b_.CreateBitCast(v, l.vec); };
  auto out = [&](llvm::Value* v) { push(b_.CreateBitCast(v, env_.v128)); };
  auto mask_of = [&](llvm::Value* cond, const Lanes& l) {
    return b_.CreateSExt(cond, llvm::VectorType::getInteger(llvm::cast<llvm::VectorType>(l.vec)));
  };
  auto half = [&](llvm::Value* v, unsigned count, bool high) {
    return b_.CreateShuffleVector(v, iota(high ? count : 0, count));
  };
  const bool is_signed = text.ends_with("_s") || text.ends_with("_s_zero");

  switch (simd::category(in.op)) {
    case simd::Category::Const: {
      const V128& c = fn_.v128_consts[in.a];
      llvm::SmallVector<uint32_t, 4> words;
      for (unsigned i = 0; i < 4; ++i) words.push_back(c.lane<uint32_t>(i));
      return push(llvm::ConstantDataVector::get(env_.ctx, words));
    }
    case simd::Category::Load: {
      llvm::Value* address = effective_address(in.b, in.c, pop());
      if (in.op == Op::V128Load) {
        return push(memory_load(env_.v128, address));
      }
      if (name.find("splat") != std::string_view::npos) {
        llvm::Value* x = memory_load(b_.getIntNTy(info.n * 8u), address);
        return out(b_.CreateVectorSplat(16 / info.n, x));
      }
      if (name.find("zero") != std::string_view::npos) {
        llvm::Type* t = b_.getIntNTy(info.n * 8u);
        auto* vt = llvm::FixedVectorType::get(t, 16 / info.n);
        llvm::Value* x = memory_load(t, address);
        return out(b_.CreateInsertElement(llvm::Constant::getNullValue(vt), x, uint64_t{0}));
      }
      // load8x8 / load16x4 / load32x2, sign- or zero-extended.
      const unsigned bits = name[4] == '8' ? 8 : name[4] == '1' ? 16 : 32;
      const unsigned count = 64 / bits;
      llvm::Value* narrow = memory_load(llvm::FixedVectorType::get(b_.getIntNTy(bits), count), address);
      auto* wide = llvm::FixedVectorType::get(b_.getIntNTy(bits * 2), count);
      return out(is_signed ? b_.CreateSExt(narrow, wide) : b_.CreateZExt(narrow, wide));
    }
    case simd::Category::Store: {
      llvm::Value* v = pop();
      memory_store(v, effective_address(in.b, in.c, pop()));
      return;
    }
    case simd::Category::LoadLane: {
      auto* vt = llvm::FixedVectorType::get(b_.getIntNTy(info.n * 8u), 16 / info.n);
      llvm::Value* v = b_.CreateBitCast(pop(), vt);
      llvm::Value* x = memory_load(vt->getElementType(), effective_address(in.b, in.c, pop()));
      return out(b_.CreateInsertElement(v, x, uint64_t{in.lane}));
    }
    case simd::Category::StoreLane: {
      auto* vt = llvm::FixedVectorType::get(b_.getIntNTy(info.n * 8u), 16 / info.n);
      llvm::Value* x = b_.CreateExtractElement(b_.CreateBitCast(pop(), vt), uint64_t{in.lane});
      memory_store(x, effective_address(in.b, in.c, pop()));
      return;
    }
    case simd::Category::Shuffle: {
      const V128& lanes = fn_.v128_consts[in.a];
      llvm::SmallVector<int, 16> mask;
      for (unsigned i = 0; i < 16; ++i) mask.push_back(lanes.bytes[i]);
      const Lanes bytes = lanes_of(env_, simd::Shape::I8x16);
      llvm::Value* rhs = as(pop(), bytes);
      llvm::Value* lhs = as(pop(), bytes);
      return out(b_.CreateShuffleVector(lhs, rhs, mask));
    }
    case simd::Category::Splat: {
      llvm::Value* x = pop();
      if (!L.is_float && x->getType() != L.elem) x = b_.CreateTrunc(x, L.elem);
      return out(b_.CreateVectorSplat(L.count, x));
    }
    case simd::Category::ExtractLane: {
      llvm::Value* x = b_.CreateExtractElement(as(pop(), L), uint64_t{in.lane});
      if (!L.is_float && L.elem->getIntegerBitWidth() < 32)
        x = is_signed ? b_.CreateSExt(x, env_.i32) : b_.CreateZExt(x, env_.i32);
      return push(x);
    }
    case simd::Category::ReplaceLane: {
      llvm::Value* x = pop();
      llvm::Value* v = as(pop(), L);
      if (!L.is_float && x->getType() != L.elem) x = b_.CreateTrunc(x, L.elem);
      return out(b_.CreateInsertElement(v, x, uint64_t{in.lane}));
    }
    case simd::Category::Bitselect: {
      llvm::Value* mask = pop();
      llvm::Value* if_zero = pop();
      llvm::Value* if_one = pop();
      return push(b_.CreateOr(b_.CreateAnd(if_one, mask), b_.CreateAnd(if_zero, b_.CreateNot(mask))));
    }
    case simd::Category::Shift: {
      llvm::Value* count = b_.CreateAnd(pop(), b_.getInt32(L.elem->getIntegerBitWidth() - 1));
      llvm::Value* v = as(pop(), L);
      llvm::Value* amount = b_.CreateVectorSplat(L.count, b_.CreateZExtOrTrunc(count, L.elem));
      if (name == "shl") return out(b_.CreateShl(v, amount));
      return out(name == "shr_s" ? b_.CreateAShr(v, amount) : b_.CreateLShr(v, amount));
    }
    case simd::Category::Test: {
      llvm::Value* v = pop();
      if (in.op == Op::V128AnyTrue)
        return push(bool_to_i32(b_.CreateICmpNE(b_.CreateBitCast(v, b_.getIntNTy(128)), b_.getIntN(128, 0))));
      llvm::Value* lanes = as(v, L);
      if (name == "all_true") {
        llvm::Value* nonzero = b_.CreateICmpNE(lanes, llvm::Constant::getNullValue(L.vec));
        return push(bool_to_i32(b_.CreateAndReduce(nonzero)));
      }
      llvm::Value* negative = b_.CreateICmpSLT(lanes, llvm::Constant::getNullValue(L.vec));  // bitmask
      return push(b_.CreateZExt(b_.CreateBitCast(negative, b_.getIntNTy(L.count)), env_.i32));
    }
    case simd::Category::Unary: {
      llvm::Value* a = pop();
      if (in.op == Op::V128Not) return push(b_.CreateNot(a));
      const Lanes S = lanes_of(env_, source_shape(text));
      if (name.starts_with("extend_")) {  // extend_low/high_<src>_s/u
        llvm::Value* h = half(as(a, S), S.count / 2, name.find("high") != std::string_view::npos);
        return out(is_signed ? b_.CreateSExt(h, L.vec) : b_.CreateZExt(h, L.vec));
      }
      if (name.starts_with("extadd_pairwise")) {
        auto* wide = llvm::FixedVectorType::get(L.elem, S.count);
        llvm::Value* w = is_signed ? b_.CreateSExt(as(a, S), wide) : b_.CreateZExt(as(a, S), wide);
        return out(b_.CreateAdd(b_.CreateShuffleVector(w, iota(0, L.count, 2)),
                                b_.CreateShuffleVector(w, iota(1, L.count, 2))));
      }
      if (name.starts_with("convert_low")) {  // f64x2.convert_low_i32x4_s/u
        llvm::Value* h = half(as(a, S), 2, false);
        return out(is_signed ? b_.CreateSIToFP(h, L.vec) : b_.CreateUIToFP(h, L.vec));
      }
      if (name.starts_with("convert"))
        return out(is_signed ? b_.CreateSIToFP(as(a, S), L.vec) : b_.CreateUIToFP(as(a, S), L.vec));
      if (name.starts_with("promote_low")) return out(b_.CreateFPExt(half(as(a, S), 2, false), L.vec));
      if (name.starts_with("demote")) {
        llvm::Value* d = b_.CreateFPTrunc(as(a, S), llvm::FixedVectorType::get(env_.f32, 2));
        return out(b_.CreateShuffleVector(d, llvm::Constant::getNullValue(d->getType()), iota(0, 4)));
      }
      if (name.starts_with("trunc_sat")) {
        const auto id = is_signed ? llvm::Intrinsic::fptosi_sat : llvm::Intrinsic::fptoui_sat;
        if (S.count == 4) return out(b_.CreateIntrinsic(id, {L.vec, S.vec}, {as(a, S)}));
        auto* two = llvm::FixedVectorType::get(env_.i32, 2);  // ..._zero
        llvm::Value* t = b_.CreateIntrinsic(id, {two, S.vec}, {as(a, S)});
        return out(b_.CreateShuffleVector(t, llvm::Constant::getNullValue(two), iota(0, 4)));
      }
      llvm::Value* v = as(a, L);
      if (name == "neg") return out(L.is_float ? b_.CreateFNeg(v) : b_.CreateNeg(v));
      if (name == "abs")
        return out(L.is_float ? b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v)
                              : b_.CreateBinaryIntrinsic(llvm::Intrinsic::abs, v, b_.getFalse()));
      if (name == "popcnt") return out(b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, v));
      const llvm::Intrinsic::ID id = name == "sqrt"    ? llvm::Intrinsic::sqrt
                                     : name == "ceil"  ? llvm::Intrinsic::ceil
                                     : name == "floor" ? llvm::Intrinsic::floor
                                     : name == "trunc" ? llvm::Intrinsic::trunc
                                                       : llvm::Intrinsic::roundeven;  // nearest
      return out(b_.CreateUnaryIntrinsic(id, v));
    }
    case simd::Category::Binary: break;
    case simd::Category::None: return;
  }

  // Binary.
  llvm::Value* rb = pop();
  llvm::Value* ra = pop();
  if (in.op == Op::V128And) return push(b_.CreateAnd(ra, rb));
  if (in.op == Op::V128Or) return push(b_.CreateOr(ra, rb));
  if (in.op == Op::V128Xor) return push(b_.CreateXor(ra, rb));
  if (in.op == Op::V128Andnot) return push(b_.CreateAnd(ra, b_.CreateNot(rb)));
  if (in.op == Op::I8x16Swizzle) {
    // Lanes >= 16 select zero; variable extracts are masked to stay defined.
    const Lanes B = lanes_of(env_, simd::Shape::I8x16);
    llvm::Value* table = as(ra, B);
    llvm::Value* idx = as(rb, B);
    llvm::Value* result = llvm::Constant::getNullValue(B.vec);
    for (unsigned i = 0; i < 16; ++i) {
      llvm::Value* k = b_.CreateExtractElement(idx, uint64_t{i});
      llvm::Value* lane = b_.CreateExtractElement(table, b_.CreateAnd(k, b_.getInt8(15)));
      lane = b_.CreateSelect(b_.CreateICmpULT(k, b_.getInt8(16)), lane, b_.getInt8(0));
      result = b_.CreateInsertElement(result, lane, uint64_t{i});
    }
    return out(result);
  }
  const Lanes S = lanes_of(env_, source_shape(text));
  if (name.starts_with("narrow")) {
    llvm::Value* both = b_.CreateShuffleVector(as(ra, S), as(rb, S), iota(0, S.count * 2));
    const unsigned bits = L.elem->getIntegerBitWidth();
    auto* wide = llvm::cast<llvm::FixedVectorType>(both->getType());
    llvm::APInt lo =
        is_signed ? llvm::APInt::getSignedMinValue(bits).sext(bits * 2) : llvm::APInt(bits * 2, 0);
    llvm::APInt hi = is_signed ? llvm::APInt::getSignedMaxValue(bits).sext(bits * 2)
                               : llvm::APInt::getMaxValue(bits).zext(bits * 2);
    llvm::Value* clamped =
        b_.CreateBinaryIntrinsic(llvm::Intrinsic::smax, both, llvm::ConstantInt::get(wide, lo));
    clamped = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin, clamped, llvm::ConstantInt::get(wide, hi));
    return out(b_.CreateTrunc(clamped, L.vec));
  }
  if (name.starts_with("extmul")) {
    const bool high = name.find("high") != std::string_view::npos;
    llvm::Value* x = half(as(ra, S), L.count, high);
    llvm::Value* y = half(as(rb, S), L.count, high);
    x = is_signed ? b_.CreateSExt(x, L.vec) : b_.CreateZExt(x, L.vec);
    y = is_signed ? b_.CreateSExt(y, L.vec) : b_.CreateZExt(y, L.vec);
    return out(b_.CreateMul(x, y));
  }
  if (in.op == Op::I32x4DotI16x8S) {
    auto* wide = llvm::FixedVectorType::get(env_.i32, 8);
    llvm::Value* p = b_.CreateMul(b_.CreateSExt(as(ra, S), wide), b_.CreateSExt(as(rb, S), wide));
    return out(
        b_.CreateAdd(b_.CreateShuffleVector(p, iota(0, 4, 2)), b_.CreateShuffleVector(p, iota(1, 4, 2))));
  }
  llvm::Value* a = as(ra, L);
  llvm::Value* b = as(rb, L);
  if (L.is_float) {
    if (auto p = float_compare_predicate(name)) return out(mask_of(b_.CreateFCmp(*p, a, b), L));
    if (name == "add") return out(b_.CreateFAdd(a, b));
    if (name == "sub") return out(b_.CreateFSub(a, b));
    if (name == "mul") return out(b_.CreateFMul(a, b));
    if (name == "div") return out(b_.CreateFDiv(a, b));
    if (name == "pmin") return out(b_.CreateSelect(b_.CreateFCmpOLT(b, a), b, a));
    if (name == "pmax") return out(b_.CreateSelect(b_.CreateFCmpOLT(a, b), b, a));
    llvm::Value* r =
        b_.CreateBinaryIntrinsic(name == "min" ? llvm::Intrinsic::minimum : llvm::Intrinsic::maximum, a, b);
    return out(b_.CreateSelect(b_.CreateFCmpUNO(a, b), b_.CreateFAdd(a, b), r));  // min / max
  }
  if (auto p = int_compare_predicate(name)) return out(mask_of(b_.CreateICmp(*p, a, b), L));
  if (name == "add") return out(b_.CreateAdd(a, b));
  if (name == "sub") return out(b_.CreateSub(a, b));
  if (name == "mul") return out(b_.CreateMul(a, b));
  auto intrinsic = [&](llvm::Intrinsic::ID id) { out(b_.CreateBinaryIntrinsic(id, a, b)); };
  if (name == "add_sat_s") return intrinsic(llvm::Intrinsic::sadd_sat);
  if (name == "add_sat_u") return intrinsic(llvm::Intrinsic::uadd_sat);
  if (name == "sub_sat_s") return intrinsic(llvm::Intrinsic::ssub_sat);
  if (name == "sub_sat_u") return intrinsic(llvm::Intrinsic::usub_sat);
  if (name == "min_s") return intrinsic(llvm::Intrinsic::smin);
  if (name == "min_u") return intrinsic(llvm::Intrinsic::umin);
  if (name == "max_s") return intrinsic(llvm::Intrinsic::smax);
  if (name == "max_u") return intrinsic(llvm::Intrinsic::umax);
  const unsigned bits = L.elem->getIntegerBitWidth();
  auto* wide = llvm::FixedVectorType::get(b_.getIntNTy(bits * 2), L.count);
  if (name == "avgr_u") {
    llvm::Value* sum = b_.CreateAdd(b_.CreateAdd(b_.CreateZExt(a, wide), b_.CreateZExt(b, wide)),
                                    llvm::ConstantInt::get(wide, 1));
    return out(b_.CreateTrunc(b_.CreateLShr(sum, llvm::ConstantInt::get(wide, 1)), L.vec));
  }
  if (name == "q15mulr_sat_s") {
    llvm::Value* p = b_.CreateMul(b_.CreateSExt(a, wide), b_.CreateSExt(b, wide));
    p = b_.CreateAShr(b_.CreateAdd(p, llvm::ConstantInt::get(wide, 0x4000)),
                      llvm::ConstantInt::get(wide, 15));
    p = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin, p, llvm::ConstantInt::get(wide, 0x7FFF));
    return out(b_.CreateTrunc(p, L.vec));
  }
  if (unsupported_.empty()) unsupported_ = std::string(text);
}

}  // namespace wisp::aot::codegen
