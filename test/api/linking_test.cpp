// Linking and instantiation: import resolution and matching, registered
// instances, shadowing, segment traps and start functions.
#include "api_fixture.h"

namespace wisp::test {
namespace {

struct LinkFixture : ::testing::TestWithParam<Strategy> {
  Engine engine = engine_for(GetParam());
  Store store{engine};
  Linker linker{engine};
  std::optional<Instance> provider;

  void SetUp() override {
    auto p = linker.instantiate(store, compile_fixture(engine, "provider"));
    ASSERT_TRUE(p) << p.error().message();
    provider = *p;
    ASSERT_TRUE(linker.define_instance("p", *provider));
  }
};

TEST_P(LinkFixture, ImportsResolveToTheRegisteredInstance) {
  auto c = linker.instantiate(store, compile_fixture(engine, "consumer"));
  ASSERT_TRUE(c) << c.error().message();
  auto r = c->get_func("call_f")->call(store, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 42);
  // Globals and memories are shared, not copied.
  ASSERT_TRUE(c->get_func("bump_g")->call(store, {}));
  EXPECT_EQ(provider->get_global("g")->get().i32(), 6);
  std::vector<Value> args = {Value::i32(3), Value::i32(99)};
  ASSERT_TRUE(c->get_func("poke")->call(store, args));
  EXPECT_EQ(provider->get_memory("mem")->data()[3], 99);
}

TEST_P(LinkFixture, UnknownImportIsALinkError) {
  Linker empty(engine);
  auto c = empty.instantiate(store, compile_fixture(engine, "consumer"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::UnknownImport);
  EXPECT_EQ(c.error().phase(), Phase::Link);
}

TEST_P(LinkFixture, IncompatibleImportTypes) {
  // A function where a function of another type is expected.
  Linker wrong(engine);
  ASSERT_TRUE(wrong.func_wrap("p", "f", [](int32_t) -> int32_t { return 0; }));
  ASSERT_TRUE(wrong.define("p", "tab", *provider->get_table("tab")));
  ASSERT_TRUE(wrong.define("p", "mem", *provider->get_memory("mem")));
  ASSERT_TRUE(wrong.define("p", "g", *provider->get_global("g")));
  auto c = wrong.instantiate(store, compile_fixture(engine, "consumer"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::IncompatibleImportType);

  // A memory whose maximum (2) exceeds the import's maximum (1).
  auto m = linker.instantiate(store, compile_fixture(engine, "wants_big_memory"));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::IncompatibleImportType);

  // A global of the wrong mutability.
  Linker immut(engine);
  ASSERT_TRUE(immut.define_instance("p", *provider));
  immut.allow_shadowing(true);
  ASSERT_TRUE(immut.define("p", "g", *Global::create(store, Value::i32(1), false)));
  auto g = immut.instantiate(store, compile_fixture(engine, "consumer"));
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::IncompatibleImportType);
}

TEST_P(LinkFixture, DuplicateDefinitionsUnlessShadowingIsAllowed) {
  auto dup = linker.define("p", "f", *provider->get_func("f"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::DuplicateDefinition);
  linker.allow_shadowing(true);
  ASSERT_TRUE(linker.func_wrap("p", "f", []() -> int32_t { return 7; }));
  auto c = linker.instantiate(store, compile_fixture(engine, "consumer"));
  ASSERT_TRUE(c);
  EXPECT_EQ((*c->get_func("call_f")->call(store, {}))[0].i32(), 7);
}

TEST_P(LinkFixture, FailingSegmentKeepsEarlierEffectsInImportedTables) {
  auto bad = linker.instantiate(store, compile_fixture(engine, "bad_segments"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::OutOfBoundsTableAccess);
  EXPECT_EQ(bad.error().phase(), Phase::Instantiate);
  Table tab = *provider->get_table("tab");
  ASSERT_FALSE(tab.get(0)->is_null());
  EXPECT_TRUE(tab.get(2)->is_null());
  // The data segment after the failing element segment never ran.
  EXPECT_EQ(provider->get_memory("mem")->data()[0], 0);
  // The function the segment stored is callable.
  auto r = Func::from_ref(tab.get(0)->ref()).call(store, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 7);
}

TEST_P(LinkFixture, StartFunctionTrapFailsInstantiation) {
  auto s = linker.instantiate(store, compile_fixture(engine, "start_trap"));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::Unreachable);
  EXPECT_EQ(s.error().phase(), Phase::Instantiate);
}

INSTANTIATE_TEST_SUITE_P(Tiers, LinkFixture, kTiers, tier_name);

TEST(InstancePre, InstantiatesIntoManyStores) {
  Engine engine;
  Linker linker(engine);
  auto pre = linker.instantiate_pre(compile_fixture(engine, "provider"));
  ASSERT_TRUE(pre);
  for (int i = 0; i < 3; ++i) {
    Store store(engine);
    auto inst = pre->instantiate(store);
    ASSERT_TRUE(inst);
    Global g = *inst->get_global("g");
    EXPECT_EQ(g.get().i32(), 5);
    ASSERT_TRUE(g.set(Value::i32(i)));
  }
  EXPECT_EQ(pre->module().exports().size(), 4u);
}

TEST(Modules, CompileErrorsCarryThePhase) {
  Engine engine;
  const std::vector<uint8_t> junk = {0, 'a', 's', 'x'};
  auto m = Module::compile(engine, junk);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().phase(), Phase::Decode);
  // (func (result i32)) with an empty body: type mismatch.
  const std::vector<uint8_t> invalid = {0, 'a',  's', 'm', 1, 0, 0,  0, 1, 5, 1, 0x60, 0,
                                        1, 0x7f, 3,   2,   1, 0, 10, 4, 1, 2, 0, 0x0b};
  auto v = Module::compile(engine, invalid);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::TypeMismatch);
}

}  // namespace
}  // namespace wisp::test
