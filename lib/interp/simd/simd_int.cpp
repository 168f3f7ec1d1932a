// Integer lane arithmetic: wrapping and saturating add/sub, mul, neg, abs,
// min/max, avgr_u, popcnt, q15mulr_sat_s, comparisons and shifts.
//
// Wrapping arithmetic is done in unsigned types wide enough that C++ integer
// promotion cannot overflow a signed int (uint16 * uint16 would).
#include <algorithm>
#include <bit>
#include <limits>

#include "interp/simd/simd_lanes.h"

namespace wisp::interp::simd::detail {
namespace {

using ast::Opcode;

// Unsigned type at least 32 bits wide, so promotion stays unsigned.
template <class T>
using Wide = std::conditional_t<(sizeof(T) < 4), uint32_t, T>;

template <class T>
T add(T a, T b) {
  return static_cast<T>(Wide<T>(a) + Wide<T>(b));
}
template <class T>
T sub(T a, T b) {
  return static_cast<T>(Wide<T>(a) - Wide<T>(b));
}
template <class T>
T mul(T a, T b) {
  return static_cast<T>(Wide<T>(a) * Wide<T>(b));
}
template <class T>
T neg(T a) {
  return static_cast<T>(Wide<T>(0) - Wide<T>(a));
}

// abs of the most negative value wraps to itself, as the spec requires.
template <class T>
T abs(T a) {
  using S = std::make_signed_t<T>;
  return static_cast<S>(a) < 0 ? neg(a) : a;
}

// Saturating forms work in int32, which holds any i8/i16 sum or difference.
template <class T>
T saturate(int32_t v) {
  return static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}
template <class T>
T add_sat(T a, T b) {
  return saturate<T>(int32_t{a} + int32_t{b});
}
template <class T>
T sub_sat(T a, T b) {
  return saturate<T>(int32_t{a} - int32_t{b});
}

template <class T>
T min(T a, T b) {
  return b < a ? b : a;
}
template <class T>
T max(T a, T b) {
  return a < b ? b : a;
}

template <class T>
T avgr_u(T a, T b) {
  return static_cast<T>((uint32_t{a} + uint32_t{b} + 1) >> 1);
}

uint8_t popcnt(uint8_t a) { return static_cast<uint8_t>(std::popcount(a)); }

// Q15 fixed-point multiply, rounded half up; only -1.0 * -1.0 overflows.
int16_t q15mulr_sat(int16_t a, int16_t b) {
  return saturate<int16_t>((int32_t{a} * int32_t{b} + 0x4000) >> 15);
}

template <class T>
bool eq(T a, T b) {
  return a == b;
}
template <class T>
bool ne(T a, T b) {
  return a != b;
}
template <class T>
bool lt(T a, T b) {
  return a < b;
}
template <class T>
bool gt(T a, T b) {
  return a > b;
}
template <class T>
bool le(T a, T b) {
  return a <= b;
}
template <class T>
bool ge(T a, T b) {
  return a >= b;
}

constexpr unsigned shift_amount(uint32_t count, unsigned lane_bytes) { return count % (8 * lane_bytes); }

template <class U>
V128 shl(V128 a, uint32_t count) {
  const unsigned s = shift_amount(count, sizeof(U));
  V128 r;
  for (unsigned i = 0; i < kLanes<U>; ++i) r.set_lane<U>(i, static_cast<U>(Wide<U>(a.lane<U>(i)) << s));
  return r;
}

// Works for both signed (arithmetic, defined since C++20) and unsigned lanes.
template <class T>
V128 shr(V128 a, uint32_t count) {
  const unsigned s = shift_amount(count, sizeof(T));
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.set_lane<T>(i, static_cast<T>(a.lane<T>(i) >> s));
  return r;
}

}  // namespace

UnaryFn int_unary_fn(Opcode op) {
  switch (op) {
    case Opcode::I8x16Abs: return lanewise<uint8_t, abs<uint8_t>>;
    case Opcode::I16x8Abs: return lanewise<uint16_t, abs<uint16_t>>;
    case Opcode::I32x4Abs: return lanewise<uint32_t, abs<uint32_t>>;
    case Opcode::I64x2Abs: return lanewise<uint64_t, abs<uint64_t>>;
    case Opcode::I8x16Neg: return lanewise<uint8_t, neg<uint8_t>>;
    case Opcode::I16x8Neg: return lanewise<uint16_t, neg<uint16_t>>;
    case Opcode::I32x4Neg: return lanewise<uint32_t, neg<uint32_t>>;
    case Opcode::I64x2Neg: return lanewise<uint64_t, neg<uint64_t>>;
    case Opcode::I8x16Popcnt: return lanewise<uint8_t, popcnt>;
    default: return nullptr;
  }
}

BinaryFn int_binary_fn(Opcode op) {
  switch (op) {
    case Opcode::I8x16Add: return lanewise<uint8_t, add<uint8_t>>;
    case Opcode::I16x8Add: return lanewise<uint16_t, add<uint16_t>>;
    case Opcode::I32x4Add: return lanewise<uint32_t, add<uint32_t>>;
    case Opcode::I64x2Add: return lanewise<uint64_t, add<uint64_t>>;
    case Opcode::I8x16Sub: return lanewise<uint8_t, sub<uint8_t>>;
    case Opcode::I16x8Sub: return lanewise<uint16_t, sub<uint16_t>>;
    case Opcode::I32x4Sub: return lanewise<uint32_t, sub<uint32_t>>;
    case Opcode::I64x2Sub: return lanewise<uint64_t, sub<uint64_t>>;
    case Opcode::I16x8Mul: return lanewise<uint16_t, mul<uint16_t>>;
    case Opcode::I32x4Mul: return lanewise<uint32_t, mul<uint32_t>>;
    case Opcode::I64x2Mul: return lanewise<uint64_t, mul<uint64_t>>;

    case Opcode::I8x16AddSatS: return lanewise<int8_t, add_sat<int8_t>>;
    case Opcode::I8x16AddSatU: return lanewise<uint8_t, add_sat<uint8_t>>;
    case Opcode::I8x16SubSatS: return lanewise<int8_t, sub_sat<int8_t>>;
    case Opcode::I8x16SubSatU: return lanewise<uint8_t, sub_sat<uint8_t>>;
    case Opcode::I16x8AddSatS: return lanewise<int16_t, add_sat<int16_t>>;
    case Opcode::I16x8AddSatU: return lanewise<uint16_t, add_sat<uint16_t>>;
    case Opcode::I16x8SubSatS: return lanewise<int16_t, sub_sat<int16_t>>;
    case Opcode::I16x8SubSatU: return lanewise<uint16_t, sub_sat<uint16_t>>;

    case Opcode::I8x16MinS: return lanewise<int8_t, min<int8_t>>;
    case Opcode::I8x16MinU: return lanewise<uint8_t, min<uint8_t>>;
    case Opcode::I8x16MaxS: return lanewise<int8_t, max<int8_t>>;
    case Opcode::I8x16MaxU: return lanewise<uint8_t, max<uint8_t>>;
    case Opcode::I16x8MinS: return lanewise<int16_t, min<int16_t>>;
    case Opcode::I16x8MinU: return lanewise<uint16_t, min<uint16_t>>;
    case Opcode::I16x8MaxS: return lanewise<int16_t, max<int16_t>>;
    case Opcode::I16x8MaxU: return lanewise<uint16_t, max<uint16_t>>;
    case Opcode::I32x4MinS: return lanewise<int32_t, min<int32_t>>;
    case Opcode::I32x4MinU: return lanewise<uint32_t, min<uint32_t>>;
    case Opcode::I32x4MaxS: return lanewise<int32_t, max<int32_t>>;
    case Opcode::I32x4MaxU: return lanewise<uint32_t, max<uint32_t>>;

    case Opcode::I8x16AvgrU: return lanewise<uint8_t, avgr_u<uint8_t>>;
    case Opcode::I16x8AvgrU: return lanewise<uint16_t, avgr_u<uint16_t>>;
    case Opcode::I16x8Q15mulrSatS: return lanewise<int16_t, q15mulr_sat>;

    case Opcode::I8x16Eq: return compare<uint8_t, eq<uint8_t>>;
    case Opcode::I8x16Ne: return compare<uint8_t, ne<uint8_t>>;
    case Opcode::I8x16LtS: return compare<int8_t, lt<int8_t>>;
    case Opcode::I8x16LtU: return compare<uint8_t, lt<uint8_t>>;
    case Opcode::I8x16GtS: return compare<int8_t, gt<int8_t>>;
    case Opcode::I8x16GtU: return compare<uint8_t, gt<uint8_t>>;
    case Opcode::I8x16LeS: return compare<int8_t, le<int8_t>>;
    case Opcode::I8x16LeU: return compare<uint8_t, le<uint8_t>>;
    case Opcode::I8x16GeS: return compare<int8_t, ge<int8_t>>;
    case Opcode::I8x16GeU: return compare<uint8_t, ge<uint8_t>>;
    case Opcode::I16x8Eq: return compare<uint16_t, eq<uint16_t>>;
    case Opcode::I16x8Ne: return compare<uint16_t, ne<uint16_t>>;
    case Opcode::I16x8LtS: return compare<int16_t, lt<int16_t>>;
    case Opcode::I16x8LtU: return compare<uint16_t, lt<uint16_t>>;
    case Opcode::I16x8GtS: return compare<int16_t, gt<int16_t>>;
    case Opcode::I16x8GtU: return compare<uint16_t, gt<uint16_t>>;
    case Opcode::I16x8LeS: return compare<int16_t, le<int16_t>>;
    case Opcode::I16x8LeU: return compare<uint16_t, le<uint16_t>>;
    case Opcode::I16x8GeS: return compare<int16_t, ge<int16_t>>;
    case Opcode::I16x8GeU: return compare<uint16_t, ge<uint16_t>>;
    case Opcode::I32x4Eq: return compare<uint32_t, eq<uint32_t>>;
    case Opcode::I32x4Ne: return compare<uint32_t, ne<uint32_t>>;
    case Opcode::I32x4LtS: return compare<int32_t, lt<int32_t>>;
    case Opcode::I32x4LtU: return compare<uint32_t, lt<uint32_t>>;
    case Opcode::I32x4GtS: return compare<int32_t, gt<int32_t>>;
    case Opcode::I32x4GtU: return compare<uint32_t, gt<uint32_t>>;
    case Opcode::I32x4LeS: return compare<int32_t, le<int32_t>>;
    case Opcode::I32x4LeU: return compare<uint32_t, le<uint32_t>>;
    case Opcode::I32x4GeS: return compare<int32_t, ge<int32_t>>;
    case Opcode::I32x4GeU: return compare<uint32_t, ge<uint32_t>>;
    case Opcode::I64x2Eq: return compare<uint64_t, eq<uint64_t>>;
    case Opcode::I64x2Ne: return compare<uint64_t, ne<uint64_t>>;
    case Opcode::I64x2LtS: return compare<int64_t, lt<int64_t>>;
    case Opcode::I64x2GtS: return compare<int64_t, gt<int64_t>>;
    case Opcode::I64x2LeS: return compare<int64_t, le<int64_t>>;
    case Opcode::I64x2GeS: return compare<int64_t, ge<int64_t>>;
    default: return nullptr;
  }
}

ShiftFn int_shift_fn(Opcode op) {
  switch (op) {
    case Opcode::I8x16Shl: return shl<uint8_t>;
    case Opcode::I16x8Shl: return shl<uint16_t>;
    case Opcode::I32x4Shl: return shl<uint32_t>;
    case Opcode::I64x2Shl: return shl<uint64_t>;
    case Opcode::I8x16ShrS: return shr<int8_t>;
    case Opcode::I16x8ShrS: return shr<int16_t>;
    case Opcode::I32x4ShrS: return shr<int32_t>;
    case Opcode::I64x2ShrS: return shr<int64_t>;
    case Opcode::I8x16ShrU: return shr<uint8_t>;
    case Opcode::I16x8ShrU: return shr<uint16_t>;
    case Opcode::I32x4ShrU: return shr<uint32_t>;
    case Opcode::I64x2ShrU: return shr<uint64_t>;
    default: return nullptr;
  }
}

}  // namespace wisp::interp::simd::detail
