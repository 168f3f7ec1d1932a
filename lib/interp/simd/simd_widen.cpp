// Instructions that change lane width between integer shapes: extend_low/high,
// extadd_pairwise, extmul_low/high, dot and narrow.
#include <algorithm>
#include <limits>

#include "interp/simd/simd_lanes.h"

namespace wisp::interp::simd::detail {
namespace {

using ast::Opcode;

// 64-bit type of the same signedness: every product of two 32-bit lanes fits,
// and C++ promotion of narrower lanes to int can no longer overflow.
template <class T>
using Wide64 = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;

// The result lanes come from the input lanes starting at First (low or high half).
template <class From, class To, unsigned First>
V128 extend(V128 a) {
  V128 r;
  for (unsigned i = 0; i < kLanes<To>; ++i) r.set_lane<To>(i, static_cast<To>(a.lane<From>(First + i)));
  return r;
}

template <class From, class To>
V128 extadd_pairwise(V128 a) {
  V128 r;
  for (unsigned i = 0; i < kLanes<To>; ++i) {
    const Wide64<From> sum = Wide64<From>{a.lane<From>(2 * i)} + Wide64<From>{a.lane<From>(2 * i + 1)};
    r.set_lane<To>(i, static_cast<To>(sum));
  }
  return r;
}

template <class From, class To, unsigned First>
V128 extmul(V128 a, V128 b) {
  V128 r;
  for (unsigned i = 0; i < kLanes<To>; ++i) {
    const Wide64<From> product =
        Wide64<From>{a.lane<From>(First + i)} * Wide64<From>{b.lane<From>(First + i)};
    r.set_lane<To>(i, static_cast<To>(product));
  }
  return r;
}

// Sum of two adjacent i16 products; only when all four inputs are -32768 does
// the sum (2^31) leave the i32 range, and it wraps.
V128 dot_i16x8_s(V128 a, V128 b) {
  V128 r;
  for (unsigned i = 0; i < 4; ++i) {
    const int64_t lo = int64_t{a.lane<int16_t>(2 * i)} * b.lane<int16_t>(2 * i);
    const int64_t hi = int64_t{a.lane<int16_t>(2 * i + 1)} * b.lane<int16_t>(2 * i + 1);
    r.set_lane<uint32_t>(i, static_cast<uint32_t>(lo + hi));
  }
  return r;
}

// Inputs are always read as signed; To decides the saturation range.
template <class From, class To>
V128 narrow(V128 a, V128 b) {
  constexpr unsigned kHalf = kLanes<From>;
  auto sat = [](From v) {
    return static_cast<To>(
        std::clamp<int64_t>(v, std::numeric_limits<To>::min(), std::numeric_limits<To>::max()));
  };
  V128 r;
  for (unsigned i = 0; i < kHalf; ++i) {
    r.set_lane<To>(i, sat(a.lane<From>(i)));
    r.set_lane<To>(kHalf + i, sat(b.lane<From>(i)));
  }
  return r;
}

}  // namespace

UnaryFn widen_unary_fn(Opcode op) {
  switch (op) {
    case Opcode::I16x8ExtendLowI8x16S: return extend<int8_t, int16_t, 0>;
    case Opcode::I16x8ExtendHighI8x16S: return extend<int8_t, int16_t, 8>;
    case Opcode::I16x8ExtendLowI8x16U: return extend<uint8_t, uint16_t, 0>;
    case Opcode::I16x8ExtendHighI8x16U: return extend<uint8_t, uint16_t, 8>;
    case Opcode::I32x4ExtendLowI16x8S: return extend<int16_t, int32_t, 0>;
    case Opcode::I32x4ExtendHighI16x8S: return extend<int16_t, int32_t, 4>;
    case Opcode::I32x4ExtendLowI16x8U: return extend<uint16_t, uint32_t, 0>;
    case Opcode::I32x4ExtendHighI16x8U: return extend<uint16_t, uint32_t, 4>;
    case Opcode::I64x2ExtendLowI32x4S: return extend<int32_t, int64_t, 0>;
    case Opcode::I64x2ExtendHighI32x4S: return extend<int32_t, int64_t, 2>;
    case Opcode::I64x2ExtendLowI32x4U: return extend<uint32_t, uint64_t, 0>;
    case Opcode::I64x2ExtendHighI32x4U: return extend<uint32_t, uint64_t, 2>;
    case Opcode::I16x8ExtaddPairwiseI8x16S: return extadd_pairwise<int8_t, int16_t>;
    case Opcode::I16x8ExtaddPairwiseI8x16U: return extadd_pairwise<uint8_t, uint16_t>;
    case Opcode::I32x4ExtaddPairwiseI16x8S: return extadd_pairwise<int16_t, int32_t>;
    case Opcode::I32x4ExtaddPairwiseI16x8U: return extadd_pairwise<uint16_t, uint32_t>;
    default: return nullptr;
  }
}

BinaryFn widen_binary_fn(Opcode op) {
  switch (op) {
    case Opcode::I16x8ExtmulLowI8x16S: return extmul<int8_t, int16_t, 0>;
    case Opcode::I16x8ExtmulHighI8x16S: return extmul<int8_t, int16_t, 8>;
    case Opcode::I16x8ExtmulLowI8x16U: return extmul<uint8_t, uint16_t, 0>;
    case Opcode::I16x8ExtmulHighI8x16U: return extmul<uint8_t, uint16_t, 8>;
    case Opcode::I32x4ExtmulLowI16x8S: return extmul<int16_t, int32_t, 0>;
    case Opcode::I32x4ExtmulHighI16x8S: return extmul<int16_t, int32_t, 4>;
    case Opcode::I32x4ExtmulLowI16x8U: return extmul<uint16_t, uint32_t, 0>;
    case Opcode::I32x4ExtmulHighI16x8U: return extmul<uint16_t, uint32_t, 4>;
    case Opcode::I64x2ExtmulLowI32x4S: return extmul<int32_t, int64_t, 0>;
    case Opcode::I64x2ExtmulHighI32x4S: return extmul<int32_t, int64_t, 2>;
    case Opcode::I64x2ExtmulLowI32x4U: return extmul<uint32_t, uint64_t, 0>;
    case Opcode::I64x2ExtmulHighI32x4U: return extmul<uint32_t, uint64_t, 2>;
    case Opcode::I32x4DotI16x8S: return dot_i16x8_s;
    case Opcode::I8x16NarrowI16x8S: return narrow<int16_t, int8_t>;
    case Opcode::I8x16NarrowI16x8U: return narrow<int16_t, uint8_t>;
    case Opcode::I16x8NarrowI32x4S: return narrow<int32_t, int16_t>;
    case Opcode::I16x8NarrowI32x4U: return narrow<int32_t, uint16_t>;
    default: return nullptr;
  }
}

}  // namespace wisp::interp::simd::detail
