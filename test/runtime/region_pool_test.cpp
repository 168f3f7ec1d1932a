// The Engine's pools of linear-memory reservations and interpreter stacks:
// what a Store gets back must look freshly mapped, whatever its previous user
// left behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "runtime/region_pool.h"

namespace wisp::runtime {
namespace {

constexpr uint64_t kPage = 65536;

bool all_zero(const uint8_t* p, uint64_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

TEST(MemoryPool, ReusedSlotIsZeroInsideAndBeyondTheResidentPrefix) {
  MemoryPool pool(4, kPage);  // the first page is memset, the rest discarded
  auto a = pool.acquire(4 * kPage);
  ASSERT_TRUE(a);
  std::memset(a->base, 0xA5, 4 * kPage);
  pool.release(*a);

  auto b = pool.acquire(4 * kPage);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->base, a->base);  // the same reservation, not a new mapping
  EXPECT_TRUE(all_zero(b->base, 4 * kPage));
  pool.release(*b);
}

TEST(MemoryPool, ReuseWithFewerPagesMakesTheRestInaccessible) {
  MemoryPool pool(4, 2 * kPage);
  auto a = pool.acquire(3 * kPage);
  ASSERT_TRUE(a);
  a->base[3 * kPage - 1] = 1;
  pool.release(*a);
  auto b = pool.acquire(kPage);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->base, a->base);
  EXPECT_EQ(b->accessible, kPage);
  b->base[kPage - 1] = 2;
  // Compiled code relies on the fault beyond the memory's size.
  EXPECT_DEATH(b->base[kPage] = 3, "");
  pool.release(*b);
}

TEST(MemoryPool, ReuseWithMorePagesCommitsZeroPages) {
  MemoryPool pool(4, kPage);
  auto a = pool.acquire(kPage);
  ASSERT_TRUE(a);
  std::memset(a->base, 0x5A, kPage);
  pool.release(*a);
  auto b = pool.acquire(5 * kPage);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->base, a->base);
  EXPECT_TRUE(all_zero(b->base, 5 * kPage));
  pool.release(*b);
}

TEST(MemoryPool, KeepsAtMostItsCapacity) {
  MemoryPool pool(1, kPage);
  auto a = pool.acquire(kPage);
  auto b = pool.acquire(kPage);
  ASSERT_TRUE(a && b);
  ASSERT_NE(a->base, b->base);
  pool.release(*a);
  pool.release(*b);  // unmapped: the pool is full
  auto c = pool.acquire(kPage);
  auto d = pool.acquire(kPage);
  ASSERT_TRUE(c && d);
  EXPECT_EQ(c->base, a->base);
  EXPECT_TRUE(all_zero(d->base, kPage));
  pool.release(*c);
  pool.release(*d);
}

TEST(MemoryPool, CapacityZeroNeverReuses) {
  MemoryPool pool(0, kPage);
  auto a = pool.acquire(kPage);
  ASSERT_TRUE(a);
  a->base[0] = 9;
  pool.release(*a);
  auto b = pool.acquire(kPage);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->base[0], 0);
  pool.release(*b);
}

TEST(StackPool, StacksAreReusedAndDeepPagesReturned) {
  const size_t value_bytes = 4 << 20;
  StackPool pool(2, value_bytes, 3000);
  auto a = pool.acquire();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->value_slots, value_bytes / 8);
  EXPECT_EQ(a->frame_words, 3000u);
  a->values[a->value_slots - 1] = 42;  // a deep recursion's last slot
  a->frames[2999] = 7;
  pool.release(*a);
  auto b = pool.acquire();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->values, a->values);
  EXPECT_EQ(b->frames, a->frames);
  // Beyond the resident prefix the pages went back to the kernel.
  EXPECT_EQ(b->values[b->value_slots - 1], 0u);
  pool.release(*b);
}

}  // namespace
}  // namespace wisp::runtime
