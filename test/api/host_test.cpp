// Host functions: deduced signatures, Caller memory access, traps from the
// host, and host code calling back into wasm (bounded nesting).
#include <string>

#include "api_fixture.h"

namespace wisp::test {
namespace {

struct HostFixture : ::testing::TestWithParam<Strategy> {
  Engine engine = engine_for(GetParam());
  Store store{engine};
  Linker linker{engine};
  std::string logged;
  std::optional<Instance> instance;

  void SetUp() override {
    ASSERT_TRUE(linker.func_wrap("env", "log", [this](Caller& caller, int32_t ptr, int32_t len) {
      auto mem = caller.memory();
      ASSERT_TRUE(mem.has_value());
      auto bytes = mem->span(static_cast<uint32_t>(ptr), static_cast<uint32_t>(len));
      ASSERT_TRUE(bytes.has_value());
      logged.assign(bytes->begin(), bytes->end());
    }));
    ASSERT_TRUE(linker.func_wrap("env", "twice", [](Caller& caller, int32_t x) -> TrapOr<int32_t> {
      auto dbl = caller.get_export("double");
      if (!dbl) return make_trap(ErrorCode::HostError, "no export");
      Value arg = Value::i32(x);
      auto r = std::get<Func>(*dbl).call(caller.store(), std::span<const Value>(&arg, 1));
      if (!r) return unexpected(std::move(r).error());
      return (*r)[0].i32();
    }));
    ASSERT_TRUE(linker.func_wrap("env", "fail",
                                 []() -> TrapOr<void> { return make_trap(ErrorCode::HostError, "boom"); }));
    ASSERT_TRUE(linker.func_wrap("env", "pong", [](Caller& caller, int32_t n) -> TrapOr<int32_t> {
      auto ping = std::get<Func>(*caller.get_export("ping"));
      Value arg = Value::i32(n);
      auto r = ping.call(caller.store(), std::span<const Value>(&arg, 1));
      if (!r) return unexpected(std::move(r).error());
      return (*r)[0].i32();
    }));
    auto inst = linker.instantiate(store, compile_fixture(engine, "host"));
    ASSERT_TRUE(inst) << inst.error().message();
    instance = *inst;
  }

  TrapOr<std::vector<Value>> call(const char* name, std::vector<Value> args = {}) {
    return instance->get_func(name)->call(store, args);
  }
};

TEST_P(HostFixture, HostReadsTheCallersMemory) {
  ASSERT_TRUE(call("say"));
  EXPECT_EQ(logged, "hello");
}

TEST_P(HostFixture, HostCallsBackIntoWasm) {
  auto r = call("quad", {Value::i32(5)});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].i32(), 20);
}

TEST_P(HostFixture, HostTrapKeepsItsCodeAndDetail) {
  auto r = call("call_fail");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::HostError);
  EXPECT_EQ(r.error().message(), "host function failed: boom");
  // Compiled frames carry no names yet: only the interpreter reports a backtrace.
  if (GetParam() == Strategy::Interpreter) {
    EXPECT_EQ(r.error().backtrace.size(), 2u);
  }
}

TEST_P(HostFixture, MutualRecursionThroughTheHostIsBounded) {
  auto shallow = call("ping", {Value::i32(50)});
  ASSERT_TRUE(shallow) << shallow.error().message();
  EXPECT_EQ((*shallow)[0].i32(), 50);
  auto deep = call("ping", {Value::i32(1'000'000)});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::CallStackExhausted);
  // The store is still usable afterwards.
  auto again = call("double", {Value::i32(21)});
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)[0].i32(), 42);
}

TEST_P(HostFixture, CallChecksArgumentsAgainstTheSignature) {
  EXPECT_EQ(call("double").error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(call("double", {Value::i64(1)}).error().code, ErrorCode::InvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Tiers, HostFixture, kTiers, tier_name);

TEST(HostFunc, CreatedInAStoreAndCalledDirectly) {
  Engine engine;
  Store store(engine);
  Func add = Func::create(store, FuncType{{ValType::I32, ValType::I32}, {ValType::I32}},
                          [](Caller&, std::span<const Value> args, std::span<Value> results) -> TrapOr<void> {
                            results[0] = Value::i32(args[0].i32() + args[1].i32());
                            return {};
                          });
  std::vector<Value> args = {Value::i32(2), Value::i32(3)};
  auto r = add.call(store, args);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 5);
  EXPECT_EQ(Func::from_ref(add.as_ref().ref()).raw(), add.raw());
}

TEST(HostFunc, SignatureIsDeducedFromTheCallable) {
  Engine engine;
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "mix", [](int64_t, float, double) -> int32_t { return 0; }));
  // The wrong signature for an import is reported at link time.
  auto again = linker.func_wrap("env", "mix", []() {});
  EXPECT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::DuplicateDefinition);
}

}  // namespace
}  // namespace wisp::test
