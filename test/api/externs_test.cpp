// Memories, tables and globals created by the embedder, and Store limits.
#include "api_fixture.h"

namespace wisp::test {
namespace {

TEST(Externs, MemoryGrowsWithinItsMaximumAndNeverMoves) {
  Engine engine;
  Store store(engine);
  auto mem = Memory::create(store, {1, 3});
  ASSERT_TRUE(mem);
  uint8_t* base = mem->data();
  EXPECT_EQ(mem->grow(2), 1u);
  EXPECT_EQ(mem->data(), base);
  EXPECT_EQ(mem->pages(), 3u);
  EXPECT_EQ(mem->grow(1), std::nullopt);
  EXPECT_TRUE(mem->span(3 * 65536 - 4, 4).has_value());
  EXPECT_FALSE(mem->span(3 * 65536 - 4, 5).has_value());
  mem->data()[3 * 65536 - 1] = 1;  // committed
}

TEST(Externs, StoreMemoryLimitCoversAllMemories) {
  Engine engine;
  Store store(engine);
  StoreLimits limits;
  limits.max_memory_bytes = 10 * 65536;
  store.set_limits(limits);
  auto a = Memory::create(store, {8, std::nullopt});
  ASSERT_TRUE(a);
  auto b = Memory::create(store, {3, std::nullopt});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::ResourceLimit);
  EXPECT_EQ(a->grow(2), 8u);
  EXPECT_EQ(a->grow(1), std::nullopt);
  // A module whose memory is above the limit fails to instantiate cleanly.
  Store small(engine);
  small.set_limits(limits);
  auto inst = Linker(engine).instantiate(small, compile_fixture(engine, "memory16"));
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().code, ErrorCode::ResourceLimit);
}

TEST(Externs, TablesHonourMaximumAndStoreLimit) {
  Engine engine;
  Store store(engine);
  auto t = Table::create(store, {ValType::ExternRef, 2, 4}, Value::externref(nullptr));
  ASSERT_TRUE(t);
  int token = 0;
  EXPECT_TRUE(t->set(1, Value::externref(&token)));
  EXPECT_FALSE(t->set(2, Value::externref(&token)));
  EXPECT_FALSE(t->set(0, Value::funcref(nullptr)));
  EXPECT_EQ(t->get(1)->ref(), &token);
  EXPECT_EQ(t->grow(2, Value::externref(&token)), 2u);
  EXPECT_EQ(t->grow(1, Value::externref(nullptr)), std::nullopt);
  EXPECT_EQ(t->get(3)->ref(), &token);

  StoreLimits limits;
  limits.max_table_elements = 10;
  store.set_limits(limits);
  auto big = Table::create(store, {ValType::FuncRef, 11, std::nullopt}, Value::funcref(nullptr));
  EXPECT_FALSE(big);
}

TEST(Externs, GlobalsCheckMutabilityAndType) {
  Engine engine;
  Store store(engine);
  auto g = Global::create(store, Value::f64(1.5), true);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->type(), ValType::F64);
  ASSERT_TRUE(g->set(Value::f64(2.5)));
  EXPECT_EQ(g->get().f64(), 2.5);
  EXPECT_FALSE(g->set(Value::i32(1)));
  auto c = Global::create(store, Value::i32(3), false);
  EXPECT_FALSE(c->set(Value::i32(4)));
  EXPECT_EQ(c->get().i32(), 3);
}

TEST(Externs, KindsAndNames) {
  Engine engine;
  Store store(engine);
  Extern e = *Global::create(store, Value::i32(0), false);
  EXPECT_EQ(extern_kind(e), ExternKind::Global);
  EXPECT_EQ(extern_kind_name(ExternKind::Memory), "memory");
}

TEST(Store, MovedStoreKeepsWorkingWithHostCallers) {
  Engine engine;
  Store first(engine);
  Store* seen = nullptr;
  Func f = Func::create(first, FuncType{},
                        [&seen](Caller& c, std::span<const Value>, std::span<Value>) -> TrapOr<void> {
                          seen = &c.store();
                          return {};
                        });
  Store moved(std::move(first));
  ASSERT_TRUE(f.call(moved, {}));
  EXPECT_EQ(seen, &moved);
}

}  // namespace
}  // namespace wisp::test
