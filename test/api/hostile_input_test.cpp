// Hostile input to the engine, end to end through the public API: each case
// gets a clean error or trap with its message, and the engine keeps working.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "api_fixture.h"
#include "wisp/wisp.h"

namespace wisp {
namespace {

using Bytes = std::vector<uint8_t>;

void put_uleb(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

// A module with one `() -> ()` function whose body (without locals) is `code`.
Bytes module_with_body(const Bytes& code) {
  Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  m.insert(m.end(), {0x01, 0x04, 0x01, 0x60, 0x00, 0x00});       // type section: () -> ()
  m.insert(m.end(), {0x03, 0x02, 0x01, 0x00});                   // function section
  m.insert(m.end(), {0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00});  // export "f"
  Bytes entry;
  put_uleb(entry, code.size() + 1);
  entry.push_back(0x00);  // no locals
  entry.insert(entry.end(), code.begin(), code.end());
  Bytes section = {0x01};  // one body
  section.insert(section.end(), entry.begin(), entry.end());
  m.push_back(0x0a);
  put_uleb(m, section.size());
  m.insert(m.end(), section.begin(), section.end());
  return m;
}

Bytes read_fixture(const std::string& name) {
  std::ifstream in(std::string(WISP_TEST_DATA_DIR) + "/wat/" + name + ".wasm", std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class HostileInput : public ::testing::TestWithParam<Strategy> {
 protected:
  // Proves the engine still works after whatever the test did.
  void expect_engine_healthy() {
    Module m = test::compile_fixture(engine_, "hostile");
    Store store(engine_);
    auto inst = Linker(engine_).instantiate(store, m);
    ASSERT_TRUE(inst) << inst.error().message();
    auto r = inst->get_func("answer")->call(store, {});
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)[0].i32(), 42);
  }

  ErrorCode trap_of(const char* name, std::vector<Value> args = {}, std::optional<uint64_t> fuel = {}) {
    Module m = test::compile_fixture(engine_, "hostile");
    Store store(engine_);
    StoreLimits limits;
    limits.max_memory_bytes = 64u << 20;
    store.set_limits(limits);
    store.set_fuel(fuel);
    auto inst = Linker(engine_).instantiate(store, m);
    EXPECT_TRUE(inst);
    auto r = inst->get_func(name)->call(store, args);
    EXPECT_FALSE(r) << name << " returned normally";
    return r ? ErrorCode::InvalidArgument : r.error().code;
  }

  bool native() const { return GetParam() == Strategy::Native; }
  Engine engine_ = test::engine_for(GetParam());
};

TEST_P(HostileInput, InfiniteRecursionTrapsCallStackExhausted) {
  EXPECT_EQ(trap_of("recurse", {Value::i32(0)}), ErrorCode::CallStackExhausted);
  EXPECT_EQ(error_message(ErrorCode::CallStackExhausted), "call stack exhausted");
  expect_engine_healthy();
}

TEST_P(HostileInput, InfiniteLoopStopsWhenFuelRunsOut) {
  // Compiled code has no fuel meter: it says so instead of running unmetered.
  EXPECT_EQ(trap_of("spin", {}, 1'000'000), native() ? ErrorCode::InvalidArgument : ErrorCode::OutOfFuel);
  expect_engine_healthy();
}

TEST_P(HostileInput, InfiniteLoopStopsAtTheDeadline) {
  Module m = test::compile_fixture(engine_, "hostile");
  Store store(engine_);
  auto inst = Linker(engine_).instantiate(store, m);
  ASSERT_TRUE(inst);
  const auto start = std::chrono::steady_clock::now();
  store.set_deadline(start + std::chrono::milliseconds(50));
  auto r = inst->get_func("spin")->call(store, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TimedOut);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  // The same Store runs again once the deadline is lifted; a stale flag would trap at once.
  store.set_deadline(std::nullopt);
  auto ok = inst->get_func("answer")->call(store, {});
  ASSERT_TRUE(ok) << ok.error().message();
  expect_engine_healthy();
}

TEST_P(HostileInput, InterruptFromAnotherThreadStopsALoop) {
  Module m = test::compile_fixture(engine_, "hostile");
  Store store(engine_);
  auto inst = Linker(engine_).instantiate(store, m);
  ASSERT_TRUE(inst);
  InterruptHandle handle = store.interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    handle.interrupt();
  });
  auto r = inst->get_func("spin")->call(store, {});
  stopper.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Interrupted);
  auto ok = inst->get_func("answer")->call(store, {});
  ASSERT_TRUE(ok) << ok.error().message();
}

TEST_P(HostileInput, MemoryBombStopsAtTheStoreLimit) {
  Module m = test::compile_fixture(engine_, "hostile");
  Store store(engine_);
  StoreLimits limits;
  limits.max_memory_bytes = 64u << 20;
  store.set_limits(limits);
  auto inst = Linker(engine_).instantiate(store, m);
  ASSERT_TRUE(inst);
  auto r = inst->get_func("grow_forever")->call(store, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 1024);  // 64 MiB of 64 KiB pages, then memory.grow returned -1
}

TEST_P(HostileInput, MillionNestedBlocksCompileAndRun) {
  constexpr size_t kDepth = 1'000'000;
  Bytes code;
  code.reserve(kDepth * 3 + 1);
  for (size_t i = 0; i < kDepth; ++i) code.insert(code.end(), {0x02, 0x40});
  code.insert(code.end(), kDepth, 0x0b);
  code.push_back(0x0b);
  auto m = Module::compile(engine_, module_with_body(code));
  ASSERT_TRUE(m) << m.error().message();
  Store store(engine_);
  auto inst = Linker(engine_).instantiate(store, *m);
  ASSERT_TRUE(inst);
  EXPECT_TRUE(inst->get_func("f")->call(store, {}));
}

TEST_P(HostileInput, HundredMegabyteFunctionBodyIsRefused) {
  Bytes code(100u << 20, 0x01);  // nops
  code.back() = 0x0b;
  auto m = Module::compile(engine_, module_with_body(code));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::ImplementationLimit);
  EXPECT_EQ(m.error().phase(), Phase::Decode);
  expect_engine_healthy();
}

// Offsets where a section ends: a module cut exactly there is still a
// well-formed (smaller) module; cut anywhere else it is malformed.
std::vector<size_t> section_ends(const Bytes& m) {
  std::vector<size_t> ends = {8};
  size_t pos = 8;
  while (pos < m.size()) {
    ++pos;  // section id
    uint64_t size = 0;
    for (int shift = 0;; shift += 7) {
      uint8_t b = m[pos++];
      size |= uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) break;
    }
    pos += size;
    ends.push_back(pos);
  }
  return ends;
}

TEST_P(HostileInput, EveryTruncationOfAModuleIsMalformed) {
  const Bytes whole = read_fixture("hostile");
  ASSERT_GT(whole.size(), 50u);
  const std::vector<size_t> ends = section_ends(whole);
  ASSERT_EQ(ends.back(), whole.size());
  size_t malformed = 0;
  for (size_t n = 0; n < whole.size(); ++n) {
    auto m = Module::compile(engine_, std::span(whole.data(), n));
    const bool at_section_end = std::find(ends.begin(), ends.end(), n) != ends.end();
    if (at_section_end) continue;  // a complete prefix may validate or fail validation
    ASSERT_FALSE(m) << "prefix of " << n << " bytes accepted";
    EXPECT_EQ(m.error().phase(), Phase::Decode) << n << ": " << m.error().message();
    ++malformed;
  }
  EXPECT_EQ(malformed, whole.size() - (ends.size() - 1));  // every cut but the complete prefixes
  expect_engine_healthy();
}

TEST_P(HostileInput, RandomBytesAndMutationsNeverCrash) {
  std::mt19937 rng(20261123);
  const Bytes whole = read_fixture("hostile");
  // Native compilation costs milliseconds per module: fewer rounds there.
  const int rounds = native() ? 400 : 3000;
  for (int i = 0; i < rounds; ++i) {
    Bytes bytes;
    if (i % 2) {
      bytes.resize(rng() % 256);
      for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    } else {
      bytes = whole;  // a valid module with a few bytes flipped
      for (int k = 0; k < 3; ++k) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
    }
    auto m = Module::compile(engine_, bytes);
    if (!m) continue;
    // Whatever still validates must also run (or trap) cleanly.
    Store store(engine_);
    StoreLimits limits;
    limits.max_memory_bytes = 16u << 20;
    store.set_limits(limits);
    if (native())
      store.set_deadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
    else
      store.set_fuel(100'000);
    auto inst = Linker(engine_).instantiate(store, *m);
    if (!inst) continue;
    for (auto& [name, item] : inst->exports()) {
      if (auto* f = std::get_if<Func>(&item); f && f->type().params.empty()) (void)f->call(store, {});
    }
  }
  expect_engine_healthy();
}

TEST_P(HostileInput, AllOf65536PagesIsRefusedByAStoreLimitNotACrash) {
  Module m = test::compile_fixture(engine_, "pages_65536");
  Store store(engine_);
  StoreLimits limits;
  limits.max_memory_bytes = 256u << 20;
  store.set_limits(limits);
  auto inst = Linker(engine_).instantiate(store, m);
  ASSERT_FALSE(inst);
  expect_engine_healthy();
}

TEST_P(HostileInput, AllOf65536PagesWithoutALimitIsReservedNotTouched) {
  // 4 GiB of address space, committed lazily: instantiating costs no memory.
  Module m = test::compile_fixture(engine_, "pages_65536");
  Store store(engine_);
  auto inst = Linker(engine_).instantiate(store, m);
  ASSERT_TRUE(inst) << inst.error().message();
  EXPECT_EQ(inst->get_memory("memory")->pages(), 65536u);
}

INSTANTIATE_TEST_SUITE_P(Tiers, HostileInput, test::kTiers, test::tier_name);

}  // namespace
}  // namespace wisp
