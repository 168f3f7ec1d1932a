// Opcode -> function lookups. Each category file answers for its own opcodes;
// the tables below are filled once from those answers, so a lookup during
// execution is one array index.
#include <array>
#include <cassert>
#include <initializer_list>

#include "interp/simd/simd_lanes.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;

template <class Fn>
std::array<Fn, ast::kOpcodeCount> build_table(std::initializer_list<Fn (*)(Opcode)> lookups) {
  std::array<Fn, ast::kOpcodeCount> table{};
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) {
    // The category files never claim the same opcode, so the first answer is the only one.
    for (auto lookup : lookups) {
      if (table[i] == nullptr) table[i] = lookup(static_cast<Opcode>(i));
    }
  }
  return table;
}

const std::array<UnaryFn, ast::kOpcodeCount>& unary_table() {
  static const auto table =
      build_table<UnaryFn>({detail::int_unary_fn, detail::float_unary_fn, detail::widen_unary_fn,
                            detail::convert_unary_fn, detail::bitwise_unary_fn});
  return table;
}

const std::array<BinaryFn, ast::kOpcodeCount>& binary_table() {
  static const auto table = build_table<BinaryFn>(
      {detail::int_binary_fn, detail::float_binary_fn, detail::widen_binary_fn, detail::bitwise_binary_fn});
  return table;
}

}  // namespace

UnaryFn unary_fn(Opcode op) { return unary_table()[static_cast<size_t>(op)]; }
BinaryFn binary_fn(Opcode op) { return binary_table()[static_cast<size_t>(op)]; }
ShiftFn shift_fn(Opcode op) { return detail::int_shift_fn(op); }
TestFn test_fn(Opcode op) { return detail::test_lookup_fn(op); }

V128 unary(Opcode op, V128 a) {
  const UnaryFn fn = unary_fn(op);
  assert(fn != nullptr && "not a unary SIMD opcode");
  return fn != nullptr ? fn(a) : V128{};
}

V128 binary(Opcode op, V128 a, V128 b) {
  const BinaryFn fn = binary_fn(op);
  assert(fn != nullptr && "not a binary SIMD opcode");
  return fn != nullptr ? fn(a, b) : V128{};
}

V128 shift(Opcode op, V128 a, uint32_t count) {
  const ShiftFn fn = shift_fn(op);
  assert(fn != nullptr && "not a SIMD shift opcode");
  return fn != nullptr ? fn(a, count) : V128{};
}

int32_t test(Opcode op, V128 a) {
  const TestFn fn = test_fn(op);
  assert(fn != nullptr && "not a SIMD test opcode");
  return fn != nullptr ? fn(a) : 0;
}

}  // namespace wisp::interp::simd
