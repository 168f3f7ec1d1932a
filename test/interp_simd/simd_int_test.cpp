// Integer lane arithmetic, comparisons, shifts and width-changing operations.
#include <gtest/gtest.h>

#include "simd_test_util.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;
using namespace testing;

constexpr int8_t kI8Min = std::numeric_limits<int8_t>::min();
constexpr int16_t kI16Min = std::numeric_limits<int16_t>::min();
constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

TEST(SimdInt, AddSubMulWrap) {
  EXPECT_EQ(binary(Opcode::I8x16Add, fill<uint8_t>(0xFF), fill<uint8_t>(2)), fill<uint8_t>(1));
  EXPECT_EQ(binary(Opcode::I16x8Sub, fill<uint16_t>(0), fill<uint16_t>(1)), fill<uint16_t>(0xFFFF));
  // 0xFFFF * 0xFFFF would overflow a promoted int; the low 16 bits are 1.
  EXPECT_EQ(binary(Opcode::I16x8Mul, fill<uint16_t>(0xFFFF), fill<uint16_t>(0xFFFF)), fill<uint16_t>(1));
  EXPECT_EQ(binary(Opcode::I32x4Mul, fill<int32_t>(0x10000), fill<int32_t>(0x10000)), fill<int32_t>(0));
  EXPECT_EQ(binary(Opcode::I64x2Add, fill<int64_t>(std::numeric_limits<int64_t>::max()), fill<int64_t>(1)),
            fill<int64_t>(kI64Min));
  EXPECT_EQ(binary(Opcode::I64x2Mul, make<int64_t>({3, -4}), make<int64_t>({-5, 6})),
            make<int64_t>({-15, -24}));
}

TEST(SimdInt, NegAndAbsOfMinimumWrap) {
  EXPECT_EQ(unary(Opcode::I8x16Neg, fill<int8_t>(kI8Min)), fill<int8_t>(kI8Min));
  EXPECT_EQ(unary(Opcode::I8x16Abs, make<int8_t>({kI8Min, -1, 5, 0})), make<int8_t>({kI8Min, 1, 5, 0}));
  EXPECT_EQ(unary(Opcode::I16x8Abs, fill<int16_t>(kI16Min)), fill<int16_t>(kI16Min));
  EXPECT_EQ(unary(Opcode::I32x4Abs, make<int32_t>({kI32Min, -7, 7, 0})), make<int32_t>({kI32Min, 7, 7, 0}));
  EXPECT_EQ(unary(Opcode::I64x2Abs, make<int64_t>({kI64Min, -9})), make<int64_t>({kI64Min, 9}));
  EXPECT_EQ(unary(Opcode::I32x4Neg, make<int32_t>({1, -1, kI32Min, 0})), make<int32_t>({-1, 1, kI32Min, 0}));
}

TEST(SimdInt, SaturatingArithmeticClampsAtBounds) {
  EXPECT_EQ(binary(Opcode::I8x16AddSatS, fill<int8_t>(100), fill<int8_t>(100)), fill<int8_t>(127));
  EXPECT_EQ(binary(Opcode::I8x16AddSatS, fill<int8_t>(-100), fill<int8_t>(-100)), fill<int8_t>(-128));
  EXPECT_EQ(binary(Opcode::I8x16AddSatU, fill<uint8_t>(200), fill<uint8_t>(100)), fill<uint8_t>(255));
  EXPECT_EQ(binary(Opcode::I8x16SubSatU, fill<uint8_t>(1), fill<uint8_t>(2)), fill<uint8_t>(0));
  EXPECT_EQ(binary(Opcode::I8x16SubSatS, fill<int8_t>(-128), fill<int8_t>(1)), fill<int8_t>(-128));
  EXPECT_EQ(binary(Opcode::I16x8AddSatS, fill<int16_t>(32767), fill<int16_t>(1)), fill<int16_t>(32767));
  EXPECT_EQ(binary(Opcode::I16x8SubSatS, fill<int16_t>(kI16Min), fill<int16_t>(1)), fill<int16_t>(kI16Min));
  EXPECT_EQ(binary(Opcode::I16x8AddSatU, fill<uint16_t>(65535), fill<uint16_t>(1)), fill<uint16_t>(65535));
  EXPECT_EQ(binary(Opcode::I16x8SubSatU, fill<uint16_t>(5), fill<uint16_t>(65535)), fill<uint16_t>(0));
  EXPECT_EQ(binary(Opcode::I16x8AddSatS, fill<int16_t>(-5), fill<int16_t>(3)), fill<int16_t>(-2));
}

TEST(SimdInt, MinMaxDistinguishSignedness) {
  const V128 a = fill<int8_t>(-1);  // 0xFF
  const V128 b = fill<int8_t>(1);
  EXPECT_EQ(binary(Opcode::I8x16MinS, a, b), a);
  EXPECT_EQ(binary(Opcode::I8x16MinU, a, b), b);
  EXPECT_EQ(binary(Opcode::I8x16MaxS, a, b), b);
  EXPECT_EQ(binary(Opcode::I8x16MaxU, a, b), a);
  EXPECT_EQ(binary(Opcode::I16x8MinS, fill<int16_t>(kI16Min), fill<int16_t>(0)), fill<int16_t>(kI16Min));
  EXPECT_EQ(binary(Opcode::I16x8MaxU, fill<int16_t>(kI16Min), fill<int16_t>(0)), fill<int16_t>(kI16Min));
  EXPECT_EQ(binary(Opcode::I32x4MinU, fill<int32_t>(-1), fill<int32_t>(7)), fill<int32_t>(7));
  EXPECT_EQ(binary(Opcode::I32x4MaxS, fill<int32_t>(-1), fill<int32_t>(7)), fill<int32_t>(7));
}

TEST(SimdInt, AvgrRoundsHalfUpWithoutOverflow) {
  EXPECT_EQ(binary(Opcode::I8x16AvgrU, fill<uint8_t>(255), fill<uint8_t>(254)), fill<uint8_t>(255));
  EXPECT_EQ(binary(Opcode::I8x16AvgrU, fill<uint8_t>(1), fill<uint8_t>(2)), fill<uint8_t>(2));
  EXPECT_EQ(binary(Opcode::I8x16AvgrU, fill<uint8_t>(0), fill<uint8_t>(0)), fill<uint8_t>(0));
  EXPECT_EQ(binary(Opcode::I16x8AvgrU, fill<uint16_t>(65535), fill<uint16_t>(65535)), fill<uint16_t>(65535));
  EXPECT_EQ(binary(Opcode::I16x8AvgrU, fill<uint16_t>(0), fill<uint16_t>(3)), fill<uint16_t>(2));
}

TEST(SimdInt, Popcnt) {
  EXPECT_EQ(unary(Opcode::I8x16Popcnt, make<uint8_t>({0, 1, 0xFF, 0x80, 0x55})),
            make<uint8_t>({0, 1, 8, 1, 4}));
}

TEST(SimdInt, Q15MulrSaturatesAndRounds) {
  // -1.0 * -1.0 = +1.0 is not representable in Q15: saturates.
  EXPECT_EQ(binary(Opcode::I16x8Q15mulrSatS, fill<int16_t>(kI16Min), fill<int16_t>(kI16Min)),
            fill<int16_t>(32767));
  EXPECT_EQ(binary(Opcode::I16x8Q15mulrSatS, fill<int16_t>(kI16Min), fill<int16_t>(32767)),
            fill<int16_t>(-32767));
  EXPECT_EQ(binary(Opcode::I16x8Q15mulrSatS, fill<int16_t>(16384), fill<int16_t>(16384)),
            fill<int16_t>(8192));
  // 1 * 16384 = 0.5 ulp: rounds up to 1; -1 * 16384 = -0.5 ulp rounds up to 0.
  EXPECT_EQ(binary(Opcode::I16x8Q15mulrSatS, make<int16_t>({1, -1, 1}), make<int16_t>({16384, 16384, 16383})),
            make<int16_t>({1, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(SimdInt, ComparisonsProduceAllOnesLanes) {
  const V128 a = make<int8_t>({-1, 0, 5, 5});
  const V128 b = make<int8_t>({1, 0, 4, 6});
  EXPECT_EQ(binary(Opcode::I8x16LtS, a, b), make<uint8_t>({0xFF, 0, 0, 0xFF}));
  EXPECT_EQ(binary(Opcode::I8x16LtU, a, b), make<uint8_t>({0, 0, 0, 0xFF}));
  EXPECT_EQ(binary(Opcode::I8x16Eq, a, b), make<uint8_t>({0, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                          0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_EQ(binary(Opcode::I16x8GeU, fill<int16_t>(-1), fill<int16_t>(1)), fill<uint16_t>(0xFFFF));
  EXPECT_EQ(binary(Opcode::I16x8GeS, fill<int16_t>(-1), fill<int16_t>(1)), fill<uint16_t>(0));
  EXPECT_EQ(binary(Opcode::I32x4GtU, fill<int32_t>(kI32Min), fill<int32_t>(1)), fill<uint32_t>(0xFFFFFFFFu));
  EXPECT_EQ(binary(Opcode::I32x4LeS, fill<int32_t>(3), fill<int32_t>(3)), fill<uint32_t>(0xFFFFFFFFu));
  EXPECT_EQ(binary(Opcode::I32x4Ne, fill<int32_t>(3), fill<int32_t>(3)), fill<uint32_t>(0));
  EXPECT_EQ(binary(Opcode::I64x2LtS, make<int64_t>({kI64Min, 2}), make<int64_t>({0, 1})),
            make<uint64_t>({~0ull, 0}));
  EXPECT_EQ(binary(Opcode::I64x2GeS, make<int64_t>({-1, 1}), make<int64_t>({-1, 2})),
            make<uint64_t>({~0ull, 0}));
}

TEST(SimdInt, ShiftCountIsTakenModuloLaneWidth) {
  EXPECT_EQ(shift(Opcode::I8x16Shl, fill<uint8_t>(0x81), 1), fill<uint8_t>(0x02));
  EXPECT_EQ(shift(Opcode::I8x16Shl, fill<uint8_t>(0x81), 9), fill<uint8_t>(0x02));
  EXPECT_EQ(shift(Opcode::I8x16ShrU, fill<uint8_t>(0x80), 8), fill<uint8_t>(0x80));
  EXPECT_EQ(shift(Opcode::I8x16ShrS, fill<uint8_t>(0x80), 7), fill<uint8_t>(0xFF));
  EXPECT_EQ(shift(Opcode::I16x8ShrS, fill<int16_t>(-4), 17), fill<int16_t>(-2));
  EXPECT_EQ(shift(Opcode::I16x8Shl, fill<uint16_t>(0xFFFF), 15), fill<uint16_t>(0x8000));
  EXPECT_EQ(shift(Opcode::I32x4ShrU, fill<uint32_t>(0x80000000u), 31), fill<uint32_t>(1));
  EXPECT_EQ(shift(Opcode::I32x4Shl, fill<uint32_t>(1), 32), fill<uint32_t>(1));
  EXPECT_EQ(shift(Opcode::I64x2ShrS, fill<int64_t>(kI64Min), 63), fill<int64_t>(-1));
  EXPECT_EQ(shift(Opcode::I64x2ShrU, fill<int64_t>(kI64Min), 64 + 63), fill<int64_t>(1));
  EXPECT_EQ(shift(Opcode::I64x2Shl, fill<uint64_t>(3), 0xFFFFFFFFu), fill<uint64_t>(0x8000000000000000ull));
}

TEST(SimdInt, ExtendLowAndHigh) {
  const V128 bytes = make<uint8_t>({0x80, 0x7F, 0, 0, 0, 0, 0, 0, 0xFF, 1, 0, 0, 0, 0, 0, 0x90});
  EXPECT_EQ(lanes<int16_t>(unary(Opcode::I16x8ExtendLowI8x16S, bytes))[0], -128);
  EXPECT_EQ(lanes<int16_t>(unary(Opcode::I16x8ExtendLowI8x16U, bytes))[0], 128);
  EXPECT_EQ(unary(Opcode::I16x8ExtendHighI8x16S, bytes), make<int16_t>({-1, 1, 0, 0, 0, 0, 0, -112}));
  EXPECT_EQ(unary(Opcode::I16x8ExtendHighI8x16U, bytes), make<int16_t>({255, 1, 0, 0, 0, 0, 0, 0x90}));
  const V128 words = make<int32_t>({-1, 2, kI32Min, 4});
  EXPECT_EQ(unary(Opcode::I64x2ExtendHighI32x4S, words), make<int64_t>({kI32Min, 4}));
  EXPECT_EQ(unary(Opcode::I64x2ExtendLowI32x4U, words), make<int64_t>({0xFFFFFFFFll, 2}));
  EXPECT_EQ(unary(Opcode::I32x4ExtendLowI16x8S, make<int16_t>({-2, 3})), make<int32_t>({-2, 3, 0, 0}));
  EXPECT_EQ(unary(Opcode::I32x4ExtendHighI16x8U, make<int16_t>({0, 0, 0, 0, -1})),
            make<int32_t>({0xFFFF, 0, 0, 0}));
}

TEST(SimdInt, ExtaddPairwise) {
  EXPECT_EQ(unary(Opcode::I16x8ExtaddPairwiseI8x16S, fill<int8_t>(-128)), fill<int16_t>(-256));
  EXPECT_EQ(unary(Opcode::I16x8ExtaddPairwiseI8x16U, fill<uint8_t>(255)), fill<int16_t>(510));
  EXPECT_EQ(unary(Opcode::I32x4ExtaddPairwiseI16x8S, fill<int16_t>(kI16Min)), fill<int32_t>(-65536));
  EXPECT_EQ(unary(Opcode::I32x4ExtaddPairwiseI16x8U, fill<uint16_t>(65535)), fill<int32_t>(131070));
}

TEST(SimdInt, ExtmulUsesTheRightHalf) {
  const V128 a = make<int8_t>({-128, 2, 0, 0, 0, 0, 0, 0, -1, 3});
  const V128 b = make<int8_t>({-128, 3, 0, 0, 0, 0, 0, 0, -1, -3});
  EXPECT_EQ(binary(Opcode::I16x8ExtmulLowI8x16S, a, b), make<int16_t>({16384, 6, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(binary(Opcode::I16x8ExtmulHighI8x16S, a, b), make<int16_t>({1, -9, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(binary(Opcode::I16x8ExtmulHighI8x16U, a, b), make<uint16_t>({65025, 3 * 253, 0, 0, 0, 0, 0, 0}));
  // 65535 * 65535 must not overflow during the computation.
  EXPECT_EQ(binary(Opcode::I32x4ExtmulLowI16x8U, fill<uint16_t>(65535), fill<uint16_t>(65535)),
            fill<uint32_t>(0xFFFE0001u));
  EXPECT_EQ(binary(Opcode::I64x2ExtmulLowI32x4S, fill<int32_t>(kI32Min), fill<int32_t>(kI32Min)),
            fill<int64_t>(int64_t{1} << 62));
  EXPECT_EQ(binary(Opcode::I64x2ExtmulHighI32x4U, fill<uint32_t>(0xFFFFFFFFu), fill<uint32_t>(0xFFFFFFFFu)),
            fill<uint64_t>(0xFFFFFFFE00000001ull));
}

TEST(SimdInt, DotWrapsOnlyInTheExtremeCase) {
  EXPECT_EQ(binary(Opcode::I32x4DotI16x8S, fill<int16_t>(kI16Min), fill<int16_t>(kI16Min)),
            fill<int32_t>(kI32Min));
  EXPECT_EQ(binary(Opcode::I32x4DotI16x8S, make<int16_t>({1, 2, 3, 4, -1, -2, 0, 0}),
                   make<int16_t>({5, 6, 7, 8, 9, 10, 0, 0})),
            make<int32_t>({17, 53, -29, 0}));
}

TEST(SimdInt, NarrowSaturatesSignedInputs) {
  const V128 a = make<int16_t>({-129, 128, 127, -128, 300, -300, 0, 255});
  const V128 b = fill<int16_t>(-1);
  EXPECT_EQ(binary(Opcode::I8x16NarrowI16x8S, a, b),
            make<int8_t>({-128, 127, 127, -128, 127, -128, 0, 127, -1, -1, -1, -1, -1, -1, -1, -1}));
  EXPECT_EQ(binary(Opcode::I8x16NarrowI16x8U, a, b),
            make<uint8_t>({0, 128, 127, 0, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0}));
  const V128 c = make<int32_t>({70000, -70000, 32768, -32769});
  const V128 d = make<int32_t>({65535, 65536, -1, 5});
  EXPECT_EQ(binary(Opcode::I16x8NarrowI32x4S, c, d),
            make<int16_t>({32767, kI16Min, 32767, kI16Min, 32767, 32767, -1, 5}));
  EXPECT_EQ(binary(Opcode::I16x8NarrowI32x4U, c, d),
            make<uint16_t>({65535, 0, 32768, 0, 65535, 65535, 0, 5}));
}

TEST(SimdInt, FunctionPointerLookupGivesSameResult) {
  const BinaryFn add = binary_fn(Opcode::I32x4Add);
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add(fill<int32_t>(2), fill<int32_t>(3)), fill<int32_t>(5));
  const ShiftFn shl = shift_fn(Opcode::I32x4Shl);
  ASSERT_NE(shl, nullptr);
  EXPECT_EQ(shl(fill<int32_t>(1), 4), fill<int32_t>(16));
}

}  // namespace
}  // namespace wisp::interp::simd
