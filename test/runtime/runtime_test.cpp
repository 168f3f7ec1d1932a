// Runtime objects on their own: type interning, memory reservation and
// growth, tables, bulk operations and the Store's accounting.
#include <gtest/gtest.h>

#include "runtime/bulk.h"
#include "runtime/instances.h"
#include "runtime/type_registry.h"

namespace wisp::runtime {
namespace {

TEST(TypeRegistry, EqualSignaturesShareOneId) {
  TypeRegistry reg;
  const FuncType a{{ValType::I32}, {ValType::I64}};
  const FuncType b{{ValType::I32}, {}};
  InternedType ia = reg.intern(a);
  InternedType ib = reg.intern(b);
  EXPECT_NE(ia.id, ib.id);
  EXPECT_EQ(reg.intern(FuncType{{ValType::I32}, {ValType::I64}}).id, ia.id);
  EXPECT_EQ(*ia.type, a);
  // Params vs results matter.
  EXPECT_NE(reg.intern(FuncType{{}, {ValType::I32}}).id, ib.id);
}

TEST(MemoryInst, GrowCommitsPagesInPlaceUpTo65536) {
  StoreBudget budget;
  MemoryPool pool(0, 0);
  auto mem = MemoryInst::create(budget, pool, 0, std::nullopt);
  ASSERT_TRUE(mem);
  MemoryInst& m = **mem;
  EXPECT_EQ(m.size_bytes(), 0u);
  EXPECT_EQ(m.grow(2), 0u);
  uint8_t* base = m.data();
  m.data()[2 * 65536 - 1] = 7;
  EXPECT_EQ(m.grow(65535), std::nullopt);  // 65537 pages
  EXPECT_EQ(m.grow(65534), 2u);            // exactly 65536
  EXPECT_EQ(m.data(), base);
  EXPECT_EQ(m.pages(), 65536u);
  EXPECT_EQ(m.data()[2 * 65536 - 1], 7);
  EXPECT_EQ(budget.memory_bytes, 65536ull * 65536);
}

TEST(MemoryInst, BudgetIsReturnedWhenAMemoryDies) {
  StoreBudget budget;
  budget.limits.max_memory_bytes = 4 * 65536;
  MemoryPool pool(4, 65536);
  {
    auto mem = MemoryInst::create(budget, pool, 4, std::nullopt);
    ASSERT_TRUE(mem);
    EXPECT_FALSE(MemoryInst::create(budget, pool, 1, std::nullopt));
  }
  EXPECT_EQ(budget.memory_bytes, 0u);
  EXPECT_TRUE(MemoryInst::create(budget, pool, 4, std::nullopt));
}

TEST(TableInst, GrowRespectsMaximumAndStoreLimit) {
  StoreBudget budget;
  budget.limits.max_table_elements = 5;
  TableInst t(budget, ValType::FuncRef, 10);
  EXPECT_EQ(t.grow(5, nullptr), 0u);
  EXPECT_EQ(t.grow(1, nullptr), std::nullopt);
  TableInst u(budget, ValType::FuncRef, 2);
  EXPECT_EQ(u.grow(3, nullptr), std::nullopt);
  EXPECT_EQ(u.grow(2, nullptr), 0u);
}

TEST(Bulk, OutOfBoundsWritesNothing) {
  StoreBudget budget;
  MemoryPool pool(0, 0);
  auto mem = MemoryInst::create(budget, pool, 1, std::nullopt);
  ASSERT_TRUE(mem);
  MemoryInst& m = **mem;
  EXPECT_FALSE(memory_fill(m, 65530, 0xAB, 7));
  EXPECT_EQ(m.data()[65530], 0);
  EXPECT_TRUE(memory_fill(m, 65530, 0xAB, 6));
  EXPECT_EQ(m.data()[65535], 0xAB);
  EXPECT_TRUE(memory_fill(m, 65536, 0, 0));   // empty range at the end is fine
  EXPECT_FALSE(memory_fill(m, 65537, 0, 0));  // but not past it
  EXPECT_TRUE(memory_copy(m, m, 1, 0, 65535));

  TableInst t(budget, ValType::ExternRef, std::nullopt);
  ASSERT_TRUE(t.grow(4, nullptr));
  int x = 0;
  EXPECT_FALSE(table_fill(t, 2, &x, 3));
  EXPECT_EQ(t.get(2), nullptr);
  EXPECT_TRUE(table_fill(t, 2, &x, 2));
  EXPECT_TRUE(table_copy(t, t, 0, 2, 2));
  EXPECT_EQ(t.get(0), &x);
}

TEST(Values, SlotRepresentationRoundTrips) {
  uint64_t bits[2];
  value_to_bits(Value::f32_bits(0x7fa00001), bits);
  EXPECT_EQ(value_from_bits(ValType::F32, bits).f32_bits(), 0x7fa00001u);
  V128 v{};
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i * 3);
  value_to_bits(Value::v128(v), bits);
  EXPECT_EQ(value_from_bits(ValType::V128, bits).v128(), v);
  value_to_bits(Value::i32(-1), bits);
  EXPECT_EQ(bits[0], 0xFFFFFFFFu);  // i32 is zero-extended in its slot
}

}  // namespace
}  // namespace wisp::runtime
