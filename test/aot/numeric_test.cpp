// Integer and float semantics, including every trap of the numeric
// instructions and the spec's NaN / signed-zero rules.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "driver.h"

namespace wisp::aot::test {
namespace {

class AotNumericTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto inst = Instance::create(read_fixture("numeric"));
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    inst_ = std::move(inst).value().release();
  }
  static void TearDownTestSuite() { delete inst_; }
  static Instance* inst_;

  static std::optional<ErrorCode> trap_of(const std::string& name, std::vector<uint64_t> args) {
    return inst_->call(name, std::move(args)).trap;
  }
};
Instance* AotNumericTest::inst_ = nullptr;

constexpr uint64_t kMinI32 = 0x80000000u;
constexpr uint64_t kMinusOne32 = 0xFFFFFFFFu;

TEST_F(AotNumericTest, DivisionTraps) {
  EXPECT_EQ(trap_of("div_s", {1, 0}), ErrorCode::IntegerDivideByZero);
  EXPECT_EQ(trap_of("div_u", {1, 0}), ErrorCode::IntegerDivideByZero);
  EXPECT_EQ(trap_of("rem_s", {1, 0}), ErrorCode::IntegerDivideByZero);
  EXPECT_EQ(trap_of("rem_u64", {1, 0}), ErrorCode::IntegerDivideByZero);
  EXPECT_EQ(trap_of("div_s", {kMinI32, kMinusOne32}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(trap_of("div_s64", {0x8000000000000000ull, ~0ull}), ErrorCode::IntegerOverflow);
}

TEST_F(AotNumericTest, DivisionResults) {
  EXPECT_EQ(inst_->call("div_s", {static_cast<uint32_t>(-7), 2}).i32(), static_cast<uint32_t>(-3));
  EXPECT_EQ(inst_->call("div_u", {static_cast<uint32_t>(-7), 2}).i32(), 0x7FFFFFFCu);
  EXPECT_EQ(inst_->call("rem_s", {static_cast<uint32_t>(-7), 2}).i32(), static_cast<uint32_t>(-1));
  // MIN % -1 is 0, not a trap.
  auto r = inst_->call("rem_s", {kMinI32, kMinusOne32});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 0u);
  EXPECT_EQ(inst_->call("rem_u64", {100, 7}).i64(), 2u);
}

TEST_F(AotNumericTest, ShiftsAndRotatesUseCountModuloWidth) {
  EXPECT_EQ(inst_->call("shl", {1, 33}).i32(), 2u);
  EXPECT_EQ(inst_->call("shr_s64", {0x8000000000000000ull, 65}).i64(), 0xC000000000000000ull);
  EXPECT_EQ(inst_->call("rotl", {0x80000001u, 1}).i32(), 3u);
  EXPECT_EQ(inst_->call("rotr64", {1, 1}).i64(), 0x8000000000000000ull);
}

TEST_F(AotNumericTest, BitCounts) {
  EXPECT_EQ(inst_->call("clz", {0}).i32(), 32u);
  EXPECT_EQ(inst_->call("clz", {1}).i32(), 31u);
  EXPECT_EQ(inst_->call("ctz64", {0}).i64(), 64u);
  EXPECT_EQ(inst_->call("popcnt", {0xF0F0u}).i32(), 8u);
  EXPECT_EQ(inst_->call("extend8_s", {0x80}).i32(), 0xFFFFFF80u);
  EXPECT_EQ(inst_->call("extend32_s", {0x80000000ull}).i64(), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(inst_->call("lt_u", {1, kMinusOne32}).i32(), 1u);
  EXPECT_EQ(inst_->call("ge_s64", {~0ull, 0}).i32(), 0u);
}

TEST_F(AotNumericTest, MinMaxFollowTheSpec) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(inst_->call("f32_min", {arg_f32(nan), arg_f32(1)}).f32()));
  EXPECT_TRUE(std::isnan(inst_->call("f32_max", {arg_f32(1), arg_f32(nan)}).f32()));
  EXPECT_TRUE(std::signbit(inst_->call("f32_min", {arg_f32(0.0f), arg_f32(-0.0f)}).f32()));
  EXPECT_FALSE(std::signbit(inst_->call("f32_max", {arg_f32(-0.0f), arg_f32(0.0f)}).f32()));
  EXPECT_TRUE(std::signbit(inst_->call("f64_min", {arg_f64(0.0), arg_f64(-0.0)}).f64()));
  EXPECT_FALSE(std::signbit(inst_->call("f64_max", {arg_f64(-0.0), arg_f64(0.0)}).f64()));
  EXPECT_EQ(inst_->call("f64_min", {arg_f64(-3), arg_f64(2)}).f64(), -3.0);
}

TEST_F(AotNumericTest, RoundingAndBits) {
  EXPECT_EQ(inst_->call("f64_nearest", {arg_f64(2.5)}).f64(), 2.0);
  EXPECT_EQ(inst_->call("f64_nearest", {arg_f64(3.5)}).f64(), 4.0);
  EXPECT_TRUE(std::signbit(inst_->call("f32_nearest", {arg_f32(-0.4f)}).f32()));
  EXPECT_EQ(inst_->call("f64_floor", {arg_f64(-1.5)}).f64(), -2.0);
  EXPECT_EQ(inst_->call("f32_copysign", {arg_f32(2), arg_f32(-0.0f)}).f32(), -2.0f);
  EXPECT_EQ(inst_->call("f64_sqrt", {arg_f64(9)}).f64(), 3.0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(inst_->call("f32_ne", {arg_f32(nan), arg_f32(nan)}).i32(), 1u);
  // Constants and neg keep NaN payloads bit for bit.
  EXPECT_EQ(inst_->call("f32_nan_bits").i32(), 0x7FA00000u);
  EXPECT_EQ(inst_->call("f32_neg_bits", {0x7FA00001u}).i32(), 0xFFA00001u);
}

TEST_F(AotNumericTest, TrappingTruncation) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(trap_of("i32_trunc_f32_s", {arg_f32(nan)}), ErrorCode::InvalidConversionToInteger);
  EXPECT_EQ(trap_of("i32_trunc_f32_s", {arg_f32(2147483648.0f)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(inst_->call("i32_trunc_f32_s", {arg_f32(-2147483648.0f)}).i32(), 0x80000000u);
  EXPECT_EQ(inst_->call("i32_trunc_f32_s", {arg_f32(-1.9f)}).i32(), static_cast<uint32_t>(-1));
  EXPECT_EQ(trap_of("i32_trunc_f64_u", {arg_f64(-1.0)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(inst_->call("i32_trunc_f64_u", {arg_f64(-0.9)}).i32(), 0u);
  EXPECT_EQ(inst_->call("i32_trunc_f64_u", {arg_f64(4294967295.9)}).i32(), 0xFFFFFFFFu);
  EXPECT_EQ(trap_of("i32_trunc_f64_u", {arg_f64(4294967296.0)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(trap_of("i64_trunc_f64_s", {arg_f64(9223372036854775808.0)}), ErrorCode::IntegerOverflow);
  EXPECT_EQ(inst_->call("i64_trunc_f64_s", {arg_f64(-9223372036854775808.0)}).i64(), 0x8000000000000000ull);
}

TEST_F(AotNumericTest, SaturatingTruncation) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(inst_->call("i32_trunc_sat_f32_s", {arg_f32(nan)}).i32(), 0u);
  EXPECT_EQ(inst_->call("i32_trunc_sat_f32_s", {arg_f32(1e10f)}).i32(), 0x7FFFFFFFu);
  EXPECT_EQ(inst_->call("i32_trunc_sat_f32_s", {arg_f32(-1e10f)}).i32(), 0x80000000u);
  EXPECT_EQ(inst_->call("i64_trunc_sat_f64_u", {arg_f64(-5)}).i64(), 0u);
  EXPECT_EQ(inst_->call("i64_trunc_sat_f64_u", {arg_f64(1e30)}).i64(), ~0ull);
}

TEST_F(AotNumericTest, Conversions) {
  EXPECT_EQ(inst_->call("f32_convert_i64_u", {~0ull}).f32(), 18446744073709551616.0f);
  EXPECT_EQ(inst_->call("f64_convert_i32_s", {kMinusOne32}).f64(), -1.0);
  EXPECT_EQ(inst_->call("f32_demote", {arg_f64(0.1)}).f32(), 0.1f);
  EXPECT_EQ(inst_->call("i64_extend_u", {kMinusOne32}).i64(), 0xFFFFFFFFull);
  EXPECT_EQ(inst_->call("i64_extend_s", {kMinusOne32}).i64(), ~0ull);
}

}  // namespace
}  // namespace wisp::aot::test
