// Floating-point lane operations: arithmetic, sqrt, min/max, pmin/pmax,
// rounding, abs/neg and comparisons for f32x4 and f64x2.
//
// Operations that the spec defines bit-exactly (abs, neg, pmin, pmax) work on
// raw lane bits so signalling NaNs pass through untouched. Operations that may
// produce a NaN return an arithmetic NaN (quiet bit set), which is canonical
// whenever the NaN operands were canonical — what the spec allows.
#include <cmath>
#include <limits>

#include "interp/simd/simd_lanes.h"

namespace wisp::interp::simd::detail {
namespace {

using ast::Opcode;

template <class F>
constexpr UBits<F> kSignBit = UBits<F>{1} << (8 * sizeof(F) - 1);
template <class F>
constexpr UBits<F> kQuietBit = UBits<F>{1} << (std::numeric_limits<F>::digits - 2);

template <class F>
F quiet(F nan) {
  return std::bit_cast<F>(static_cast<UBits<F>>(std::bit_cast<UBits<F>>(nan) | kQuietBit<F>));
}

template <class F>
UBits<F> abs_bits(UBits<F> x) {
  return static_cast<UBits<F>>(x & ~kSignBit<F>);
}
template <class F>
UBits<F> neg_bits(UBits<F> x) {
  return static_cast<UBits<F>>(x ^ kSignBit<F>);
}

template <class F>
F add(F a, F b) {
  return a + b;
}
template <class F>
F sub(F a, F b) {
  return a - b;
}
template <class F>
F mul(F a, F b) {
  return a * b;
}
template <class F>
F div(F a, F b) {
  return a / b;
}
template <class F>
F sqrt(F a) {
  return std::sqrt(a);
}

// NaN in either operand wins; among zeros -0 is smaller than +0.
template <class F>
F min(F a, F b) {
  if (std::isnan(a)) return quiet(a);
  if (std::isnan(b)) return quiet(b);
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <class F>
F max(F a, F b) {
  if (std::isnan(a)) return quiet(a);
  if (std::isnan(b)) return quiet(b);
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// Pseudo-min/max: exactly `b < a ? b : a` and `a < b ? b : a`, returning the
// chosen operand's bits unchanged (NaN and zero signs included).
template <class F>
UBits<F> pmin(UBits<F> a, UBits<F> b) {
  return std::bit_cast<F>(b) < std::bit_cast<F>(a) ? b : a;
}
template <class F>
UBits<F> pmax(UBits<F> a, UBits<F> b) {
  return std::bit_cast<F>(a) < std::bit_cast<F>(b) ? b : a;
}

template <class F>
F ceil(F a) {
  return std::isnan(a) ? quiet(a) : std::ceil(a);
}
template <class F>
F floor(F a) {
  return std::isnan(a) ? quiet(a) : std::floor(a);
}
template <class F>
F trunc(F a) {
  return std::isnan(a) ? quiet(a) : std::trunc(a);
}

// Round to nearest, ties to even, without depending on the host's rounding
// mode. Values at or beyond 2^(digits-1) have no fractional part.
template <class F>
F nearest(F a) {
  if (std::isnan(a)) return quiet(a);
  constexpr F kIntegralFrom = static_cast<F>(UBits<F>{1} << (std::numeric_limits<F>::digits - 1));
  if (!(std::fabs(a) < kIntegralFrom)) return a;
  F whole = std::trunc(a);
  const F fraction = std::fabs(a - whole);  // exact: the bits below the binary point
  const bool odd = std::fmod(whole, F(2)) != 0;
  if (fraction > F(0.5) || (fraction == F(0.5) && odd)) whole += std::copysign(F(1), a);
  return std::copysign(whole, a);  // keeps -0 for -0.5 < a <= -0
}

template <class F>
bool eq(F a, F b) {
  return a == b;
}
template <class F>
bool ne(F a, F b) {
  return a != b;
}
template <class F>
bool lt(F a, F b) {
  return a < b;
}
template <class F>
bool gt(F a, F b) {
  return a > b;
}
template <class F>
bool le(F a, F b) {
  return a <= b;
}
template <class F>
bool ge(F a, F b) {
  return a >= b;
}

}  // namespace

UnaryFn float_unary_fn(Opcode op) {
  switch (op) {
    case Opcode::F32x4Abs: return lanewise<uint32_t, abs_bits<float>>;
    case Opcode::F64x2Abs: return lanewise<uint64_t, abs_bits<double>>;
    case Opcode::F32x4Neg: return lanewise<uint32_t, neg_bits<float>>;
    case Opcode::F64x2Neg: return lanewise<uint64_t, neg_bits<double>>;
    case Opcode::F32x4Sqrt: return lanewise<float, sqrt<float>>;
    case Opcode::F64x2Sqrt: return lanewise<double, sqrt<double>>;
    case Opcode::F32x4Ceil: return lanewise<float, ceil<float>>;
    case Opcode::F64x2Ceil: return lanewise<double, ceil<double>>;
    case Opcode::F32x4Floor: return lanewise<float, floor<float>>;
    case Opcode::F64x2Floor: return lanewise<double, floor<double>>;
    case Opcode::F32x4Trunc: return lanewise<float, trunc<float>>;
    case Opcode::F64x2Trunc: return lanewise<double, trunc<double>>;
    case Opcode::F32x4Nearest: return lanewise<float, nearest<float>>;
    case Opcode::F64x2Nearest: return lanewise<double, nearest<double>>;
    default: return nullptr;
  }
}

BinaryFn float_binary_fn(Opcode op) {
  switch (op) {
    case Opcode::F32x4Add: return lanewise<float, add<float>>;
    case Opcode::F64x2Add: return lanewise<double, add<double>>;
    case Opcode::F32x4Sub: return lanewise<float, sub<float>>;
    case Opcode::F64x2Sub: return lanewise<double, sub<double>>;
    case Opcode::F32x4Mul: return lanewise<float, mul<float>>;
    case Opcode::F64x2Mul: return lanewise<double, mul<double>>;
    case Opcode::F32x4Div: return lanewise<float, div<float>>;
    case Opcode::F64x2Div: return lanewise<double, div<double>>;
    case Opcode::F32x4Min: return lanewise<float, min<float>>;
    case Opcode::F64x2Min: return lanewise<double, min<double>>;
    case Opcode::F32x4Max: return lanewise<float, max<float>>;
    case Opcode::F64x2Max: return lanewise<double, max<double>>;
    case Opcode::F32x4Pmin: return lanewise<uint32_t, pmin<float>>;
    case Opcode::F64x2Pmin: return lanewise<uint64_t, pmin<double>>;
    case Opcode::F32x4Pmax: return lanewise<uint32_t, pmax<float>>;
    case Opcode::F64x2Pmax: return lanewise<uint64_t, pmax<double>>;

    case Opcode::F32x4Eq: return compare<float, eq<float>>;
    case Opcode::F32x4Ne: return compare<float, ne<float>>;
    case Opcode::F32x4Lt: return compare<float, lt<float>>;
    case Opcode::F32x4Gt: return compare<float, gt<float>>;
    case Opcode::F32x4Le: return compare<float, le<float>>;
    case Opcode::F32x4Ge: return compare<float, ge<float>>;
    case Opcode::F64x2Eq: return compare<double, eq<double>>;
    case Opcode::F64x2Ne: return compare<double, ne<double>>;
    case Opcode::F64x2Lt: return compare<double, lt<double>>;
    case Opcode::F64x2Gt: return compare<double, gt<double>>;
    case Opcode::F64x2Le: return compare<double, le<double>>;
    case Opcode::F64x2Ge: return compare<double, ge<double>>;
    default: return nullptr;
  }
}

}  // namespace wisp::interp::simd::detail
