// Tables, references, call_indirect and calls to host functions.
#include <gtest/gtest.h>

#include "driver.h"

namespace wisp::aot::test {
namespace {

class AotTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::map<std::string, HostFn> hosts;
    hosts["env.add_host"] = [this](uint64_t* slots) {
      ++host_calls_;
      slots[0] = static_cast<uint32_t>(slots[0] + slots[1] + 1000);
      return 0u;
    };
    hosts["env.fail"] = [](uint64_t*) { return 1u + static_cast<uint32_t>(ErrorCode::HostError); };
    auto inst = Instance::create(read_fixture("tables"), std::move(hosts));
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    inst_ = std::move(inst).value();
  }
  std::unique_ptr<Instance> inst_;
  int host_calls_ = 0;
};

TEST_F(AotTablesTest, CallIndirect) {
  EXPECT_EQ(inst_->call("apply", {0, 7, 5}).i32(), 12u);
  EXPECT_EQ(inst_->call("apply", {1, 7, 5}).i32(), 2u);
}

TEST_F(AotTablesTest, CallIndirectTraps) {
  EXPECT_EQ(inst_->call("apply", {2, 7, 5}).trap, ErrorCode::IndirectCallTypeMismatch);
  EXPECT_EQ(inst_->call("apply", {4, 7, 5}).trap, ErrorCode::UninitializedElement);
  EXPECT_EQ(inst_->call("apply", {8, 7, 5}).trap, ErrorCode::UndefinedElement);
  EXPECT_EQ(inst_->call("apply", {0xFFFFFFFF, 7, 5}).trap, ErrorCode::UndefinedElement);
}

TEST_F(AotTablesTest, HostFunctionsDirectAndIndirect) {
  EXPECT_EQ(inst_->call("call_host", {1, 2}).i32(), 1003u);
  EXPECT_EQ(inst_->call("apply", {3, 1, 2}).i32(), 1003u);  // host function through the table
  EXPECT_EQ(host_calls_, 2);
  EXPECT_EQ(inst_->call("call_fail").trap, ErrorCode::HostError);
}

TEST_F(AotTablesTest, GetSetGrowSize) {
  EXPECT_EQ(inst_->call("table_size").i32(), 8u);
  EXPECT_EQ(inst_->call("is_null", {0}).i32(), 0u);
  EXPECT_EQ(inst_->call("is_null", {5}).i32(), 1u);
  EXPECT_EQ(inst_->call("is_null", {8}).trap, ErrorCode::OutOfBoundsTableAccess);
  ASSERT_FALSE(inst_->call("set_from", {5, 1}).trap);
  EXPECT_EQ(inst_->call("apply", {5, 7, 5}).i32(), 2u);
  EXPECT_EQ(inst_->call("set_from", {9, 1}).trap, ErrorCode::OutOfBoundsTableAccess);
  EXPECT_EQ(inst_->call("table_grow", {4}).i32(), 8u);
  EXPECT_EQ(inst_->call("table_size").i32(), 12u);
  EXPECT_EQ(inst_->call("is_null", {11}).i32(), 1u);
  EXPECT_EQ(inst_->call("ref_func_is_null").i32(), 0u);
  EXPECT_EQ(inst_->call("ext_roundtrip").i32(), 1u);
}

TEST_F(AotTablesTest, BulkTableOperations) {
  ASSERT_FALSE(inst_->call("init_later", {6}).trap);
  EXPECT_EQ(inst_->call("apply", {6, 9, 4}).i32(), 5u);
  ASSERT_FALSE(inst_->call("drop_later").trap);
  EXPECT_EQ(inst_->call("init_later", {6}).trap, ErrorCode::OutOfBoundsTableAccess);
  ASSERT_FALSE(inst_->call("copy", {4, 0, 2}).trap);
  EXPECT_EQ(inst_->call("apply", {4, 9, 4}).i32(), 13u);
  EXPECT_EQ(inst_->call("copy", {7, 0, 2}).trap, ErrorCode::OutOfBoundsTableAccess);
  ASSERT_FALSE(inst_->call("fill_null", {0, 2}).trap);
  EXPECT_EQ(inst_->call("apply", {0, 1, 1}).trap, ErrorCode::UninitializedElement);
  EXPECT_EQ(inst_->call("fill_null", {7, 2}).trap, ErrorCode::OutOfBoundsTableAccess);
}

}  // namespace
}  // namespace wisp::aot::test
