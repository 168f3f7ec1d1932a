// Loading native code (artifacts and cache hits) decodes the module without
// its function bodies: the module's interface must come out the same, and
// bytes that never passed validation must not get past the cache.

#include <filesystem>
#include <fstream>
#include <iterator>

#include "api_fixture.h"
#include "temp_dir.h"

namespace wisp::test {
namespace {

std::vector<uint8_t> fixture(const std::string& name) {
  std::ifstream in(std::string(WISP_TEST_DATA_DIR) + "/wat/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// (func (result i32)) whose body is only `end`: decodes, fails validation.
const std::vector<uint8_t> kInvalidBody = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
                                           0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        // type
                                           0x03, 0x02, 0x01, 0x00,                          // function
                                           0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};             // code

Engine native_engine(const std::string& cache_dir) {
  EngineConfig config;
  config.strategy = Strategy::Native;
  config.compile_threads = 1;
  config.cache_dir = cache_dir;
  return Engine(config);
}

void expect_same_interface(const Module& a, const Module& b) {
  const auto ai = a.imports(), bi = b.imports();
  ASSERT_EQ(ai.size(), bi.size());
  for (size_t i = 0; i < ai.size(); ++i) {
    EXPECT_EQ(ai[i].module, bi[i].module);
    EXPECT_EQ(ai[i].name, bi[i].name);
    EXPECT_EQ(ai[i].kind, bi[i].kind);
  }
  const auto ae = a.exports(), be = b.exports();
  ASSERT_EQ(ae.size(), be.size());
  for (size_t i = 0; i < ae.size(); ++i) {
    EXPECT_EQ(ae[i].name, be[i].name);
    EXPECT_EQ(ae[i].kind, be[i].kind);
    EXPECT_EQ(a.export_func_type(ae[i].name), b.export_func_type(be[i].name)) << ae[i].name;
  }
}

TEST(NativeLoad, ArtifactKeepsTheModulesInterface) {
  const Engine engine = native_engine("");
  auto compiled = Module::compile(engine, fixture("consumer"));
  ASSERT_TRUE(compiled) << compiled.error().message();
  auto artifact = compiled->serialize();
  ASSERT_TRUE(artifact);
  auto loaded = Module::deserialize(engine, *artifact);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->imports().size(), 4u);
  EXPECT_EQ(loaded->export_func_type("poke"), (FuncType{{ValType::I32, ValType::I32}, {}}));
  expect_same_interface(*compiled, *loaded);
  // And it serializes back to the same artifact.
  auto again = loaded->serialize();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *artifact);
}

TEST(NativeLoad, CacheHitKeepsTheModulesInterfaceAndRuns) {
  faas::testing::TempDir dir("native-load");
  const Engine engine = native_engine(dir.path().string());
  const std::vector<uint8_t> wasm = fixture("fib");
  auto first = Module::compile(engine, wasm);
  ASSERT_TRUE(first) << first.error().message();
  auto hit = Module::cached(engine, wasm);
  ASSERT_TRUE(hit) << hit.error().message();
  ASSERT_TRUE(hit->has_value());
  EXPECT_TRUE((*hit)->from_cache());
  expect_same_interface(*first, **hit);
  Store store(engine);
  Linker linker(engine);
  auto inst = linker.instantiate(store, **hit);
  ASSERT_TRUE(inst) << inst.error().message();
  Value arg = Value::i32(12);
  auto r = inst->get_func("fib")->call(store, std::span<const Value>(&arg, 1));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].i32(), 144);
}

TEST(NativeLoad, InvalidBodiesAreRejectedWithACacheConfigured) {
  faas::testing::TempDir dir("native-load");
  const Engine engine = native_engine(dir.path().string());
  // A miss validates in full: the error is the validator's, as without a cache.
  auto cached = Module::cached(engine, kInvalidBody);
  ASSERT_FALSE(cached);
  EXPECT_EQ(cached.error().code, ErrorCode::TypeMismatch);
  auto compiled = Module::compile(engine, kInvalidBody);
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().code, ErrorCode::TypeMismatch);
  // Nothing was written for it, so it stays a miss.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  auto interpreted = Module::compile(engine, kInvalidBody, Strategy::Interpreter);
  ASSERT_FALSE(interpreted);
  EXPECT_EQ(interpreted.error().code, ErrorCode::TypeMismatch);
}

}  // namespace
}  // namespace wisp::test
