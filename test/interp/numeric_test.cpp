// Scalar instruction semantics at their edges: traps, NaN and signed zeros,
// rounding, saturation.
#include <bit>
#include <cmath>
#include <limits>

#include "fixture.h"

namespace wisp::test {
namespace {

class Numeric : public ::testing::Test {
 protected:
  Instantiated m{"numeric"};
};

TEST_F(Numeric, IntegerDivisionTraps) {
  EXPECT_EQ(m.trap_of("i32_div_s", {Value::i32(1), Value::i32(0)}), ErrorCode::IntegerDivideByZero);
  EXPECT_EQ(m.trap_of("i32_div_s", {Value::i32(INT32_MIN), Value::i32(-1)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(m.trap_of("i64_div_u", {Value::i64(5), Value::i64(0)}), ErrorCode::IntegerDivideByZero);
  EXPECT_EQ(m.call1("i32_div_s", {Value::i32(-7), Value::i32(2)}).i32(), -3);
}

TEST_F(Numeric, RemainderOfMinByMinusOneIsZero) {
  EXPECT_EQ(m.call1("i32_rem_s", {Value::i32(INT32_MIN), Value::i32(-1)}).i32(), 0);
  EXPECT_EQ(m.call1("i32_rem_s", {Value::i32(-7), Value::i32(2)}).i32(), -1);
}

TEST_F(Numeric, ShiftsAndRotatesTakeCountModuloWidth) {
  EXPECT_EQ(m.call1("i32_rotl", {Value::i32(0x80000001), Value::i32(33)}).i32(), 3);
  EXPECT_EQ(m.call1("i32_shr_s_imm", {Value::i32(-8)}).i32(), -4);
}

TEST_F(Numeric, MinMaxPropagateNanAndOrderZeros) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(m.call1("f32_min", {Value::f32(nan), Value::f32(1)}).f32()));
  EXPECT_TRUE(std::isnan(m.call1("f32_min", {Value::f32(1), Value::f32(nan)}).f32()));
  EXPECT_TRUE(std::signbit(m.call1("f32_min", {Value::f32(0.0f), Value::f32(-0.0f)}).f32()));
  EXPECT_FALSE(std::signbit(m.call1("f64_max", {Value::f64(-0.0), Value::f64(0.0)}).f64()));
  EXPECT_EQ(m.call1("f64_max", {Value::f64(-1), Value::f64(3)}).f64(), 3);
}

TEST_F(Numeric, NearestRoundsTiesToEven) {
  EXPECT_EQ(m.call1("f32_nearest", {Value::f32(2.5f)}).f32(), 2.0f);
  EXPECT_EQ(m.call1("f32_nearest", {Value::f32(3.5f)}).f32(), 4.0f);
  EXPECT_EQ(m.call1("f64_nearest", {Value::f64(-0.5)}).f64(), 0.0);
  EXPECT_TRUE(std::signbit(m.call1("f64_nearest", {Value::f64(-0.5)}).f64()));
}

TEST_F(Numeric, SignOperationsTouchOnlyTheSignBit) {
  // A signalling NaN keeps its payload through neg and copysign.
  EXPECT_EQ(m.call1("f32_neg", {Value::f32_bits(0x7fa00001)}).f32_bits(), 0xffa00001u);
  EXPECT_EQ(m.call1("f64_copysign", {Value::f64_bits(0x7ff4000000000001), Value::f64(-1)}).f64_bits(),
            0xfff4000000000001ull);
}

TEST_F(Numeric, RoundingASignallingNanGivesAQuietNan) {
  const uint32_t bits = m.call1("f32_floor", {Value::f32_bits(0x7fa00000)}).f32_bits();
  EXPECT_EQ(bits & 0x7fc00000u, 0x7fc00000u);
}

TEST_F(Numeric, TruncationTraps) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(m.trap_of("i32_trunc_f32_s", {Value::f32(nan)}), ErrorCode::InvalidConversionToInteger);
  EXPECT_EQ(m.trap_of("i32_trunc_f32_s", {Value::f32(2147483648.0f)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(m.call1("i32_trunc_f32_s", {Value::f32(-2147483648.0f)}).i32(), INT32_MIN);
  EXPECT_EQ(m.call1("i32_trunc_f64_u", {Value::f64(-0.9)}).i32(), 0);
  EXPECT_EQ(m.trap_of("i32_trunc_f64_u", {Value::f64(-1.0)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(m.call1("i32_trunc_f64_u", {Value::f64(4294967295.9)}).i32(), -1);
  EXPECT_EQ(m.trap_of("i64_trunc_f64_s", {Value::f64(9223372036854775808.0)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(m.call1("i64_trunc_f64_s", {Value::f64(-9223372036854775808.0)}).i64(), INT64_MIN);
}

TEST_F(Numeric, SaturatingTruncationClamps) {
  EXPECT_EQ(m.call1("i32_trunc_sat_f32_s", {Value::f32(1e20f)}).i32(), INT32_MAX);
  EXPECT_EQ(m.call1("i32_trunc_sat_f32_s", {Value::f32(-1e20f)}).i32(), INT32_MIN);
  EXPECT_EQ(m.call1("i32_trunc_sat_f32_s", {Value::f32(std::numeric_limits<float>::quiet_NaN())}).i32(), 0);
  EXPECT_EQ(static_cast<uint64_t>(m.call1("i64_trunc_sat_f64_u", {Value::f64(1e30)}).i64()), UINT64_MAX);
  EXPECT_EQ(m.call1("i64_trunc_sat_f64_u", {Value::f64(-5)}).i64(), 0);
}

TEST_F(Numeric, UnsignedConversionRoundsCorrectly) {
  // 2^64 - 1 rounds up to 2^64 in f32.
  EXPECT_EQ(m.call1("f32_convert_i64_u", {Value::i64(-1)}).f32(), 18446744073709551616.0f);
  EXPECT_EQ(m.call1("i64_extend8_s", {Value::i64(0x180)}).i64(), -128);
}

TEST(Simd, LanesRoundTripThroughTheInterpreter) {
  Instantiated m("simd");
  EXPECT_EQ(m.call1("add_lanes", {Value::i32(40), Value::i32(2)}).i32(), 42);
  EXPECT_EQ(m.call1("shuffle_sum").i32(), 15 + 14);
}

}  // namespace
}  // namespace wisp::test
