// Stopping a guest from outside (deadlines, InterruptHandle) wherever it
// loops: in its own code, in a bulk-memory helper, in a host function. In
// compiled code loops do not poll, so these exercise the interrupt signal,
// its repetition by the watchdog and the check after host calls; and a stray
// signal must change nothing.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <tuple>

#include "api_fixture.h"

namespace wisp::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct StopFixture : ::testing::TestWithParam<std::tuple<Strategy, const char*>> {
  Engine engine = engine_for(std::get<0>(GetParam()));
  Store store{engine};
  Linker linker{engine};
  std::optional<Instance> instance;

  void SetUp() override {
    // ~100 µs of host code per call, so a signal almost always lands there.
    ASSERT_TRUE(linker.func_wrap("env", "busy", [] {
      const auto until = Clock::now() + 100us;
      while (Clock::now() < until) {
      }
    }));
    Module m = compile_fixture(engine, "stop_points");
    auto inst = linker.instantiate(store, m);
    ASSERT_TRUE(inst) << inst.error().message();
    instance = std::move(*inst);
  }

  TrapOr<std::vector<Value>> call(const char* name, std::vector<Value> args = {}) {
    return instance->get_func(name)->call(store, args);
  }

  void expect_store_still_runs() {
    auto ok = call("answer");
    ASSERT_TRUE(ok) << ok.error().message();
    EXPECT_EQ((*ok)[0].i32(), 42);
  }
};

// Far above the watchdog's millisecond. Compiled code would never leave
// count_forever without the signal, and takes seconds to leave fill_forever or
// call_host_forever on repeated signals alone (they land in host code), before
// the helpers and the host-call bridge check the flag.
constexpr auto kPromptly = 1s;

TEST_P(StopFixture, DeadlineStopsTheLoop) {
  const auto start = Clock::now();
  store.set_deadline(start + 30ms);
  auto r = call(std::get<1>(GetParam()));
  const auto took = Clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TimedOut) << r.error().message();
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, kPromptly);
  store.set_deadline(std::nullopt);
  expect_store_still_runs();
}

TEST_P(StopFixture, InterruptHandleStopsTheLoop) {
  InterruptHandle handle = store.interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(20ms);
    handle.interrupt();
  });
  const auto start = Clock::now();
  auto r = call(std::get<1>(GetParam()));
  const auto took = Clock::now() - start;
  stopper.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Interrupted) << r.error().message();
  EXPECT_LT(took, kPromptly);
  expect_store_still_runs();
}

INSTANTIATE_TEST_SUITE_P(Loops, StopFixture,
                         ::testing::Combine(kTiers, ::testing::Values("count_forever", "fill_forever",
                                                                      "call_host_forever")),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) == Strategy::Native ? "Native_"
                                                                                          : "Interpreter_") +
                                  std::get<1>(info.param);
                         });

// The interrupt signal is SIGURG; one that nobody asked for (or that arrives
// after the run was stopped) must leave compiled code running correctly.
TEST(StopSignal, StraySignalsDoNotDisturbCompiledCode) {
  Engine engine = engine_for(Strategy::Native);
  Store store(engine);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "busy", [] {}));
  Module m = compile_fixture(engine, "stop_points");
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst) << inst.error().message();

  const pthread_t runner = pthread_self();
  std::atomic<bool> done{false};
  std::atomic<uint64_t> sent{0};
  std::thread pest([&] {
    while (!done.load()) {
      pthread_kill(runner, SIGURG);
      sent.fetch_add(1);
      std::this_thread::sleep_for(100us);
    }
  });
  while (sent.load() < 5) std::this_thread::yield();  // the pest is at work

  constexpr uint32_t n = 100'000'000;
  uint32_t expected = 0;
  for (uint32_t i = 0; i < n; ++i) expected = expected * 31 + i;
  std::vector<Value> args = {Value::i32(static_cast<int32_t>(n))};
  const uint64_t before = sent.load();
  auto r = inst->get_func("hash_below")->call(store, args);
  const uint64_t during = sent.load() - before;
  done = true;
  pest.join();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(static_cast<uint32_t>((*r)[0].i32()), expected);
  EXPECT_GT(during, 0u) << "the loop ended before a signal came";
}

}  // namespace
}  // namespace wisp::test
