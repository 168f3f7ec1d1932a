// SIMD instructions compiled to LLVM vector code.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "driver.h"

namespace wisp::aot::test {
namespace {

class AotSimdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto inst = Instance::create(read_fixture("simd"));
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    inst_ = std::move(inst).value().release();
  }
  static void TearDownTestSuite() { delete inst_; }
  static Instance* inst_;
};
Instance* AotSimdTest::inst_ = nullptr;

TEST_F(AotSimdTest, SplatReplaceExtract) { EXPECT_EQ(inst_->call("add_lanes", {10, 1, 2, 3}).i32(), 46u); }

TEST_F(AotSimdTest, WideningPairwiseAdds) {
  EXPECT_EQ(inst_->call("load_sum_bytes").i32(), 136u);  // 1 + 2 + ... + 16
}

TEST_F(AotSimdTest, SaturationAndSignedLanes) {
  EXPECT_EQ(inst_->call("sat_add_u8", {200, 100}).i32(), 255u);
  EXPECT_EQ(inst_->call("sat_add_u8", {20, 10}).i32(), 30u);
  EXPECT_EQ(inst_->call("lane_s").i32(), 0xFFFFFFFFu);  // byte 0xff
  EXPECT_EQ(inst_->call("narrow_s", {300}).i32(), 127u);
  EXPECT_EQ(inst_->call("narrow_s", {static_cast<uint32_t>(-300)}).i32(), static_cast<uint32_t>(-128));
}

TEST_F(AotSimdTest, BitmaskAndAllTrue) {
  // bytes 2..17: 03..10 then ff fe: the top two lanes are negative.
  EXPECT_EQ(inst_->call("bitmask").i32(), 0xC000u);
  EXPECT_EQ(inst_->call("all_true", {1}).i32(), 1u);
  EXPECT_EQ(inst_->call("all_true", {0}).i32(), 0u);
}

TEST_F(AotSimdTest, ShuffleThenSwizzle) {
  // reversed bytes 16..1, then lanes 0..6 and a zeroed lane 7 (index 200).
  EXPECT_EQ(inst_->call("shuffle_swizzle").i64(), 0x000A0B0C0D0E0F10ull);
}

TEST_F(AotSimdTest, FloatMinAndConversions) {
  EXPECT_TRUE(std::signbit(inst_->call("f32x4_min_lane", {arg_f32(0.0f), arg_f32(-0.0f)}).f32()));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(inst_->call("f32x4_min_lane", {arg_f32(1.0f), arg_f32(nan)}).f32()));
  EXPECT_EQ(inst_->call("trunc_sat_zero", {arg_f64(1e12)}).i32(), 0x7FFFFFFFu);
  EXPECT_EQ(inst_->call("trunc_sat_zero", {arg_f64(-3.7)}).i32(), static_cast<uint32_t>(-3));
}

TEST_F(AotSimdTest, ShiftsAndDot) {
  EXPECT_EQ(inst_->call("shl_i16", {1, 17}).i32(), 2u);  // count modulo 16
  EXPECT_EQ(inst_->call("dot", {3, static_cast<uint32_t>(-4)}).i32(), static_cast<uint32_t>(-24));
}

TEST_F(AotSimdTest, LaneStoreAndOutOfBoundsLoad) {
  ASSERT_FALSE(inst_->call("store_lane", {100, 0x1122334455667788ull}).trap);
  uint64_t v;
  std::memcpy(&v, inst_->memory() + 100, 8);
  EXPECT_EQ(v, 0x1122334455667788ull);
  EXPECT_EQ(inst_->call("load_oob", {65530}).trap, ErrorCode::OutOfBoundsMemoryAccess);
}

}  // namespace
}  // namespace wisp::aot::test
