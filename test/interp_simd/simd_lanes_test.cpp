// Bitwise ops, bitselect, tests, splat, lane access, swizzle and shuffle.
#include <gtest/gtest.h>

#include "simd_test_util.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;
using namespace testing;

TEST(SimdLanes, Bitwise) {
  const V128 a = fill<uint8_t>(0b1100), b = fill<uint8_t>(0b1010);
  EXPECT_EQ(binary(Opcode::V128And, a, b), fill<uint8_t>(0b1000));
  EXPECT_EQ(binary(Opcode::V128Andnot, a, b), fill<uint8_t>(0b0100));
  EXPECT_EQ(binary(Opcode::V128Or, a, b), fill<uint8_t>(0b1110));
  EXPECT_EQ(binary(Opcode::V128Xor, a, b), fill<uint8_t>(0b0110));
  EXPECT_EQ(unary(Opcode::V128Not, a), fill<uint8_t>(0xF3));
}

TEST(SimdLanes, BitselectTakesMaskedBitsFromFirst) {
  const V128 mask = make<uint64_t>({0xFF00FF00FF00FF00ull, 0});
  EXPECT_EQ(bitselect(fill<uint8_t>(0xAA), fill<uint8_t>(0x55), mask),
            make<uint64_t>({0xAA55AA55AA55AA55ull, 0x5555555555555555ull}));
}

TEST(SimdLanes, AnyTrueAllTrueBitmask) {
  V128 one_bit{};
  one_bit.bytes[15] = 0x10;
  EXPECT_EQ(test(Opcode::V128AnyTrue, V128{}), 0);
  EXPECT_EQ(test(Opcode::V128AnyTrue, one_bit), 1);

  V128 almost = fill<uint8_t>(1);
  EXPECT_EQ(test(Opcode::I8x16AllTrue, almost), 1);
  almost.bytes[7] = 0;
  EXPECT_EQ(test(Opcode::I8x16AllTrue, almost), 0);
  // A lane is true when any of its bits is set, not only its low byte.
  EXPECT_EQ(test(Opcode::I16x8AllTrue, fill<uint16_t>(0x0100)), 1);
  EXPECT_EQ(test(Opcode::I32x4AllTrue, make<uint32_t>({1, 1, 1, 0})), 0);
  EXPECT_EQ(test(Opcode::I64x2AllTrue, make<uint64_t>({1ull << 63, 1})), 1);

  EXPECT_EQ(test(Opcode::I8x16Bitmask, make<int8_t>({-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -5})),
            0x8005);
  EXPECT_EQ(test(Opcode::I8x16Bitmask, fill<int8_t>(-1)), 0xFFFF);
  EXPECT_EQ(test(Opcode::I16x8Bitmask, make<int16_t>({0, -1, 0, 0, 0, 0, 0, -32768})), 0x82);
  EXPECT_EQ(test(Opcode::I32x4Bitmask, make<int32_t>({-1, 1, -1, 0})), 0b0101);
  EXPECT_EQ(test(Opcode::I64x2Bitmask, make<int64_t>({1, -1})), 0b10);
}

TEST(SimdLanes, SplatTruncatesScalarToLaneWidth) {
  EXPECT_EQ(splat(Opcode::I8x16Splat, 0x1FF), fill<uint8_t>(0xFF));
  EXPECT_EQ(splat(Opcode::I16x8Splat, 0x12345678), fill<uint16_t>(0x5678));
  EXPECT_EQ(splat(Opcode::I32x4Splat, 0xFFFFFFFFull), fill<uint32_t>(0xFFFFFFFFu));
  EXPECT_EQ(splat(Opcode::I64x2Splat, 0x0123456789ABCDEFull), fill<uint64_t>(0x0123456789ABCDEFull));
  EXPECT_EQ(splat(Opcode::F32x4Splat, kSignallingNanF), fill<uint32_t>(kSignallingNanF));
  EXPECT_EQ(splat(Opcode::F64x2Splat, bits(-0.0)), fill(-0.0));
}

TEST(SimdLanes, ExtractSignOrZeroExtendsTo32Bits) {
  const V128 v = make<uint8_t>({0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F});
  EXPECT_EQ(extract_lane(Opcode::I8x16ExtractLaneS, v, 1), 0xFFFFFF80ull);
  EXPECT_EQ(extract_lane(Opcode::I8x16ExtractLaneU, v, 1), 0x80ull);
  EXPECT_EQ(extract_lane(Opcode::I8x16ExtractLaneS, v, 15), 0x7Full);
  const V128 h = make<int16_t>({0, 0, 0, 0, 0, 0, 0, -2});
  EXPECT_EQ(extract_lane(Opcode::I16x8ExtractLaneS, h, 7), 0xFFFFFFFEull);
  EXPECT_EQ(extract_lane(Opcode::I16x8ExtractLaneU, h, 7), 0xFFFEull);
  EXPECT_EQ(extract_lane(Opcode::I32x4ExtractLane, make<int32_t>({0, 0, -1, 0}), 2), 0xFFFFFFFFull);
  EXPECT_EQ(extract_lane(Opcode::I64x2ExtractLane, make<int64_t>({0, -1}), 1), ~0ull);
  EXPECT_EQ(extract_lane(Opcode::F32x4ExtractLane, fill<uint32_t>(kSignallingNanF), 3), kSignallingNanF);
  EXPECT_EQ(extract_lane(Opcode::F64x2ExtractLane, make<double>({1.0, -0.0}), 1), bits(-0.0));
}

TEST(SimdLanes, ReplaceChangesOnlyTheLane) {
  EXPECT_EQ(replace_lane(Opcode::I8x16ReplaceLane, V128{}, 3, 0x1AB),
            make<uint8_t>({0, 0, 0, 0xAB, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(replace_lane(Opcode::I16x8ReplaceLane, fill<uint16_t>(1), 7, 0xFFFFFFFFu),
            make<uint16_t>({1, 1, 1, 1, 1, 1, 1, 0xFFFF}));
  EXPECT_EQ(replace_lane(Opcode::I32x4ReplaceLane, V128{}, 0, 5), make<uint32_t>({5, 0, 0, 0}));
  EXPECT_EQ(replace_lane(Opcode::I64x2ReplaceLane, V128{}, 1, ~0ull), make<uint64_t>({0, ~0ull}));
  EXPECT_EQ(replace_lane(Opcode::F32x4ReplaceLane, fill(1.0f), 2, kSignallingNanF),
            make<uint32_t>({bits(1.0f), bits(1.0f), kSignallingNanF, bits(1.0f)}));
  EXPECT_EQ(replace_lane(Opcode::F64x2ReplaceLane, fill(1.0), 0, bits(-2.5)), make<double>({-2.5, 1.0}));
}

TEST(SimdLanes, SwizzleOutOfRangeIndicesGiveZero) {
  const V128 table = make<uint8_t>({10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25});
  const V128 indices = make<uint8_t>({15, 0, 16, 0x80, 0xFF, 3, 17, 255, 1, 1, 1, 1, 1, 1, 1, 14});
  EXPECT_EQ(binary(Opcode::I8x16Swizzle, table, indices),
            make<uint8_t>({25, 10, 0, 0, 0, 13, 0, 0, 11, 11, 11, 11, 11, 11, 11, 24}));
}

TEST(SimdLanes, ShuffleSelectsFromBothOperands) {
  const V128 a = make<uint8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  const V128 b =
      make<uint8_t>({100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115});
  const V128 indices = make<uint8_t>({31, 0, 16, 15, 1, 17, 2, 18, 30, 14, 3, 3, 19, 19, 8, 24});
  EXPECT_EQ(shuffle(a, b, indices),
            make<uint8_t>({115, 0, 100, 15, 1, 101, 2, 102, 114, 14, 3, 3, 103, 103, 8, 108}));
}

}  // namespace
}  // namespace wisp::interp::simd
