// Linear memory from wasm: bounds checks, offsets, growth, bulk operations.
#include "fixture.h"

namespace wisp::test {
namespace {

TEST(Memory, LoadsSeeDataSegmentsAndCheckBounds) {
  Instantiated m("memory");
  EXPECT_EQ(m.call1("load8", {Value::i32(9)}).i32(), 2);
  EXPECT_EQ(m.call1("load32_off", {Value::i32(4)}).i32(), 0x04030201);
  EXPECT_EQ(m.call1("load8", {Value::i32(65535)}).i32(), 0);
  EXPECT_EQ(m.trap_of("load8", {Value::i32(65536)}), ErrorCode::OutOfBoundsMemoryAccess);
  // The offset is added in 64 bits: no wrap-around to a small address.
  EXPECT_EQ(m.trap_of("load32_off", {Value::i32(-4)}), ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(m.trap_of("store64", {Value::i32(65530), Value::i64(1)}), ErrorCode::OutOfBoundsMemoryAccess);
}

TEST(Memory, GrowHonoursTheModuleMaximum) {
  Instantiated m("memory");
  EXPECT_EQ(m.call1("grow", {Value::i32(1)}).i32(), 1);
  EXPECT_EQ(m.call1("size").i32(), 2);
  EXPECT_EQ(m.call1("load8", {Value::i32(65536)}).i32(), 0);
  EXPECT_EQ(m.call1("grow", {Value::i32(2)}).i32(), -1);
  EXPECT_EQ(m.call1("grow", {Value::i32(1)}).i32(), 2);
  EXPECT_EQ(m.call1("size").i32(), 3);
}

TEST(Memory, GrowHonoursTheStoreLimit) {
  Instantiated m("memory");
  StoreLimits limits;
  limits.max_memory_bytes = 2 * 65536;
  m.store.set_limits(limits);
  EXPECT_EQ(m.call1("grow", {Value::i32(1)}).i32(), 1);
  EXPECT_EQ(m.call1("grow", {Value::i32(1)}).i32(), -1);
  EXPECT_EQ(m.call1("size").i32(), 2);
}

TEST(Memory, BulkOperationsCheckTheWholeRangeFirst) {
  Instantiated m("memory");
  ASSERT_TRUE(m.call("fill", {Value::i32(100), Value::i32(7), Value::i32(3)}));
  EXPECT_EQ(m.call1("load8", {Value::i32(102)}).i32(), 7);
  ASSERT_TRUE(m.call("copy", {Value::i32(101), Value::i32(100), Value::i32(3)}));
  EXPECT_EQ(m.call1("load8", {Value::i32(103)}).i32(), 7);
  EXPECT_EQ(m.trap_of("fill", {Value::i32(65530), Value::i32(9), Value::i32(10)}),
            ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(m.call1("load8", {Value::i32(65530)}).i32(), 0);
}

TEST(Memory, AModuleMayDeclareAllOf65536Pages) {
  Instantiated m("huge_memory");
  EXPECT_EQ(static_cast<uint32_t>(m.call1("size").i32()), 65536u);
  EXPECT_EQ(m.call1("poke_last").i32(), 42);
  EXPECT_EQ(m.trap_of("load_past"), ErrorCode::OutOfBoundsMemoryAccess);
}

}  // namespace
}  // namespace wisp::test
