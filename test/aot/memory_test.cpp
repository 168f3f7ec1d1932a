// Linear memory: guard-page traps, growth, data segments and bulk operations.
#include <gtest/gtest.h>

#include <cstring>

#include "driver.h"

namespace wisp::aot::test {
namespace {

class AotMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto inst = Instance::create(read_fixture("memory"));
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    inst_ = std::move(inst).value();
  }
  std::unique_ptr<Instance> inst_;
};

TEST_F(AotMemoryTest, ActiveDataSegmentIsApplied) {
  EXPECT_EQ(inst_->call("load64", {16}).i64(), 0x0807060504030201ull);
  EXPECT_EQ(inst_->call("load16_u", {16}).i32(), 0x0302u);  // offset=1
  EXPECT_EQ(inst_->call("load32_s64", {16}).i64(), 0x04030201u);
}

TEST_F(AotMemoryTest, StoresAndSignedLoads) {
  ASSERT_FALSE(inst_->call("store8", {100, 0x1FF}).trap);
  EXPECT_EQ(inst_->memory()[100], 0xFF);
  EXPECT_EQ(inst_->call("load8_s", {100}).i32(), 0xFFFFFFFFu);
  ASSERT_FALSE(inst_->call("store32", {200, 0xDEADBEEF}).trap);
  uint32_t v;
  std::memcpy(&v, inst_->memory() + 200, 4);
  EXPECT_EQ(v, 0xDEADBEEFu);
}

TEST_F(AotMemoryTest, OutOfBoundsAccessTrapsInsteadOfCrashing) {
  EXPECT_EQ(inst_->call("load8_s", {65536}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(inst_->call("load64", {65529}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(inst_->call("load64", {0xFFFFFFFF}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(inst_->call("store32", {65533, 1}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  // index + offset beyond 4 GiB still lands in the reservation's guard.
  EXPECT_EQ(inst_->call("store_big_offset", {0xFFFFFFFF, 1}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  // A load whose value is dropped still traps.
  EXPECT_EQ(inst_->call("drop_load", {70000}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  // The last in-bounds bytes work.
  EXPECT_FALSE(inst_->call("load64", {65528}).trap);
}

TEST_F(AotMemoryTest, GrowMakesNewPagesAccessible) {
  EXPECT_EQ(inst_->call("size").i32(), 1u);
  EXPECT_EQ(inst_->call("grow", {2}).i32(), 1u);
  EXPECT_EQ(inst_->call("size").i32(), 3u);
  EXPECT_FALSE(inst_->call("store32", {3 * 65536 - 4, 7}).trap);
  EXPECT_EQ(inst_->call("store32", {3 * 65536, 7}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(inst_->call("grow", {2}).i32(), 0xFFFFFFFFu);  // max is 4 pages
  EXPECT_EQ(inst_->call("size").i32(), 3u);
}

TEST_F(AotMemoryTest, BulkOperations) {
  ASSERT_FALSE(inst_->call("fill", {1000, 0xAB, 10}).trap);
  EXPECT_EQ(inst_->memory()[1009], 0xAB);
  EXPECT_EQ(inst_->memory()[1010], 0);
  ASSERT_FALSE(inst_->call("copy", {2000, 16, 8}).trap);
  EXPECT_EQ(inst_->call("load64", {2000}).i64(), 0x0807060504030201ull);
  ASSERT_FALSE(inst_->call("init", {3000, 1, 4}).trap);
  EXPECT_EQ(std::memcmp(inst_->memory() + 3000, "ello", 4), 0);
  EXPECT_EQ(inst_->call("fill", {65530, 0, 7}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(inst_->memory()[65530], 0);  // nothing written before the trap
  EXPECT_EQ(inst_->call("copy", {0, 65535, 2}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(inst_->call("init", {0, 4, 2}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  ASSERT_FALSE(inst_->call("drop_data").trap);
  EXPECT_EQ(inst_->call("init", {0, 0, 1}).trap, ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_FALSE(inst_->call("init", {0, 0, 0}).trap);
}

TEST_F(AotMemoryTest, LoopOverMemory) {
  for (int i = 0; i < 1000; ++i) inst_->memory()[i] = static_cast<uint8_t>(i);
  uint32_t expected = 0;
  for (int i = 0; i < 1000; ++i) expected += static_cast<uint8_t>(i);
  EXPECT_EQ(inst_->call("sum", {1000}).i32(), expected);
  EXPECT_EQ(inst_->call("sum", {65537}).trap, ErrorCode::OutOfBoundsMemoryAccess);
}

}  // namespace
}  // namespace wisp::aot::test
