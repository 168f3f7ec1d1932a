// SIMD loads and stores over a byte buffer, at unaligned addresses.
#include <gtest/gtest.h>

#include <array>

#include "simd_test_util.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;
using namespace testing;

// Bytes 0x80, 0x81, ... so that every lane has its sign bit set.
std::array<uint8_t, 40> sample_memory() {
  std::array<uint8_t, 40> m{};
  for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(0x80 + i);
  return m;
}

TEST(SimdMemory, LoadFullVectorUnaligned) {
  const auto m = sample_memory();
  const V128 v = load(Opcode::V128Load, m.data() + 3);
  EXPECT_EQ(v.bytes[0], 0x83);
  EXPECT_EQ(v.bytes[15], 0x92);
}

TEST(SimdMemory, LoadExtendsEachLane) {
  const auto m = sample_memory();
  const uint8_t* p = m.data() + 1;
  EXPECT_EQ(load(Opcode::V128Load8x8S, p), make<int16_t>({-127, -126, -125, -124, -123, -122, -121, -120}));
  EXPECT_EQ(load(Opcode::V128Load8x8U, p), make<uint16_t>({0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88}));
  EXPECT_EQ(load(Opcode::V128Load16x4S, p),
            make<int32_t>({static_cast<int16_t>(0x8281), static_cast<int16_t>(0x8483),
                           static_cast<int16_t>(0x8685), static_cast<int16_t>(0x8887)}));
  EXPECT_EQ(load(Opcode::V128Load16x4U, p), make<uint32_t>({0x8281, 0x8483, 0x8685, 0x8887}));
  EXPECT_EQ(load(Opcode::V128Load32x2S, p),
            make<int64_t>({static_cast<int32_t>(0x84838281u), static_cast<int32_t>(0x88878685u)}));
  EXPECT_EQ(load(Opcode::V128Load32x2U, p), make<uint64_t>({0x84838281u, 0x88878685u}));
}

TEST(SimdMemory, LoadSplatAndZero) {
  const auto m = sample_memory();
  const uint8_t* p = m.data() + 5;
  EXPECT_EQ(load(Opcode::V128Load8Splat, p), fill<uint8_t>(0x85));
  EXPECT_EQ(load(Opcode::V128Load16Splat, p), fill<uint16_t>(0x8685));
  EXPECT_EQ(load(Opcode::V128Load32Splat, p), fill<uint32_t>(0x88878685u));
  EXPECT_EQ(load(Opcode::V128Load64Splat, p), fill<uint64_t>(0x8C8B8A8988878685ull));
  EXPECT_EQ(load(Opcode::V128Load32Zero, p), make<uint32_t>({0x88878685u, 0, 0, 0}));
  EXPECT_EQ(load(Opcode::V128Load64Zero, p), make<uint64_t>({0x8C8B8A8988878685ull, 0}));
}

TEST(SimdMemory, LoadLaneKeepsOtherLanes) {
  const auto m = sample_memory();
  const V128 base = fill<uint8_t>(0x11);
  V128 expected = base;
  expected.bytes[9] = 0x87;
  EXPECT_EQ(load_lane(Opcode::V128Load8Lane, base, m.data() + 7, 9), expected);
  EXPECT_EQ(load_lane(Opcode::V128Load16Lane, fill<uint16_t>(1), m.data() + 7, 7),
            make<uint16_t>({1, 1, 1, 1, 1, 1, 1, 0x8887}));
  EXPECT_EQ(load_lane(Opcode::V128Load32Lane, V128{}, m.data() + 7, 1),
            make<uint32_t>({0, 0x8A898887u, 0, 0}));
  EXPECT_EQ(load_lane(Opcode::V128Load64Lane, fill<uint64_t>(2), m.data() + 7, 0),
            make<uint64_t>({0x8E8D8C8B8A898887ull, 2}));
}

TEST(SimdMemory, StoreLaneWritesExactlyTheLaneBytes) {
  const V128 v = make<uint8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  struct Case {
    Opcode op;
    uint8_t lane;
    size_t width;
  };
  for (const Case c : {Case{Opcode::V128Store8Lane, 13, 1}, Case{Opcode::V128Store16Lane, 3, 2},
                       Case{Opcode::V128Store32Lane, 2, 4}, Case{Opcode::V128Store64Lane, 1, 8}}) {
    std::array<uint8_t, 12> m;
    m.fill(0xEE);
    store_lane(c.op, v, m.data() + 1, c.lane);
    SCOPED_TRACE(std::string(ast::info(c.op).text));
    EXPECT_EQ(m[0], 0xEE);
    for (size_t i = 0; i < c.width; ++i) EXPECT_EQ(m[1 + i], c.lane * c.width + i);
    EXPECT_EQ(m[1 + c.width], 0xEE);
  }
}

TEST(SimdMemory, StoreWritesSixteenBytes) {
  std::array<uint8_t, 18> m;
  m.fill(0);
  store(fill<uint8_t>(0x5A), m.data() + 1);
  EXPECT_EQ(m[0], 0);
  EXPECT_EQ(m[1], 0x5A);
  EXPECT_EQ(m[16], 0x5A);
  EXPECT_EQ(m[17], 0);
}

}  // namespace
}  // namespace wisp::interp::simd
