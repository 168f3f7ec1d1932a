// The deadline thread of natively compiled code: it must raise exactly the
// interrupts whose deadlines passed, also when it was asleep waiting for a
// later deadline (it is only woken for earlier ones).
#include "runtime/watchdog.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "runtime/store.h"

namespace wisp::detail {
namespace {

using Clock = Watchdog::Clock;
using namespace std::chrono_literals;

// Polls instead of sleeping a fixed time: the deadline only has to pass
// eventually, however loaded the machine is.
bool raised_within(const InterruptState& s, std::chrono::milliseconds limit) {
  auto until = Clock::now() + limit;
  while (Clock::now() < until) {
    if (s.requested.load()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return s.requested.load();
}

TEST(Watchdog, AnEarlierDeadlineWakesTheThreadSleepingForALaterOne) {
  Watchdog dog;
  auto late = std::make_shared<InterruptState>();
  auto soon = std::make_shared<InterruptState>();
  dog.arm(Clock::now() + 1h, late);
  std::this_thread::sleep_for(20ms);  // the thread now sleeps until the hour is over
  dog.arm(Clock::now() + 10ms, soon);
  ASSERT_TRUE(raised_within(*soon, 10s));
  EXPECT_TRUE(soon->deadline_passed.load());
  EXPECT_FALSE(late->requested.load());
}

TEST(Watchdog, ADeadlineArmedAfterADisarmedOneStillFires) {
  // The serve pattern: arm 30 s ahead, disarm when the call returns, arm the
  // next one a little later. The thread keeps sleeping for the first
  // (disarmed) deadline and is not woken for the later ones; an earlier one
  // must still wake it.
  Watchdog dog;
  for (int i = 0; i < 100; ++i) {
    auto s = std::make_shared<InterruptState>();
    dog.disarm(dog.arm(Clock::now() + 30s, s));
    EXPECT_FALSE(s->requested.load());
  }
  auto first = std::make_shared<InterruptState>();
  auto second = std::make_shared<InterruptState>();
  dog.arm(Clock::now() + 1h, first);
  dog.arm(Clock::now() + 5ms, second);
  ASSERT_TRUE(raised_within(*second, 10s));
  EXPECT_FALSE(first->requested.load());
}

TEST(Watchdog, ADisarmedDeadlineNeverFires) {
  Watchdog dog;
  auto disarmed = std::make_shared<InterruptState>();
  auto witness = std::make_shared<InterruptState>();
  uint64_t token = dog.arm(Clock::now() + 20ms, disarmed);
  dog.disarm(token);
  dog.arm(Clock::now() + 40ms, witness);  // fires after the disarmed one would have
  ASSERT_TRUE(raised_within(*witness, 10s));
  EXPECT_FALSE(disarmed->requested.load());
}

TEST(Watchdog, DeadlinesFireInTheirOrderWhateverTheOrderTheyWereArmedIn) {
  Watchdog dog;
  auto a = std::make_shared<InterruptState>();
  auto b = std::make_shared<InterruptState>();
  auto c = std::make_shared<InterruptState>();
  dog.arm(Clock::now() + 40ms, c);
  dog.arm(Clock::now() + 20ms, b);
  dog.arm(Clock::now() + 1ms, a);
  ASSERT_TRUE(raised_within(*a, 10s));
  ASSERT_TRUE(raised_within(*b, 10s));
  ASSERT_TRUE(raised_within(*c, 10s));
}

}  // namespace
}  // namespace wisp::detail
