// The native (AOT) strategy through the embedding API: artifacts that round
// trip and refuse tampering, and the compiled-code cache.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "api_fixture.h"
#include "temp_dir.h"

namespace wisp::test {
namespace {

std::vector<uint8_t> fixture_bytes(const std::string& name) {
  std::ifstream in(std::string(WISP_TEST_DATA_DIR) + "/wat/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

int32_t call_i32(const Engine& engine, const Module& m, const char* name, int32_t arg) {
  Store store(engine);
  Linker linker(engine);
  auto inst = linker.instantiate(store, m);
  EXPECT_TRUE(inst) << inst.error().message();
  if (!inst) return -1;
  Value v = Value::i32(arg);
  auto r = inst->get_func(name)->call(store, std::span<const Value>(&v, 1));
  EXPECT_TRUE(r) << r.error().message();
  return r ? (*r)[0].i32() : -1;
}

Engine cached_engine(const std::filesystem::path& dir) {
  EngineConfig config;
  config.strategy = Strategy::Native;
  config.compile_threads = 1;
  config.cache_dir = dir.string();
  return Engine(config);
}

TEST(Native, CancelledCompileFailsAsInterrupted) {
  const Engine engine = engine_for(Strategy::Native);
  const std::vector<uint8_t> wasm = fixture_bytes("fib");
  std::atomic<bool> cancel{true};
  auto m = Module::compile(engine, wasm, Strategy::Native, &cancel);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::Interrupted);
  // The flag only matters to native compiles, and an unset one changes nothing.
  EXPECT_TRUE(Module::compile(engine, wasm, Strategy::Interpreter, &cancel));
  cancel = false;
  auto ok = Module::compile(engine, wasm, Strategy::Native, &cancel);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(call_i32(engine, *ok, "fib", 10), 55);
}

TEST(Native, ArtifactRoundTripsAndRuns) {
  const Engine engine = engine_for(Strategy::Native);
  const std::vector<uint8_t> wasm = fixture_bytes("fib");
  auto m = Module::compile(engine, wasm);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(m->is_native());
  EXPECT_EQ(call_i32(engine, *m, "fib", 20), 6765);
  auto artifact = m->serialize();
  ASSERT_TRUE(artifact) << artifact.error().message();
  EXPECT_TRUE(Module::is_artifact(*artifact));
  EXPECT_FALSE(Module::is_artifact(wasm));
  auto back = Module::deserialize(engine, *artifact);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(call_i32(engine, *back, "fib", 20), 6765);
  EXPECT_EQ(call_i32(engine, *back, "load_plus", 1), 43);
}

TEST(Native, InterpretedModulesHaveNoArtifact) {
  const Engine engine = engine_for(Strategy::Interpreter);
  auto m = Module::compile(engine, fixture_bytes("fib"));
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->is_native());
  EXPECT_FALSE(m->serialize());
}

TEST(Native, EveryAlteredOrTruncatedArtifactIsRefused) {
  const Engine engine = engine_for(Strategy::Native);
  auto m = Module::compile(engine, fixture_bytes("fib"));
  ASSERT_TRUE(m);
  const std::vector<uint8_t> good = *m->serialize();
  for (size_t i = 0; i < good.size(); ++i) {
    std::vector<uint8_t> bad = good;
    bad[i] ^= 0x01;
    auto r = Module::deserialize(engine, bad);
    ASSERT_FALSE(r) << "a flipped bit at byte " << i << " was accepted";
    EXPECT_NE(r.error().message().find("aot artifact"), std::string::npos) << r.error().message();
  }
  for (size_t n = 0; n < good.size(); ++n)
    ASSERT_FALSE(Module::deserialize(engine, std::span(good.data(), n))) << "prefix of " << n << " bytes";
}

TEST(Native, SecondCompileIsServedByTheCache) {
  faas::testing::TempDir dir("native-test");
  const Engine engine = cached_engine(dir.path());
  const std::vector<uint8_t> wasm = fixture_bytes("fib");
  auto first = Module::compile(engine, wasm);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_FALSE(first->from_cache());
  auto second = Module::compile(engine, wasm);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->from_cache());
  EXPECT_EQ(call_i32(engine, *second, "fib", 15), 610);
  auto lookup = Module::cached(engine, wasm);
  ASSERT_TRUE(lookup);
  ASSERT_TRUE(lookup->has_value());
  // A different module is a miss, not someone else's code.
  auto other = Module::cached(engine, fixture_bytes("hostile"));
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_value());
}

TEST(Native, CorruptCacheEntryIsRecompiledNotRun) {
  faas::testing::TempDir dir("native-test");
  const Engine engine = cached_engine(dir.path());
  const std::vector<uint8_t> wasm = fixture_bytes("fib");
  ASSERT_TRUE(Module::compile(engine, wasm));
  std::vector<std::filesystem::path> entries;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries.push_back(e.path());
  ASSERT_EQ(entries.size(), 1u);
  {
    std::fstream f(entries[0], std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(entries[0]) / 2));
    f.put('\x5a');
  }
  auto hit = Module::cached(engine, wasm);
  ASSERT_TRUE(hit);
  EXPECT_FALSE(hit->has_value());
  auto again = Module::compile(engine, wasm);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_FALSE(again->from_cache());
  EXPECT_EQ(call_i32(engine, *again, "fib", 10), 55);
  // The rewritten entry is whole again.
  auto third = Module::compile(engine, wasm);
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->from_cache());
}

TEST(Native, UnwritableCacheOnlyCostsSpeed) {
  EngineConfig config;
  config.strategy = Strategy::Native;
  config.cache_dir = "/proc/wisp-cannot-create-this";
  const Engine engine(config);
  auto m = Module::compile(engine, fixture_bytes("fib"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(call_i32(engine, *m, "fib", 10), 55);
}

TEST(Native, OneEngineRunsBothTiersSideBySide) {
  // An interpreting Engine compiles one module natively on request; a native
  // function and an interpreted one then call each other through a shared table.
  const Engine engine = engine_for(Strategy::Interpreter);
  auto native = Module::compile(engine, fixture_bytes("provider"), Strategy::Native);
  ASSERT_TRUE(native) << native.error().message();
  EXPECT_TRUE(native->is_native());
  auto interpreted = Module::compile(engine, fixture_bytes("consumer"));
  ASSERT_TRUE(interpreted);
  EXPECT_FALSE(interpreted->is_native());
  Store store(engine);
  Linker linker(engine);
  auto provider = linker.instantiate(store, *native);
  ASSERT_TRUE(provider) << provider.error().message();
  ASSERT_TRUE(linker.define_instance("p", *provider));
  auto consumer = linker.instantiate(store, *interpreted);
  ASSERT_TRUE(consumer) << consumer.error().message();
  auto r = consumer->get_func("call_f")->call(store, {});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].i32(), 42);
  ASSERT_TRUE(consumer->get_func("bump_g")->call(store, {}));
  EXPECT_EQ(provider->get_global("g")->get().i32(), 6);
}

TEST(Native, CompiledCodeCallsInterpretedImports) {
  const Engine engine = engine_for(Strategy::Interpreter);
  auto interpreted = Module::compile(engine, fixture_bytes("provider"));
  auto native = Module::compile(engine, fixture_bytes("consumer"), Strategy::Native);
  ASSERT_TRUE(interpreted && native);
  Store store(engine);
  Linker linker(engine);
  auto provider = linker.instantiate(store, *interpreted);
  ASSERT_TRUE(provider);
  ASSERT_TRUE(linker.define_instance("p", *provider));
  auto consumer = linker.instantiate(store, *native);
  ASSERT_TRUE(consumer) << consumer.error().message();
  auto r = consumer->get_func("call_f")->call(store, {});  // native -> array_bridge -> interpreter
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].i32(), 42);
  std::vector<Value> args = {Value::i32(3), Value::i32(99)};
  ASSERT_TRUE(consumer->get_func("poke")->call(store, args));
  EXPECT_EQ(provider->get_memory("mem")->data()[3], 99);
}

}  // namespace
}  // namespace wisp::test
