// Stores reuse the Engine's pooled memories and stacks: every new instance
// must still start from exactly its module's initial state.
#include <set>

#include "api_fixture.h"

namespace wisp::test {
namespace {

class Pooling : public ::testing::TestWithParam<Strategy> {};

Expected<std::vector<Value>, Trap> call(Store& store, const Instance& inst, const char* name,
                                  std::vector<Value> args = {}) {
  return inst.get_func(name)->call(store, args);
}

TEST_P(Pooling, NothingSurvivesFromOneStoreToTheNext) {
  const Engine engine = engine_for(GetParam());
  const Module module = compile_fixture(engine, "scribble");
  const InstancePre pre = *Linker(engine).instantiate_pre(module);
  const uint32_t bytes = 4 * 65536;
  std::set<uint8_t*> bases;
  for (int round = 0; round < 20; ++round) {
    Store store(engine);
    auto inst = pre.instantiate(store);
    ASSERT_TRUE(inst) << inst.error().message();
    Memory memory = *inst->get_memory("memory");
    bases.insert(memory.data());
    EXPECT_EQ(memory.pages(), 1u);
    EXPECT_EQ(inst->get_global("g")->get().i32(), 0);
    for (uint32_t addr : {0u, 65535u}) {
      EXPECT_EQ((*call(store, *inst, "peek", {Value::i32(addr)}))[0].i32(), 0);
    }
    // The previous round's grown pages are out of bounds again...
    auto oob = call(store, *inst, "peek", {Value::i32(65536)});
    ASSERT_FALSE(oob);
    EXPECT_EQ(oob.error().code, ErrorCode::OutOfBoundsMemoryAccess);
    // ...and zero once grown again.
    EXPECT_EQ((*call(store, *inst, "grow", {Value::i32(3)}))[0].i32(), 1);
    for (uint32_t addr : {65536u, 200000u, bytes - 1}) {
      EXPECT_EQ((*call(store, *inst, "peek", {Value::i32(addr)}))[0].i32(), 0) << "round " << round;
    }
    EXPECT_EQ((*call(store, *inst, "grow", {Value::i32(-3)}))[0].i32(), -1);

    // Leave traces for the next round in a fresh instance of this Store too.
    auto other = pre.instantiate(store);
    ASSERT_TRUE(other);
    ASSERT_TRUE(call(store, *other, "scribble", {Value::i32(static_cast<int32_t>(bytes))}));
    ASSERT_TRUE(call(store, *inst, "scribble", {Value::i32(static_cast<int32_t>(bytes))}));
    EXPECT_EQ((*call(store, *inst, "peek", {Value::i32(bytes - 1)}))[0].i32(), 0xA5);
  }
  // Two memories per round, the same two reservations every time.
  EXPECT_LE(bases.size(), 2u);
}

TEST_P(Pooling, PoolingOffGivesTheSameResults) {
  EngineConfig config = engine_for(GetParam()).config();
  config.pool_capacity = 0;
  const Engine engine(config);
  const Module module = compile_fixture(engine, "scribble");
  for (int round = 0; round < 3; ++round) {
    Store store(engine);
    auto inst = Linker(engine).instantiate(store, module);
    ASSERT_TRUE(inst);
    EXPECT_EQ((*call(store, *inst, "peek", {Value::i32(100)}))[0].i32(), 0);
    ASSERT_TRUE(call(store, *inst, "scribble", {Value::i32(65536)}));
  }
}

INSTANTIATE_TEST_SUITE_P(Tiers, Pooling, kTiers, tier_name);

}  // namespace
}  // namespace wisp::test
