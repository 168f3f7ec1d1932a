// The Engine's pools of linear-memory reservations and interpreter stacks:
// what a Store gets back must look freshly mapped, whatever its previous user
// left behind.
#include "runtime/region_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

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

// An image of three pages: a pattern in each, so every page is a real one.
std::shared_ptr<const MemoryImage> patterned_image() {
  std::vector<uint8_t> bytes(3 * kPage);
  for (size_t i = 0; i < bytes.size(); i += 4096) bytes[i] = static_cast<uint8_t>(i / 4096 + 1);
  auto image = MemoryImage::capture(bytes.data(), bytes.size());
  EXPECT_TRUE(image) << image.error().message();
  return *image;
}

bool holds_image(const uint8_t* p, const MemoryImage& image) {
  return std::memcmp(p, image.view(), image.size_bytes()) == 0;
}

TEST(MemoryPool, ImageSlotsComeBackAsTheImageWhateverTheGuestWrote) {
  MemoryPool pool(4, kPage);  // the image's first page is copied back, the others dropped
  auto image = patterned_image();
  auto a = pool.acquire(4 * kPage, image);
  ASSERT_TRUE(a);
  EXPECT_TRUE(holds_image(a->base, *image));
  EXPECT_TRUE(all_zero(a->base + 3 * kPage, kPage));
  std::memset(a->base, 0xA5, 4 * kPage);
  EXPECT_EQ(image->view()[1], 0);  // writes stay private to the slot
  pool.release(std::move(*a));

  auto b = pool.acquire(4 * kPage, image);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->base, a->base);
  EXPECT_TRUE(holds_image(b->base, *image));
  EXPECT_TRUE(all_zero(b->base + 3 * kPage, kPage));
  std::memset(b->base, 0x5A, 4 * kPage);
  pool.release(std::move(*b));

  // The same slot without an image: zero throughout, including where the image was.
  auto c = pool.acquire(2 * kPage);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->base, a->base);
  EXPECT_TRUE(all_zero(c->base, 2 * kPage));
  pool.release(std::move(*c));
}

TEST(MemoryPool, ASlotHoldingTheImageIsPreferred) {
  MemoryPool pool(4, kPage);
  auto image = patterned_image();
  auto with_image = pool.acquire(3 * kPage, image);
  auto plain = pool.acquire(3 * kPage);
  ASSERT_TRUE(with_image && plain);
  uint8_t* image_base = with_image->base;
  pool.release(std::move(*with_image));
  pool.release(std::move(*plain));  // the newest free slot
  auto again = pool.acquire(3 * kPage, image);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->base, image_base);
  EXPECT_TRUE(holds_image(again->base, *image));
  pool.release(std::move(*again));
}

TEST(MemoryPool, AnImageLargerThanTheMemoryIsRefused) {
  MemoryPool pool(4, kPage);
  EXPECT_FALSE(pool.acquire(2 * kPage, patterned_image()));
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
  // A deep recursion, filling both stacks from the bottom up as the
  // interpreter does (the pool relies on that to skip untouched tails).
  std::fill(a->values, a->values + a->value_slots, 42);
  std::fill(a->frames, a->frames + 3000, 7);
  pool.release(*a);
  auto b = pool.acquire();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->values, a->values);
  EXPECT_EQ(b->frames, a->frames);
  // Beyond the resident prefix the pages went back to the kernel.
  EXPECT_EQ(b->values[b->value_slots - 1], 0u);
  EXPECT_EQ(b->values[0], 42u) << "the resident prefix is kept as it is";
  pool.release(*b);
}

}  // namespace
}  // namespace wisp::runtime
