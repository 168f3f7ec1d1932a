// Conversions: trunc_sat, convert, demote_zero, promote_low.
#include <gtest/gtest.h>

#include "simd_test_util.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;
using namespace testing;

constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();
const float kNanF = std::numeric_limits<float>::quiet_NaN();
const double kNanD = std::numeric_limits<double>::quiet_NaN();

TEST(SimdConvert, TruncSatF32Signed) {
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF32x4S, make<float>({kNanF, kInfF, -kInfF, -1.9f})),
            make<int32_t>({0, kI32Max, kI32Min, -1}));
  // 2^31 is the first f32 above i32 max; -2^31 is exactly i32 min.
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF32x4S, make<float>({2147483648.0f, -2147483648.0f, -3e9f, 1.9f})),
            make<int32_t>({kI32Max, kI32Min, kI32Min, 1}));
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF32x4S, make<float>({2147483520.0f, -0.0f, 0.5f, -2147483520.0f})),
            make<int32_t>({2147483520, 0, 0, -2147483520}));
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF32x4S, fill<uint32_t>(kSignallingNanF | 0x80000000u)),
            fill<int32_t>(0));
}

TEST(SimdConvert, TruncSatF32Unsigned) {
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF32x4U, make<float>({kNanF, kInfF, -kInfF, -0.9f})),
            make<uint32_t>({0, 0xFFFFFFFFu, 0, 0}));
  EXPECT_EQ(
      unary(Opcode::I32x4TruncSatF32x4U, make<float>({4294967296.0f, 4294967040.0f, -1.0f, 2147483648.0f})),
      make<uint32_t>({0xFFFFFFFFu, 4294967040u, 0, 0x80000000u}));
}

TEST(SimdConvert, TruncSatF64ZeroFillsTheHighLanes) {
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF64x2SZero, make<double>({2147483647.9, -2147483648.9})),
            make<int32_t>({kI32Max, kI32Min, 0, 0}));
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF64x2SZero, make<double>({1e300, -1e300})),
            make<int32_t>({kI32Max, kI32Min, 0, 0}));
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF64x2SZero, make<double>({kNanD, -7.5})),
            make<int32_t>({0, -7, 0, 0}));
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF64x2UZero, make<double>({4294967295.9, 4294967296.0})),
            make<uint32_t>({0xFFFFFFFFu, 0xFFFFFFFFu, 0, 0}));
  EXPECT_EQ(unary(Opcode::I32x4TruncSatF64x2UZero, make<double>({-0.99, kNanD})),
            make<uint32_t>({0, 0, 0, 0}));
}

TEST(SimdConvert, ConvertI32x4RoundsToNearestEven) {
  EXPECT_EQ(unary(Opcode::F32x4ConvertI32x4S, make<int32_t>({-1, kI32Min, kI32Max, 16777217})),
            make<float>({-1.0f, -2147483648.0f, 2147483648.0f, 16777216.0f}));
  EXPECT_EQ(unary(Opcode::F32x4ConvertI32x4U, make<uint32_t>({0xFFFFFFFFu, 0x80000000u, 16777219u, 0})),
            make<float>({4294967296.0f, 2147483648.0f, 16777220.0f, 0.0f}));
}

TEST(SimdConvert, ConvertLowI32x4IsExact) {
  EXPECT_EQ(unary(Opcode::F64x2ConvertLowI32x4S, make<int32_t>({kI32Min, -1, 99, 99})),
            make<double>({-2147483648.0, -1.0}));
  EXPECT_EQ(unary(Opcode::F64x2ConvertLowI32x4U, make<uint32_t>({0xFFFFFFFFu, 7, 99, 99})),
            make<double>({4294967295.0, 7.0}));
}

TEST(SimdConvert, DemoteZeroAndPromoteLow) {
  EXPECT_EQ(unary(Opcode::F32x4DemoteF64x2Zero, make<double>({1.5, 1e300})),
            make<float>({1.5f, kInfF, 0, 0}));
  EXPECT_EQ(unary(Opcode::F32x4DemoteF64x2Zero, make<double>({-1e-300, 0.1})),
            make<float>({-0.0f, 0.1f, 0, 0}));
  const auto demoted = lanes<float>(unary(Opcode::F32x4DemoteF64x2Zero, make<double>({kNanD, 0})));
  EXPECT_TRUE(is_arithmetic_nan(demoted[0]));
  EXPECT_EQ(unary(Opcode::F64x2PromoteLowF32x4, make<float>({0.1f, -kInfF, 7, 7})),
            make<double>({static_cast<double>(0.1f), -kInfD}));
  const auto promoted = lanes<double>(unary(Opcode::F64x2PromoteLowF32x4, fill<uint32_t>(kSignallingNanF)));
  EXPECT_TRUE(is_arithmetic_nan(promoted[0]));
  EXPECT_TRUE(is_arithmetic_nan(promoted[1]));
}

}  // namespace
}  // namespace wisp::interp::simd
