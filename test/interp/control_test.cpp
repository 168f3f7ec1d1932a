// Control flow, calls, operand aliasing, traps with backtraces, and the
// execution limits: call depth, fuel, interruption, deadlines.
#include <chrono>
#include <thread>

#include "fixture.h"

namespace wisp::test {
namespace {

TEST(Control, RecursionAndBranchTables) {
  Instantiated m("control");
  EXPECT_EQ(m.call1("fac", {Value::i64(20)}).i64(), 2432902008176640000);
  EXPECT_EQ(m.call1("switch", {Value::i32(0)}).i32(), 110);
  EXPECT_EQ(m.call1("switch", {Value::i32(1)}).i32(), 210);
  EXPECT_EQ(m.call1("switch", {Value::i32(2)}).i32(), 310);
  EXPECT_EQ(m.call1("switch", {Value::i32(99)}).i32(), 310);
}

TEST(Control, BlockParametersAndMultipleResults) {
  Instantiated m("control");
  EXPECT_EQ(m.call1("sum_to", {Value::i32(100)}).i32(), 5050);
  auto r = m.call("pair", {Value::i32(1), Value::i32(2)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 2);
  EXPECT_EQ((*r)[1].i32(), 1);
}

TEST(Control, OperandsKeepTheValueALocalHadWhenPushed) {
  Instantiated m("control");
  auto r = m.call("alias_swap", {Value::i32(1), Value::i32(2)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 2);
  EXPECT_EQ((*r)[1].i32(), 1);
  EXPECT_EQ(m.call1("alias_if", {Value::i32(3), Value::i32(1)}).i32(), 103);
  EXPECT_EQ(m.call1("alias_if", {Value::i32(3), Value::i32(0)}).i32(), 6);
  EXPECT_EQ(m.call1("alias_tee").i32(), 12);
  EXPECT_EQ(m.call1("select_first", {Value::i32(1)}).i64(), 11);
  EXPECT_EQ(m.call1("select_first", {Value::i32(0)}).i64(), 22);
}

TEST(Control, TrapCarriesMessageAndBacktrace) {
  Instantiated m("control");
  auto r = m.call("outer");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Unreachable);
  EXPECT_EQ(r.error().message(), "unreachable");
  ASSERT_EQ(r.error().backtrace.size(), 2u);
  // No name section: functions are named by index ($boom is 11, outer 12).
  EXPECT_EQ(r.error().backtrace[0], "func[11]");
  EXPECT_EQ(r.error().backtrace[1], "func[12]");
}

TEST(Control, CallIndirectChecksBoundsNullAndType) {
  Instantiated m("control");
  EXPECT_EQ(m.trap_of("call_slot", {Value::i32(0)}), ErrorCode::IndirectCallTypeMismatch);
  EXPECT_EQ(m.trap_of("call_slot", {Value::i32(1)}), ErrorCode::UninitializedElement);
  EXPECT_EQ(m.trap_of("call_slot", {Value::i32(2)}), ErrorCode::UndefinedElement);
}

TEST(Limits, DeepRecursionTrapsAndTheStoreStillWorks) {
  Instantiated m("control");
  auto r = m.call("infinite", {Value::i32(0)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::CallStackExhausted);
  EXPECT_EQ(r.error().message(), "call stack exhausted");
  EXPECT_EQ(m.call1("fac", {Value::i64(5)}).i64(), 120);
  EXPECT_EQ(m.trap_of("infinite", {Value::i32(0)}), ErrorCode::CallStackExhausted);
}

TEST(Limits, CallDepthFollowsTheEngineConfig) {
  EngineConfig config;
  config.max_call_depth = 50;
  Instantiated m("control", config);
  EXPECT_EQ(m.call1("fac", {Value::i64(20)}).i64(), 2432902008176640000);
  EXPECT_EQ(m.trap_of("fac", {Value::i64(60)}), ErrorCode::CallStackExhausted);
}

TEST(Limits, SmallValueStackTrapsInsteadOfOverflowing) {
  EngineConfig config;
  config.value_stack_bytes = 64 * 1024;
  config.max_call_depth = 1'000'000;
  Instantiated m("control", config);
  EXPECT_EQ(m.trap_of("infinite", {Value::i32(0)}), ErrorCode::CallStackExhausted);
}

TEST(Limits, FuelRunsOut) {
  Instantiated m("control");
  m.store.set_fuel(1000);
  EXPECT_EQ(m.trap_of("spin"), ErrorCode::OutOfFuel);
  EXPECT_EQ(m.store.fuel_remaining(), 0u);
  m.store.set_fuel(1'000'000);
  EXPECT_EQ(m.call1("count", {Value::i32(100)}).i32(), 100);
  const uint64_t left = *m.store.fuel_remaining();
  EXPECT_LT(left, 1'000'000u);
  EXPECT_GT(left, 1'000'000u - 10'000u);
  m.store.set_fuel(std::nullopt);
  EXPECT_EQ(m.store.fuel_remaining(), std::nullopt);
}

TEST(Limits, InterruptFromAnotherThread) {
  Instantiated m("control");
  InterruptHandle handle = m.store.interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    handle.interrupt();
  });
  EXPECT_EQ(m.trap_of("spin"), ErrorCode::Interrupted);
  stopper.join();
  // The request is consumed: the store runs again.
  EXPECT_EQ(m.call1("count", {Value::i32(3)}).i32(), 3);
}

TEST(Limits, DeadlineStopsALoop) {
  Instantiated m("control");
  m.store.set_deadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(30));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(m.trap_of("spin"), ErrorCode::TimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace wisp::test

namespace wisp::test {
namespace {

TEST(Control, BacktraceUsesTheNameSection) {
  // (func $boom (export "f") unreachable) with a "name" section naming function 0.
  const std::vector<uint8_t> bytes = {
      0,  'a', 's', 'm', 1,   0,    0,    0,   1,  4, 1, 0x60, 0, 0,  // type () -> ()
      3,  2,   1,   0,                                                // one function
      7,  5,   1,   1,   'f', 0,    0,                                // export "f"
      10, 5,   1,   3,   0,   0x00, 0x0b,                             // body: unreachable
      0,  14,  4,   'n', 'a', 'm',  'e',                              // custom section "name"
      1,  7,   1,   0,   4,   'b',  'o',  'o', 'm'};                  // function names: 0 -> "boom"
  Engine engine;
  auto module = Module::compile(engine, bytes);
  ASSERT_TRUE(module) << module.error().message();
  Store store(engine);
  auto inst = Linker(engine).instantiate(store, *module);
  ASSERT_TRUE(inst);
  auto r = inst->get_func("f")->call(store, {});
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().backtrace.size(), 1u);
  EXPECT_EQ(r.error().backtrace[0], "boom");
}

}  // namespace
}  // namespace wisp::test
