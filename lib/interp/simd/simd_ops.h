// Semantics of the WebAssembly 2.0 fixed-width SIMD instructions (prefix 0xFD),
// as pure functions over V128 values. The interpreter owns the operand stack,
// memory bounds checks and immediates; this library only computes lane values.
//
// Every entry point dispatches on ast::Opcode. category() tells the caller which
// entry point handles an opcode; the *_fn() lookups let a caller resolve the
// operation once (e.g. while lowering) and call a plain function pointer later.
//
// Lanes are little-endian, as in the wasm memory model. Floats travel as raw
// bits, so NaN payloads survive extract/replace/splat/bitwise operations.
#pragma once

#include <cstdint>
#include <string_view>

#include "ast/opcode.h"
#include "wisp/types.h"

namespace wisp::interp::simd {

// Which entry point of this library handles an opcode.
enum class Category : uint8_t {
  None,         // not a SIMD instruction
  Const,        // v128.const: the interpreter reads the immediate itself
  Load,         // load(op, p)
  Store,        // v128.store: store(v, p)
  LoadLane,     // load_lane(op, v, p, lane)
  StoreLane,    // store_lane(op, v, p, lane)
  Shuffle,      // shuffle(a, b, lane_indices)
  Splat,        // splat(op, scalar_bits)
  ExtractLane,  // extract_lane(op, a, lane)
  ReplaceLane,  // replace_lane(op, a, lane, scalar_bits)
  Unary,        // unary(op, a)           v -> v
  Binary,       // binary(op, a, b)       v v -> v
  Bitselect,    // bitselect(a, b, mask)  v v v -> v
  Shift,        // shift(op, a, count)    v i32 -> v
  Test,         // test(op, a)            v -> i32
};

// Lane interpretation of an instruction, read from its text prefix.
enum class Shape : uint8_t { None, I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

// Derived from the opcode table: immediate kind plus signature identify every
// SIMD category, so a new row in opcodes.def needs no edit here.
constexpr Category category(ast::Opcode op) {
  const ast::OpInfo& i = ast::info(op);
  if (i.prefix != 0xFD) return Category::None;
  const std::string_view sig = i.sig;
  switch (i.imm) {
    case ast::Imm::V128: return Category::Const;
    case ast::Imm::Shuffle: return Category::Shuffle;
    case ast::Imm::MemArg: return sig == "iv:" ? Category::Store : Category::Load;
    case ast::Imm::MemArgLane: return sig == "iv:" ? Category::StoreLane : Category::LoadLane;
    case ast::Imm::Lane: return sig.starts_with("v:") ? Category::ExtractLane : Category::ReplaceLane;
    case ast::Imm::None: break;
    default: return Category::None;
  }
  if (sig == "v:v") return Category::Unary;
  if (sig == "vv:v") return Category::Binary;
  if (sig == "vvv:v") return Category::Bitselect;
  if (sig == "vi:v") return Category::Shift;
  if (sig == "v:i") return Category::Test;
  if (sig.ends_with(":v") && sig.size() == 3) return Category::Splat;
  return Category::None;
}

constexpr Shape shape(ast::Opcode op) {
  const std::string_view t = ast::info(op).text;
  if (t.starts_with("i8x16.")) return Shape::I8x16;
  if (t.starts_with("i16x8.")) return Shape::I16x8;
  if (t.starts_with("i32x4.")) return Shape::I32x4;
  if (t.starts_with("i64x2.")) return Shape::I64x2;
  if (t.starts_with("f32x4.")) return Shape::F32x4;
  if (t.starts_with("f64x2.")) return Shape::F64x2;
  return Shape::None;
}

constexpr unsigned lane_count(Shape s) {
  switch (s) {
    case Shape::I8x16: return 16;
    case Shape::I16x8: return 8;
    case Shape::I32x4:
    case Shape::F32x4: return 4;
    case Shape::I64x2:
    case Shape::F64x2: return 2;
    case Shape::None: return 0;
  }
  return 0;
}

using UnaryFn = V128 (*)(V128 a);
using BinaryFn = V128 (*)(V128 a, V128 b);
using ShiftFn = V128 (*)(V128 a, uint32_t count);
using TestFn = int32_t (*)(V128 a);

// Function for an opcode of the matching category, nullptr for any other opcode.
UnaryFn unary_fn(ast::Opcode op);
BinaryFn binary_fn(ast::Opcode op);
ShiftFn shift_fn(ast::Opcode op);
TestFn test_fn(ast::Opcode op);

// Category::Unary: v128.not, abs, neg, popcnt, sqrt, ceil/floor/trunc/nearest,
// extend_low/high, extadd_pairwise and every conversion.
V128 unary(ast::Opcode op, V128 a);
// Category::Binary: bitwise, arithmetic (wrapping and saturating), min/max,
// pmin/pmax, avgr_u, q15mulr_sat_s, dot, extmul, narrow, comparisons, swizzle.
V128 binary(ast::Opcode op, V128 a, V128 b);
// v128.bitselect: bits of a where mask is 1, bits of b where it is 0.
V128 bitselect(V128 a, V128 b, V128 mask);
// shl / shr_s / shr_u of any shape; count is taken modulo the lane width.
V128 shift(ast::Opcode op, V128 a, uint32_t count);
// v128.any_true, *.all_true, *.bitmask.
int32_t test(ast::Opcode op, V128 a);

// *.splat: scalar as raw bits (i32 and f32 in the low 32 bits).
V128 splat(ast::Opcode op, uint64_t scalar_bits);
// *.extract_lane*: i8/i16 lanes are sign- or zero-extended to 32 bits, and every
// i32 result (and f32 bits) is zero-extended to 64 bits. lane < info(op).n.
uint64_t extract_lane(ast::Opcode op, V128 a, uint8_t lane);
// *.replace_lane: the low lane-width bits of scalar_bits replace the lane.
V128 replace_lane(ast::Opcode op, V128 a, uint8_t lane, uint64_t scalar_bits);
// i8x16.shuffle: lane_indices holds the 16 immediate bytes, each < 32 (validated).
V128 shuffle(V128 a, V128 b, const V128& lane_indices);

// Memory: p points at the effective address, already bounds-checked for
// info(op).n bytes. Accesses are unaligned-safe (memcpy).
V128 load(ast::Opcode op, const uint8_t* p);
void store(const V128& v, uint8_t* p);
V128 load_lane(ast::Opcode op, V128 v, const uint8_t* p, uint8_t lane);
void store_lane(ast::Opcode op, const V128& v, uint8_t* p, uint8_t lane);

}  // namespace wisp::interp::simd
