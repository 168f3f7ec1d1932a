// Hostile input: deep nesting, large bodies, truncation and random bytes.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "binary/decoder.h"
#include "wasm_bytes.h"

namespace wisp::binary {
namespace {

using namespace wisp::binary::test;

TEST(Robustness, MillionNestedBlocksDecode) {
  constexpr size_t kDepth = 1'000'000;
  Bytes code;
  code.reserve(kDepth * 3 + 1);
  for (size_t i = 0; i < kDepth; ++i) code.insert(code.end(), {0x02, 0x40});
  code.insert(code.end(), kDepth, 0x0b);
  code.push_back(0x0b);
  auto m = decode(single_function_module(code));
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_EQ(m->functions.size(), 1u);
  const auto& body = m->functions[0].body;
  ASSERT_EQ(body.size(), 2 * kDepth + 1);
  EXPECT_EQ(body.front().op, ast::Opcode::Block);
  EXPECT_EQ(body.back().op, ast::Opcode::End);
}

TEST(Robustness, MillionNestedBlocksMissingOneEndFail) {
  constexpr size_t kDepth = 1'000'000;
  Bytes code;
  for (size_t i = 0; i < kDepth; ++i) code.insert(code.end(), {0x02, 0x40});
  code.insert(code.end(), kDepth, 0x0b);  // the function's own end is missing
  auto m = decode(single_function_module(code));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::UnexpectedEndOfSection);
}

TEST(Robustness, LargeBodyDecodesQuickly) {
  // 7 MB of i32.const/drop/nop groups, just under the function body limit.
  constexpr size_t kPairs = 1'750'000;
  Bytes code;
  code.reserve(kPairs * 4 + 1);
  for (size_t i = 0; i < kPairs; ++i) code.insert(code.end(), {0x41, 0x7f, 0x1a, 0x01});
  code.push_back(0x0b);
  auto start = std::chrono::steady_clock::now();
  auto m = decode(single_function_module(code));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->functions[0].body.size(), kPairs * 3 + 1);
  // Generous, so debug and sanitizer builds pass; a quadratic decoder would not.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 30);
}

TEST(Robustness, HundredMegabyteBodyIsRefusedAsImplementationLimit) {
  // A real 100 MB body (nops): refused from its declared size, before any of
  // it is decoded into instructions (which would take ~2.4 GB).
  Bytes code(100u << 20, 0x01);
  code.back() = 0x0b;
  auto start = std::chrono::steady_clock::now();
  auto m = decode(single_function_module(code));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::ImplementationLimit);
  EXPECT_NE(m.error().message().find("function body of"), std::string::npos) << m.error().message();
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 5);
}

TEST(Robustness, HugeDeclaredCountsDoNotAllocate) {
  // Counts of 2^32-1 with no elements behind them must fail at the end of the
  // input, not try to reserve memory for them.
  const Bytes max = uleb(0xffffffff);
  const uint8_t ids[] = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11};
  for (uint8_t id : ids) {
    auto m = decode(module({section(id, max)}));
    ASSERT_FALSE(m) << int(id);
    EXPECT_EQ(m.error().code, ErrorCode::UnexpectedEndOfSection) << int(id);
  }
  auto br_table = decode(single_function_module(cat({{0x41, 0x00, 0x0e}, max})));
  ASSERT_FALSE(br_table);
  EXPECT_EQ(br_table.error().code, ErrorCode::UnexpectedEndOfSection);
  auto locals = decode(module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})),
                               section(10, vec({func_body(cat({{0x01}, uleb(50000), {0x7f, 0x0b}}))}))}));
  EXPECT_TRUE(locals) << "50000 locals is the limit, not above it";
}

Bytes sample_module() {
  return module({
      section(1, vec({{0x60, 0x01, 0x7f, 0x01, 0x7f}, {0x60, 0x00, 0x00}})),
      section(2, vec({cat({name("env"), name("f"), {0x00, 0x01}})})),
      section(3, vec({uleb(0), uleb(1)})),
      section(4, vec({{0x70, 0x00, 0x02}})),
      section(5, vec({{0x01, 0x01, 0x02}})),
      section(6, vec({{0x7f, 0x01, 0x41, 0x2a, 0x0b}})),
      section(7, vec({cat({name("add"), {0x00, 0x01}}), cat({name("mem"), {0x02, 0x00}})})),
      section(9, vec({cat({uleb(0), {0x41, 0x00, 0x0b}, vec({uleb(1), uleb(2)})})})),
      section(12, uleb(1)),
      section(10, vec({func_body({0x01, 0x01, 0x7e, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b}),
                       func_body({0x00, 0x02, 0x40, 0x0c, 0x00, 0x0b, 0xfc, 0x09, 0x00, 0x0b})})),
      section(11, vec({cat({uleb(0), {0x41, 0x10, 0x0b}, name("hello")})})),
      section(0, cat({name("name"), section(1, vec({cat({uleb(1), name("add")})}))})),
  });
}

TEST(Robustness, SampleModuleDecodes) {
  auto m = decode(sample_module());
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->functions.size(), 2u);
  EXPECT_EQ(m->names.functions.at(1), "add");
}

TEST(Robustness, EveryTruncationFailsCleanly) {
  const Bytes full = sample_module();
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto m = decode(prefix);
    // Prefixes that end exactly between sections are valid modules, unless
    // they cut the function/code or data count/data pairing apart.
    if (m) continue;
    EXPECT_EQ(m.error().phase(), Phase::Decode) << n;
  }
  // Cutting inside the header or inside any section must fail.
  for (size_t n : {size_t{0}, size_t{3}, size_t{7}, full.size() - 1}) {
    Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode(prefix).has_value()) << n;
  }
}

TEST(Robustness, RandomBytesNeverCrash) {
  std::mt19937 rng(20240601);
  size_t decoded = 0;
  for (int i = 0; i < 3000; ++i) {
    std::uniform_int_distribution<size_t> len_dist(0, 300);
    Bytes bytes(len_dist(rng));
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    // Half of the buffers get a valid header so the section decoders are reached.
    if (i % 2 == 0 && bytes.size() >= 8) std::copy_n(header().begin(), 8, bytes.begin());
    decoded += decode(bytes).has_value();
  }
  EXPECT_LT(decoded, 3000u);
}

TEST(Robustness, RandomMutationsOfAValidModuleNeverCrash) {
  std::mt19937 rng(7);
  const Bytes base = sample_module();
  for (int i = 0; i < 3000; ++i) {
    Bytes bytes = base;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) bytes[8 + rng() % (bytes.size() - 8)] = static_cast<uint8_t>(rng());
    auto m = decode(bytes);
    if (!m) {
      EXPECT_EQ(m.error().phase(), Phase::Decode);
    }
  }
}

}  // namespace
}  // namespace wisp::binary
