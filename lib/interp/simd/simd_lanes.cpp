// Whole-vector and lane-moving instructions: bitwise ops, bitselect,
// any_true/all_true/bitmask, splat, extract/replace lane, swizzle, shuffle.
#include "interp/simd/simd_lanes.h"

#include <cassert>

namespace wisp::interp::simd {
namespace detail {
namespace {

using ast::Opcode;

uint64_t bit_not(uint64_t a) { return ~a; }
uint64_t bit_and(uint64_t a, uint64_t b) { return a & b; }
uint64_t bit_andnot(uint64_t a, uint64_t b) { return a & ~b; }
uint64_t bit_or(uint64_t a, uint64_t b) { return a | b; }
uint64_t bit_xor(uint64_t a, uint64_t b) { return a ^ b; }

// Indices 16 and above (including any byte >= 0x80) select zero.
V128 swizzle(V128 a, V128 indices) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) {
    const uint8_t index = indices.bytes[i];
    r.bytes[i] = index < 16 ? a.bytes[index] : 0;
  }
  return r;
}

int32_t any_true(V128 a) { return (a.lane<uint64_t>(0) | a.lane<uint64_t>(1)) != 0 ? 1 : 0; }

template <class U>
int32_t all_true(V128 a) {
  for (unsigned i = 0; i < kLanes<U>; ++i) {
    if (a.lane<U>(i) == 0) return 0;
  }
  return 1;
}

// Bit i of the result is the sign (top) bit of lane i.
template <class S>
int32_t bitmask(V128 a) {
  uint32_t mask = 0;
  for (unsigned i = 0; i < kLanes<S>; ++i) {
    if (a.lane<S>(i) < 0) mask |= 1u << i;
  }
  return static_cast<int32_t>(mask);
}

template <class U>
V128 fill(U value) {
  V128 r;
  for (unsigned i = 0; i < kLanes<U>; ++i) r.set_lane<U>(i, value);
  return r;
}

// Lane indices are validated against the shape; masking keeps a caller bug
// from reading outside the vector.
unsigned checked_lane(Opcode op, uint8_t lane) {
  const unsigned count = lane_count(shape(op));
  assert(count != 0 && lane < count);
  return count == 0 ? 0 : lane % count;
}

}  // namespace

UnaryFn bitwise_unary_fn(Opcode op) { return op == Opcode::V128Not ? lanewise<uint64_t, bit_not> : nullptr; }

BinaryFn bitwise_binary_fn(Opcode op) {
  switch (op) {
    case Opcode::V128And: return lanewise<uint64_t, bit_and>;
    case Opcode::V128Andnot: return lanewise<uint64_t, bit_andnot>;
    case Opcode::V128Or: return lanewise<uint64_t, bit_or>;
    case Opcode::V128Xor: return lanewise<uint64_t, bit_xor>;
    case Opcode::I8x16Swizzle: return swizzle;
    default: return nullptr;
  }
}

TestFn test_lookup_fn(Opcode op) {
  switch (op) {
    case Opcode::V128AnyTrue: return any_true;
    case Opcode::I8x16AllTrue: return all_true<uint8_t>;
    case Opcode::I16x8AllTrue: return all_true<uint16_t>;
    case Opcode::I32x4AllTrue: return all_true<uint32_t>;
    case Opcode::I64x2AllTrue: return all_true<uint64_t>;
    case Opcode::I8x16Bitmask: return bitmask<int8_t>;
    case Opcode::I16x8Bitmask: return bitmask<int16_t>;
    case Opcode::I32x4Bitmask: return bitmask<int32_t>;
    case Opcode::I64x2Bitmask: return bitmask<int64_t>;
    default: return nullptr;
  }
}

}  // namespace detail

using ast::Opcode;
using detail::fill;

V128 bitselect(V128 a, V128 b, V128 mask) {
  V128 r;
  for (unsigned i = 0; i < 2; ++i) {
    const uint64_t m = mask.lane<uint64_t>(i);
    r.set_lane<uint64_t>(i, (a.lane<uint64_t>(i) & m) | (b.lane<uint64_t>(i) & ~m));
  }
  return r;
}

V128 shuffle(V128 a, V128 b, const V128& lane_indices) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) {
    const uint8_t index = lane_indices.bytes[i];
    assert(index < 32);
    r.bytes[i] = index < 16 ? a.bytes[index] : index < 32 ? b.bytes[index - 16] : 0;
  }
  return r;
}

V128 splat(Opcode op, uint64_t scalar_bits) {
  switch (shape(op)) {
    case Shape::I8x16: return fill(static_cast<uint8_t>(scalar_bits));
    case Shape::I16x8: return fill(static_cast<uint16_t>(scalar_bits));
    case Shape::I32x4:
    case Shape::F32x4: return fill(static_cast<uint32_t>(scalar_bits));
    case Shape::I64x2:
    case Shape::F64x2: return fill(scalar_bits);
    case Shape::None: break;
  }
  assert(false && "not a splat opcode");
  return V128{};
}

uint64_t extract_lane(Opcode op, V128 a, uint8_t lane) {
  const unsigned i = detail::checked_lane(op, lane);
  switch (op) {
    case Opcode::I8x16ExtractLaneS: return static_cast<uint32_t>(int32_t{a.lane<int8_t>(i)});
    case Opcode::I8x16ExtractLaneU: return a.lane<uint8_t>(i);
    case Opcode::I16x8ExtractLaneS: return static_cast<uint32_t>(int32_t{a.lane<int16_t>(i)});
    case Opcode::I16x8ExtractLaneU: return a.lane<uint16_t>(i);
    case Opcode::I32x4ExtractLane:
    case Opcode::F32x4ExtractLane: return a.lane<uint32_t>(i);
    case Opcode::I64x2ExtractLane:
    case Opcode::F64x2ExtractLane: return a.lane<uint64_t>(i);
    default: break;
  }
  assert(false && "not an extract_lane opcode");
  return 0;
}

V128 replace_lane(Opcode op, V128 a, uint8_t lane, uint64_t scalar_bits) {
  const unsigned i = detail::checked_lane(op, lane);
  switch (shape(op)) {
    case Shape::I8x16: a.set_lane<uint8_t>(i, static_cast<uint8_t>(scalar_bits)); break;
    case Shape::I16x8: a.set_lane<uint16_t>(i, static_cast<uint16_t>(scalar_bits)); break;
    case Shape::I32x4:
    case Shape::F32x4: a.set_lane<uint32_t>(i, static_cast<uint32_t>(scalar_bits)); break;
    case Shape::I64x2:
    case Shape::F64x2: a.set_lane<uint64_t>(i, scalar_bits); break;
    case Shape::None: assert(false && "not a replace_lane opcode"); break;
  }
  return a;
}

}  // namespace wisp::interp::simd
