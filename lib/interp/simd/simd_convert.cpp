// Conversions between integer and float shapes and between float widths:
// convert, trunc_sat (saturating, NaN -> 0), demote_zero and promote_low.
#include <cmath>
#include <limits>

#include "interp/simd/simd_lanes.h"

namespace wisp::interp::simd::detail {
namespace {

using ast::Opcode;

// Truncate toward zero and clamp to Int's range. Clamping happens in double,
// which holds every f32 exactly and every i32/u32 bound exactly, so the final
// cast is always in range (an out-of-range float->int cast would be UB).
template <class Int, class F>
Int trunc_sat(F x) {
  if (std::isnan(x)) return 0;
  const double t = std::trunc(static_cast<double>(x));
  constexpr double kMin = static_cast<double>(std::numeric_limits<Int>::min());
  constexpr double kMax = static_cast<double>(std::numeric_limits<Int>::max());
  if (t <= kMin) return std::numeric_limits<Int>::min();
  if (t >= kMax) return std::numeric_limits<Int>::max();
  return static_cast<Int>(t);
}

template <class Int>
V128 trunc_sat_f32x4(V128 a) {
  V128 r;
  for (unsigned i = 0; i < 4; ++i) r.set_lane<Int>(i, trunc_sat<Int>(a.lane<float>(i)));
  return r;
}

// The two f64 lanes fill the low half; the high half is zero.
template <class Int>
V128 trunc_sat_f64x2_zero(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < 2; ++i) r.set_lane<Int>(i, trunc_sat<Int>(a.lane<double>(i)));
  return r;
}

// Rounds to nearest (ties to even) for values above 2^24, as the spec asks.
template <class Int>
V128 convert_i32x4(V128 a) {
  V128 r;
  for (unsigned i = 0; i < 4; ++i) r.set_lane<float>(i, static_cast<float>(a.lane<Int>(i)));
  return r;
}

// Exact: every i32/u32 is representable as f64.
template <class Int>
V128 convert_low_i32x4(V128 a) {
  V128 r;
  for (unsigned i = 0; i < 2; ++i) r.set_lane<double>(i, static_cast<double>(a.lane<Int>(i)));
  return r;
}

// NaN lanes become the canonical NaN (keeping the sign), which satisfies the
// spec for any NaN input and does not depend on how the host converts payloads.
float demote(double x) {
  if (std::isnan(x)) return std::bit_cast<float>(std::signbit(x) ? 0xFFC00000u : 0x7FC00000u);
  return static_cast<float>(x);
}

double promote(float x) {
  if (std::isnan(x)) {
    return std::bit_cast<double>(std::signbit(x) ? 0xFFF8000000000000ull : 0x7FF8000000000000ull);
  }
  return static_cast<double>(x);
}

V128 demote_f64x2_zero(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < 2; ++i) r.set_lane<float>(i, demote(a.lane<double>(i)));
  return r;
}

V128 promote_low_f32x4(V128 a) {
  V128 r;
  for (unsigned i = 0; i < 2; ++i) r.set_lane<double>(i, promote(a.lane<float>(i)));
  return r;
}

}  // namespace

UnaryFn convert_unary_fn(Opcode op) {
  switch (op) {
    case Opcode::I32x4TruncSatF32x4S: return trunc_sat_f32x4<int32_t>;
    case Opcode::I32x4TruncSatF32x4U: return trunc_sat_f32x4<uint32_t>;
    case Opcode::I32x4TruncSatF64x2SZero: return trunc_sat_f64x2_zero<int32_t>;
    case Opcode::I32x4TruncSatF64x2UZero: return trunc_sat_f64x2_zero<uint32_t>;
    case Opcode::F32x4ConvertI32x4S: return convert_i32x4<int32_t>;
    case Opcode::F32x4ConvertI32x4U: return convert_i32x4<uint32_t>;
    case Opcode::F64x2ConvertLowI32x4S: return convert_low_i32x4<int32_t>;
    case Opcode::F64x2ConvertLowI32x4U: return convert_low_i32x4<uint32_t>;
    case Opcode::F32x4DemoteF64x2Zero: return demote_f64x2_zero;
    case Opcode::F64x2PromoteLowF32x4: return promote_low_f32x4;
    default: return nullptr;
  }
}

}  // namespace wisp::interp::simd::detail
