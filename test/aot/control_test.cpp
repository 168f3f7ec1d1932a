// Control flow, calls within a module, globals and the execution limits
// (stack exhaustion, interruption) of AOT-compiled code.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "aot/cpu_id.h"
#include "driver.h"

namespace wisp::aot::test {
namespace {

class AotControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto inst = Instance::create(read_fixture("control"));
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    inst_ = std::move(inst).value();
  }
  std::unique_ptr<Instance> inst_;
};

TEST_F(AotControlTest, RecursiveFactorial) {
  auto r = inst_->call("fac", {20});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i64(), 2432902008176640000ull);
}

TEST_F(AotControlTest, LoopWithBranches) {
  EXPECT_EQ(inst_->call("fib_loop", {0}).i32(), 0u);
  EXPECT_EQ(inst_->call("fib_loop", {10}).i32(), 55u);
  EXPECT_EQ(inst_->call("fib_loop", {40}).i32(), 102334155u);
}

TEST_F(AotControlTest, BrTableSelectsEveryTarget) {
  EXPECT_EQ(inst_->call("classify", {0}).i32(), 100u);
  EXPECT_EQ(inst_->call("classify", {1}).i32(), 101u);
  EXPECT_EQ(inst_->call("classify", {2}).i32(), 102u);
  EXPECT_EQ(inst_->call("classify", {3}).i32(), 199u);
  EXPECT_EQ(inst_->call("classify", {0xFFFFFFFF}).i32(), 199u);
}

TEST_F(AotControlTest, Select) {
  EXPECT_EQ(inst_->call("select", {1, 2, 1}).i32(), 1u);
  EXPECT_EQ(inst_->call("select", {1, 2, 0}).i32(), 2u);
}

TEST_F(AotControlTest, MultiValueCallsAndResults) {
  EXPECT_EQ(inst_->call("swap_sub", {10, 3}).i32(), static_cast<uint32_t>(3 - 10));
  auto r = inst_->call("pair", {0x1122334455667788ull});
  ASSERT_FALSE(r.trap);
  ASSERT_EQ(r.slots.size(), 2u);
  EXPECT_EQ(r.i64(0), 0x1122334455667788ull);
  EXPECT_EQ(r.i32(1), 0x11223344u);
}

TEST_F(AotControlTest, BlockAndLoopParameters) { EXPECT_EQ(inst_->call("block_params", {5}).i32(), 30u); }

TEST_F(AotControlTest, BrIfCarriesValue) {
  EXPECT_EQ(inst_->call("br_if_value", {1}).i32(), 7u);
  EXPECT_EQ(inst_->call("br_if_value", {0}).i32(), 8u);
}

TEST_F(AotControlTest, DeadCodeAfterBranchIsSkipped) { EXPECT_EQ(inst_->call("dead_code").i32(), 5u); }

TEST_F(AotControlTest, UnreachableTraps) {
  auto r = inst_->call("unreachable");
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, ErrorCode::Unreachable);
}

TEST_F(AotControlTest, DeepRecursionExhaustsTheCallStack) {
  auto r = inst_->call("recurse", {0});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, ErrorCode::CallStackExhausted);
  // The instance stays usable after the trap.
  EXPECT_EQ(inst_->call("fib_loop", {10}).i32(), 55u);
}

TEST_F(AotControlTest, InterruptStopsAnInfiniteLoop) {
  std::thread stopper([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    inst_->interrupt();
  });
  auto r = inst_->call("spin");
  stopper.join();
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, ErrorCode::Interrupted);
}

TEST_F(AotControlTest, Globals) {
  EXPECT_EQ(inst_->call("bump").i32(), 42u);
  EXPECT_EQ(inst_->call("bump").i32(), 44u);
  EXPECT_EQ(inst_->call("k").i64(), 0x123456789ull);
}

TEST(AotCompile, PartitionsGiveOneObjectEach) {
  auto inst = Instance::create(read_fixture("control"), {}, CompileOptions{2, 2});
  ASSERT_TRUE(inst.has_value()) << inst.error().message();
  EXPECT_EQ((*inst)->object_code().objects.size(), 2u);
  auto single = Instance::create(read_fixture("control"), {}, CompileOptions{0, 1});
  ASSERT_TRUE(single.has_value()) << single.error().message();
  EXPECT_EQ((*single)->object_code().objects.size(), 1u);
  EXPECT_EQ((*single)->call("fac", {10}).i64(), 3628800u);
}

TEST(AotCompile, CompiledCodeRecordsTheHostCpu) {
  auto inst = Instance::create(read_fixture("control"));
  ASSERT_TRUE(inst.has_value()) << inst.error().message();
  const TargetInfo& t = (*inst)->object_code().target;
  EXPECT_EQ(t.triple, kHostTriple);
  EXPECT_EQ(t.cpu_id, host_cpu_id());
  EXPECT_EQ(target_mismatch(t), "");
}

}  // namespace
}  // namespace wisp::aot::test

namespace wisp::aot::test {
namespace {

std::vector<uint8_t> uleb(uint64_t v) {
  std::vector<uint8_t> out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
  return out;
}

// (func (param i32) (result i32)) with `blocks` nested empty blocks, then
// `loops` nested loops around `br_if 0 (local.get 0)`, returning the param.
std::vector<uint8_t> nested_module(size_t blocks, size_t loops) {
  std::vector<uint8_t> code{0x00};  // no locals
  for (size_t i = 0; i < blocks; ++i) code.insert(code.end(), {0x02, 0x40});
  code.push_back(0x01);
  code.insert(code.end(), blocks, 0x0B);
  for (size_t i = 0; i < loops; ++i) code.insert(code.end(), {0x03, 0x40});
  code.insert(code.end(), {0x20, 0x00, 0x0D, 0x00});
  code.insert(code.end(), loops, 0x0B);
  code.insert(code.end(), {0x20, 0x00, 0x0B});
  auto section = [](uint8_t id, std::vector<uint8_t> payload) {
    std::vector<uint8_t> s{id};
    auto n = uleb(payload.size());
    s.insert(s.end(), n.begin(), n.end());
    s.insert(s.end(), payload.begin(), payload.end());
    return s;
  };
  std::vector<uint8_t> func = uleb(code.size());
  func.insert(func.end(), code.begin(), code.end());
  std::vector<uint8_t> code_section{0x01};
  code_section.insert(code_section.end(), func.begin(), func.end());
  std::vector<uint8_t> m{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};
  for (auto s : {section(1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F}), section(3, {0x01, 0x00}),
                 section(7, {0x01, 0x01, 'f', 0x00, 0x00}), section(10, code_section)})
    m.insert(m.end(), s.begin(), s.end());
  return m;
}

// Hostile nesting must not turn into recursion in the translator.
TEST(AotCompile, DeeplyNestedBlocksAndLoops) {
  auto inst = Instance::create(nested_module(20000, 2000));
  ASSERT_TRUE(inst.has_value()) << inst.error().message();
  EXPECT_EQ((*inst)->call("f", {0}).i32(), 0u);
}

}  // namespace
}  // namespace wisp::aot::test
