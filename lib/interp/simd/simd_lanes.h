// Internal helpers shared by the SIMD category files: lane-wise loops and the
// per-file lookups that simd_dispatch.cpp chains together.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "interp/simd/simd_ops.h"

namespace wisp::interp::simd::detail {

// V128::lane() copies host bytes; wasm lanes are little-endian.
static_assert(std::endian::native == std::endian::little, "SIMD lanes assume a little-endian host");

template <class T>
inline constexpr unsigned kLanes = 16 / sizeof(T);

// Same-width unsigned integer, used for lane masks and raw float bits.
template <class T>
using UBits = std::conditional_t<
    sizeof(T) == 1, uint8_t,
    std::conditional_t<sizeof(T) == 2, uint16_t, std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

template <class T, T (*F)(T)>
V128 lanewise(V128 a) {
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.set_lane<T>(i, F(a.lane<T>(i)));
  return r;
}

template <class T, T (*F)(T, T)>
V128 lanewise(V128 a, V128 b) {
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.set_lane<T>(i, F(a.lane<T>(i), b.lane<T>(i)));
  return r;
}

// Comparison: each lane becomes all ones when P holds, zero otherwise.
template <class T, bool (*P)(T, T)>
V128 compare(V128 a, V128 b) {
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) {
    r.set_lane<UBits<T>>(i,
                         P(a.lane<T>(i), b.lane<T>(i)) ? static_cast<UBits<T>>(~UBits<T>{0}) : UBits<T>{0});
  }
  return r;
}

// Per-file lookups: nullptr when the opcode belongs to another file.
UnaryFn int_unary_fn(ast::Opcode op);
BinaryFn int_binary_fn(ast::Opcode op);
ShiftFn int_shift_fn(ast::Opcode op);
UnaryFn float_unary_fn(ast::Opcode op);
BinaryFn float_binary_fn(ast::Opcode op);
UnaryFn widen_unary_fn(ast::Opcode op);
BinaryFn widen_binary_fn(ast::Opcode op);
UnaryFn convert_unary_fn(ast::Opcode op);
UnaryFn bitwise_unary_fn(ast::Opcode op);
BinaryFn bitwise_binary_fn(ast::Opcode op);
TestFn test_lookup_fn(ast::Opcode op);

}  // namespace wisp::interp::simd::detail
