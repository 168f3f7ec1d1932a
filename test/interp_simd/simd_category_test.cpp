// category() and shape() come from the opcode table; every SIMD opcode must be
// served by exactly the entry point its category names.
#include <gtest/gtest.h>

#include "interp/simd/simd_ops.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;

TEST(SimdCategory, NamesTheEntryPointForRepresentativeOpcodes) {
  EXPECT_EQ(category(Opcode::V128Const), Category::Const);
  EXPECT_EQ(category(Opcode::V128Load), Category::Load);
  EXPECT_EQ(category(Opcode::V128Load32Zero), Category::Load);
  EXPECT_EQ(category(Opcode::V128Store), Category::Store);
  EXPECT_EQ(category(Opcode::V128Load16Lane), Category::LoadLane);
  EXPECT_EQ(category(Opcode::V128Store64Lane), Category::StoreLane);
  EXPECT_EQ(category(Opcode::I8x16Shuffle), Category::Shuffle);
  EXPECT_EQ(category(Opcode::I8x16Swizzle), Category::Binary);
  EXPECT_EQ(category(Opcode::F64x2Splat), Category::Splat);
  EXPECT_EQ(category(Opcode::I8x16ExtractLaneS), Category::ExtractLane);
  EXPECT_EQ(category(Opcode::F32x4ReplaceLane), Category::ReplaceLane);
  EXPECT_EQ(category(Opcode::V128Not), Category::Unary);
  EXPECT_EQ(category(Opcode::I32x4TruncSatF64x2SZero), Category::Unary);
  EXPECT_EQ(category(Opcode::I16x8NarrowI32x4U), Category::Binary);
  EXPECT_EQ(category(Opcode::V128Bitselect), Category::Bitselect);
  EXPECT_EQ(category(Opcode::I64x2ShrS), Category::Shift);
  EXPECT_EQ(category(Opcode::V128AnyTrue), Category::Test);
  EXPECT_EQ(category(Opcode::I32x4Bitmask), Category::Test);
}

TEST(SimdCategory, NonSimdOpcodesHaveNone) {
  EXPECT_EQ(category(Opcode::I32Add), Category::None);
  EXPECT_EQ(category(Opcode::Unreachable), Category::None);
  EXPECT_EQ(category(Opcode::I64Load), Category::None);
}

TEST(SimdCategory, EveryPrefixedOpcodeHasACategory) {
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    if (ast::info(op).prefix != 0xFD) continue;
    EXPECT_NE(category(op), Category::None) << ast::info(op).text;
  }
}

// The lookups agree with category(): a function exactly where the category
// promises one, and none anywhere else (so no opcode is claimed twice).
TEST(SimdCategory, LookupsMatchCategories) {
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    const Category c = category(op);
    SCOPED_TRACE(std::string(ast::info(op).text));
    EXPECT_EQ(unary_fn(op) != nullptr, c == Category::Unary);
    EXPECT_EQ(binary_fn(op) != nullptr, c == Category::Binary);
    EXPECT_EQ(shift_fn(op) != nullptr, c == Category::Shift);
    EXPECT_EQ(test_fn(op) != nullptr, c == Category::Test);
  }
}

TEST(SimdShape, ReadFromTheInstructionText) {
  EXPECT_EQ(shape(Opcode::I8x16Add), Shape::I8x16);
  EXPECT_EQ(shape(Opcode::I16x8ExtendLowI8x16S), Shape::I16x8);
  EXPECT_EQ(shape(Opcode::I32x4DotI16x8S), Shape::I32x4);
  EXPECT_EQ(shape(Opcode::I64x2Mul), Shape::I64x2);
  EXPECT_EQ(shape(Opcode::F32x4Pmin), Shape::F32x4);
  EXPECT_EQ(shape(Opcode::F64x2ExtractLane), Shape::F64x2);
  EXPECT_EQ(shape(Opcode::V128And), Shape::None);
  EXPECT_EQ(lane_count(Shape::I16x8), 8u);
  EXPECT_EQ(lane_count(Shape::F64x2), 2u);
}

TEST(SimdShape, LaneCountMatchesTableForLaneInstructions) {
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    const Category c = category(op);
    if (c != Category::ExtractLane && c != Category::ReplaceLane) continue;
    EXPECT_EQ(lane_count(shape(op)), ast::info(op).n) << ast::info(op).text;
  }
}

}  // namespace
}  // namespace wisp::interp::simd
