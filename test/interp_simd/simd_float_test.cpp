// f32x4 / f64x2 arithmetic, min/max, pmin/pmax, rounding and comparisons.
#include <gtest/gtest.h>

#include <cmath>

#include "simd_test_util.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;
using namespace testing;

const float kNanF = std::numeric_limits<float>::quiet_NaN();
const double kNanD = std::numeric_limits<double>::quiet_NaN();

TEST(SimdFloat, BasicArithmetic) {
  EXPECT_EQ(
      binary(Opcode::F32x4Add, make<float>({1.5f, -2, 0, 1e30f}), make<float>({2.25f, 2, -0.0f, 1e30f})),
      make<float>({3.75f, 0, 0, 2e30f}));
  EXPECT_EQ(binary(Opcode::F64x2Sub, make<double>({1, 0}), make<double>({3, 0})), make<double>({-2, 0}));
  EXPECT_EQ(binary(Opcode::F32x4Mul, fill<float>(3), fill<float>(-0.5f)), fill<float>(-1.5f));
  EXPECT_EQ(binary(Opcode::F64x2Div, make<double>({1, -1}), make<double>({0, 0})),
            make<double>({kInfD, -kInfD}));
  EXPECT_EQ(unary(Opcode::F64x2Sqrt, make<double>({16, -0.0})), make<double>({4, -0.0}));
  EXPECT_EQ(bits(lanes<double>(unary(Opcode::F64x2Sqrt, make<double>({16, -0.0})))[1]), bits(-0.0));
}

TEST(SimdFloat, InvalidOperationsGiveNan) {
  EXPECT_TRUE(std::isnan(lanes<float>(binary(Opcode::F32x4Sub, fill(kInfF), fill(kInfF)))[0]));
  EXPECT_TRUE(std::isnan(lanes<double>(binary(Opcode::F64x2Div, fill(0.0), fill(0.0)))[0]));
  EXPECT_TRUE(std::isnan(lanes<float>(unary(Opcode::F32x4Sqrt, fill(-1.0f)))[2]));
}

TEST(SimdFloat, MinMaxPropagateNan) {
  for (Opcode op : {Opcode::F32x4Min, Opcode::F32x4Max}) {
    const auto left = lanes<float>(binary(op, fill(kNanF), fill(1.0f)));
    const auto right = lanes<float>(binary(op, fill(1.0f), fill(kNanF)));
    EXPECT_TRUE(is_arithmetic_nan(left[0]));
    EXPECT_TRUE(is_arithmetic_nan(right[3]));
    // A signalling NaN operand still yields a quiet (arithmetic) NaN.
    const auto snan = lanes<float>(binary(op, fill<uint32_t>(kSignallingNanF), fill(0.0f)));
    EXPECT_TRUE(is_arithmetic_nan(snan[1]));
  }
  for (Opcode op : {Opcode::F64x2Min, Opcode::F64x2Max}) {
    EXPECT_TRUE(is_arithmetic_nan(lanes<double>(binary(op, fill(-kInfD), fill(kNanD)))[0]));
  }
}

TEST(SimdFloat, MinMaxOrderNegativeZeroBelowPositiveZero) {
  const V128 pz = fill(0.0f), nz = fill(-0.0f);
  EXPECT_EQ(binary(Opcode::F32x4Min, pz, nz), nz);
  EXPECT_EQ(binary(Opcode::F32x4Min, nz, pz), nz);
  EXPECT_EQ(binary(Opcode::F32x4Max, pz, nz), pz);
  EXPECT_EQ(binary(Opcode::F32x4Max, nz, pz), pz);
  EXPECT_EQ(binary(Opcode::F64x2Min, fill(0.0), fill(-0.0)), fill(-0.0));
  EXPECT_EQ(binary(Opcode::F64x2Max, fill(-0.0), fill(0.0)), fill(0.0));
  EXPECT_EQ(binary(Opcode::F32x4Min, make<float>({1, -kInfF, 3, 4}), make<float>({2, 0, -3, kInfF})),
            make<float>({1, -kInfF, -3, 4}));
  EXPECT_EQ(binary(Opcode::F64x2Max, make<double>({1, -kInfD}), make<double>({2, -1})),
            make<double>({2, -1}));
}

TEST(SimdFloat, PminPmaxAreTheAsymmetricSelects) {
  const V128 pz = fill(0.0f), nz = fill(-0.0f);
  // Neither zero is less than the other, so the first operand is returned.
  EXPECT_EQ(binary(Opcode::F32x4Pmin, pz, nz), pz);
  EXPECT_EQ(binary(Opcode::F32x4Pmin, nz, pz), nz);
  EXPECT_EQ(binary(Opcode::F32x4Pmax, pz, nz), pz);
  EXPECT_EQ(binary(Opcode::F64x2Pmax, fill(-0.0), fill(0.0)), fill(-0.0));
  // A NaN comparison is false: pmin(a, NaN) = a, pmin(NaN, b) = NaN (bits kept).
  const V128 snan = fill<uint32_t>(kSignallingNanF);
  EXPECT_EQ(binary(Opcode::F32x4Pmin, fill(1.0f), snan), fill(1.0f));
  EXPECT_EQ(binary(Opcode::F32x4Pmin, snan, fill(1.0f)), snan);
  EXPECT_EQ(binary(Opcode::F32x4Pmax, fill(1.0f), snan), fill(1.0f));
  EXPECT_EQ(binary(Opcode::F32x4Pmax, snan, fill(1.0f)), snan);
  EXPECT_EQ(binary(Opcode::F64x2Pmin, make<double>({1, 5}), make<double>({2, -5})), make<double>({1, -5}));
  EXPECT_EQ(binary(Opcode::F64x2Pmax, make<double>({1, 5}), make<double>({2, -5})), make<double>({2, 5}));
}

TEST(SimdFloat, AbsAndNegOnlyTouchTheSignBit) {
  const V128 snan = fill<uint32_t>(kSignallingNanF);
  EXPECT_EQ(unary(Opcode::F32x4Neg, snan), fill<uint32_t>(kSignallingNanF | 0x80000000u));
  EXPECT_EQ(unary(Opcode::F32x4Abs, fill<uint32_t>(kSignallingNanF | 0x80000000u)), snan);
  EXPECT_EQ(unary(Opcode::F64x2Neg, make<double>({0.0, -2.0})), make<double>({-0.0, 2.0}));
  EXPECT_EQ(unary(Opcode::F64x2Abs, make<double>({-0.0, -kInfD})), make<double>({0.0, kInfD}));
}

TEST(SimdFloat, NearestRoundsHalfToEven) {
  EXPECT_EQ(unary(Opcode::F32x4Nearest, make<float>({0.5f, 1.5f, 2.5f, -2.5f})), make<float>({0, 2, 2, -2}));
  EXPECT_EQ(unary(Opcode::F32x4Nearest, make<float>({-0.5f, -0.4f, 0.49999997f, 3.7f})),
            make<float>({-0.0f, -0.0f, 0, 4}));
  // The largest f32 below 2^23 with a fraction: 8388607.5 ties to even 8388608.
  EXPECT_EQ(unary(Opcode::F32x4Nearest, make<float>({8388607.5f, 8388609.0f, -kInfF, 16777216.0f})),
            make<float>({8388608.0f, 8388609.0f, -kInfF, 16777216.0f}));
  EXPECT_EQ(unary(Opcode::F64x2Nearest, make<double>({-1.5, 4503599627370495.5})),
            make<double>({-2.0, 4503599627370496.0}));
  EXPECT_EQ(unary(Opcode::F64x2Nearest, make<double>({-0.5, 2.5})), make<double>({-0.0, 2.0}));
  EXPECT_TRUE(
      is_arithmetic_nan(lanes<float>(unary(Opcode::F32x4Nearest, fill<uint32_t>(kSignallingNanF)))[0]));
}

TEST(SimdFloat, CeilFloorTruncKeepSignOfZero) {
  EXPECT_EQ(unary(Opcode::F32x4Ceil, make<float>({-0.5f, 0.5f, -1.5f, 1e30f})),
            make<float>({-0.0f, 1, -1, 1e30f}));
  EXPECT_EQ(unary(Opcode::F32x4Floor, make<float>({-0.5f, 0.5f, -1.5f, -0.0f})),
            make<float>({-1, 0, -2, -0.0f}));
  EXPECT_EQ(unary(Opcode::F64x2Trunc, make<double>({-0.7, 2.9})), make<double>({-0.0, 2.0}));
  EXPECT_EQ(unary(Opcode::F64x2Ceil, make<double>({0.1, -kInfD})), make<double>({1.0, -kInfD}));
  EXPECT_EQ(unary(Opcode::F64x2Floor, make<double>({0.1, -0.1})), make<double>({0.0, -1.0}));
  EXPECT_TRUE(is_arithmetic_nan(lanes<float>(unary(Opcode::F32x4Trunc, fill<uint32_t>(kSignallingNanF)))[1]));
}

TEST(SimdFloat, ComparisonsTreatNanAsUnordered) {
  const V128 a = make<float>({kNanF, 1, -0.0f, 2});
  const V128 b = make<float>({kNanF, 1, 0.0f, 1});
  EXPECT_EQ(binary(Opcode::F32x4Eq, a, b), make<uint32_t>({0, ~0u, ~0u, 0}));
  EXPECT_EQ(binary(Opcode::F32x4Ne, a, b), make<uint32_t>({~0u, 0, 0, ~0u}));
  EXPECT_EQ(binary(Opcode::F32x4Lt, a, b), make<uint32_t>({0, 0, 0, 0}));
  EXPECT_EQ(binary(Opcode::F32x4Ge, a, b), make<uint32_t>({0, ~0u, ~0u, ~0u}));
  EXPECT_EQ(binary(Opcode::F64x2Gt, make<double>({kNanD, 2}), make<double>({1, 1})),
            make<uint64_t>({0, ~0ull}));
  EXPECT_EQ(binary(Opcode::F64x2Le, make<double>({kNanD, 1}), make<double>({1, 1})),
            make<uint64_t>({0, ~0ull}));
}

}  // namespace
}  // namespace wisp::interp::simd
