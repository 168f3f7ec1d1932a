#include "faas/pool/concurrency_gate.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace wisp::faas {
namespace {

// A latch the test opens to let blocked jobs finish.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  void wait() {
    std::unique_lock lock(m);
    cv.wait(lock, [this] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(m);
      open = true;
    }
    cv.notify_all();
  }
};

// Raises `peak` to `now` if that is more (jobs on several threads).
void raise_peak(std::atomic<int>& peak, int now) {
  int old = peak.load();
  while (now > old && !peak.compare_exchange_weak(old, now)) {
  }
}

TEST(ConcurrencyGate, RunsUpToLimitQueuesThenRefuses) {
  // The pool is joined explicitly at the end, before the gate and latch its jobs use go away.
  auto pool = std::make_unique<WorkerPool>(4);
  ConcurrencyGate gate(*pool);
  Gate latch;
  std::atomic<int> running = 0, peak = 0, done = 0;
  auto job = [&] {
    raise_peak(peak, ++running);
    latch.wait();
    --running;
    ++done;
    return ConcurrencyGate::Continuation{};
  };
  EXPECT_TRUE(gate.submit("f", 2, 1, job));
  EXPECT_TRUE(gate.submit("f", 2, 1, job));
  EXPECT_TRUE(gate.submit("f", 2, 1, job));   // queued
  EXPECT_FALSE(gate.submit("f", 2, 1, job));  // queue full: refused
  EXPECT_TRUE(gate.submit("g", 1, 0, [&] {
    ++done;
    return ConcurrencyGate::Continuation{};
  }));  // another function is unaffected
  auto load = gate.load("f");
  EXPECT_EQ(load.running, 2u);
  EXPECT_EQ(load.queued, 1u);
  for (int i = 0; i < 500 && running < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  latch.release();
  for (int i = 0; i < 500 && done < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(done, 4);
  EXPECT_EQ(peak, 2);
  pool.reset();
  EXPECT_EQ(gate.load("f").running, 0u);
}

// The dispatcher lowers a function's limit to one while it keeps failing
// and raises it again after a success.
TEST(ConcurrencyGate, ALoweredLimitDrainsDownToItARaisedOneStartsWaiters) {
  auto pool = std::make_unique<WorkerPool>(4);
  ConcurrencyGate gate(*pool);
  Gate first[3], later;
  std::atomic<int> running = 0, peak_later = 0, done = 0;
  auto blocked = [&](Gate& latch, bool track) {
    return [&, track] {
      const int now = ++running;
      if (track) raise_peak(peak_later, now);
      latch.wait();
      --running;
      ++done;
      return ConcurrencyGate::Continuation{};
    };
  };
  auto settle = [&](int finished, uint32_t still_running) {
    for (int i = 0; i < 500 && (done < finished || gate.load("f").running != still_running); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  for (Gate& g : first) EXPECT_TRUE(gate.submit("f", 3, 8, blocked(g, false)));
  later.release();  // the queued jobs finish as soon as they run
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(gate.submit("f", 1, 8, blocked(later, true)));
  EXPECT_EQ(gate.load("f").running, 3u);
  EXPECT_EQ(gate.load("f").queued, 3u);
  // Finishing jobs give their slots up while more run than the limit...
  first[0].release();
  settle(1, 2);
  EXPECT_EQ(gate.load("f").running, 2u);
  EXPECT_EQ(gate.load("f").queued, 3u);
  first[1].release();
  settle(2, 1);
  EXPECT_EQ(gate.load("f").running, 1u);
  EXPECT_EQ(gate.load("f").queued, 3u);
  // ... and pass it on at the limit: the queued jobs run one at a time.
  first[2].release();
  settle(6, 0);
  EXPECT_EQ(done, 6);
  EXPECT_EQ(peak_later, 1);

  // Raised: the waiters start with the submit that raised it.
  Gate held;
  done = 0;
  EXPECT_TRUE(gate.submit("f", 1, 8, blocked(held, false)));
  EXPECT_TRUE(gate.submit("f", 1, 8, blocked(held, false)));
  EXPECT_TRUE(gate.submit("f", 1, 8, blocked(held, false)));
  EXPECT_EQ(gate.load("f").running, 1u);
  EXPECT_EQ(gate.load("f").queued, 2u);
  EXPECT_TRUE(gate.submit("f", 4, 8, blocked(held, false)));
  EXPECT_EQ(gate.load("f").running, 4u);
  EXPECT_EQ(gate.load("f").queued, 0u);
  held.release();
  pool.reset();
  EXPECT_EQ(done, 4);
  EXPECT_EQ(gate.load("f").running, 0u);
}

TEST(ConcurrencyGate, ZeroQueueRefusesWhenBusy) {
  auto pool = std::make_unique<WorkerPool>(2);
  ConcurrencyGate gate(*pool);
  Gate latch;
  std::promise<void> started;
  EXPECT_TRUE(gate.submit("f", 1, 0, [&] {
    started.set_value();
    latch.wait();
    return ConcurrencyGate::Continuation{};
  }));
  started.get_future().wait();
  EXPECT_FALSE(gate.submit("f", 1, 0, [] { return ConcurrencyGate::Continuation{}; }));
  latch.release();
  pool.reset();
  EXPECT_EQ(gate.load("f").running, 0u) << "the slot is free again";
}

TEST(ConcurrencyGate, ContinuationRunsAfterTheSlotIsFree) {
  auto pool = std::make_unique<WorkerPool>(1);
  ConcurrencyGate gate(*pool);
  std::promise<ConcurrencyGate::Load> seen;
  EXPECT_TRUE(gate.submit(
      "f", 1, 0, [&] { return ConcurrencyGate::Continuation([&] { seen.set_value(gate.load("f")); }); }));
  auto load = seen.get_future().get();
  EXPECT_EQ(load.running, 0u);
  pool.reset();
}

TEST(ConcurrencyGate, DropWaitingForgetsQueuedJobsOnly) {
  auto pool = std::make_unique<WorkerPool>(1);
  ConcurrencyGate gate(*pool);
  Gate latch;
  std::promise<void> started;
  std::atomic<int> ran = 0;
  EXPECT_TRUE(gate.submit("f", 1, 5, [&] {
    started.set_value();
    latch.wait();
    ++ran;
    return ConcurrencyGate::Continuation{};
  }));
  started.get_future().wait();
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(gate.submit("f", 1, 5, [&] {
      ++ran;
      return ConcurrencyGate::Continuation{};
    }));
  EXPECT_EQ(gate.load("f").queued, 3u);
  gate.drop_waiting();
  EXPECT_EQ(gate.load("f").queued, 0u);
  latch.release();
  pool.reset();
  EXPECT_EQ(ran, 1) << "only the running job completes";
}

// A finished job's thread runs the next waiter of its lane itself: no other
// thread is woken or started for it.
TEST(ConcurrencyGate, QueuedJobsRunOnTheThreadThatFreedTheSlot) {
  auto pool = std::make_unique<WorkerPool>(2, 8);
  ConcurrencyGate gate(*pool);
  Gate latch;
  std::promise<void> started;
  std::mutex m;
  std::vector<std::thread::id> threads;
  EXPECT_TRUE(gate.submit("f", 1, 10, [&] {
    started.set_value();
    latch.wait();
    std::lock_guard lock(m);
    threads.push_back(std::this_thread::get_id());
    return ConcurrencyGate::Continuation{};
  }));
  started.get_future().wait();
  for (int i = 0; i < 6; ++i)
    EXPECT_TRUE(gate.submit("f", 1, 10, [&] {
      std::lock_guard lock(m);
      threads.push_back(std::this_thread::get_id());
      return ConcurrencyGate::Continuation{};
    }));
  EXPECT_EQ(gate.load("f").queued, 6u);
  latch.release();
  pool.reset();
  ASSERT_EQ(threads.size(), 7u);
  for (auto id : threads) EXPECT_EQ(id, threads.front());
}

// Each queued job run that way is timed for demotion on its own: a lane
// busy for longer than the threshold with short requests is never demoted.
TEST(ConcurrencyGate, QueuedJobsRunInARowAreEachTimedForDemotion) {
  auto pool = std::make_unique<WorkerPool>(1, 1, std::chrono::seconds(10), 0, std::chrono::milliseconds(40));
  ConcurrencyGate gate(*pool);
  Gate latch;
  std::promise<void> started;
  std::atomic<int> demoted = 0, ran = 0;
  auto nice_now = [] { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())); };
  const int normal = nice_now();
  EXPECT_TRUE(gate.submit("f", 1, 100, [&] {
    started.set_value();
    latch.wait();
    return ConcurrencyGate::Continuation{};
  }));
  started.get_future().wait();
  for (int i = 0; i < 50; ++i)  // ~100 ms in a row, 2 ms each
    EXPECT_TRUE(gate.submit("f", 1, 100, [&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      if (nice_now() != normal) ++demoted;
      ++ran;
      return ConcurrencyGate::Continuation{};
    }));
  latch.release();
  pool.reset();
  EXPECT_EQ(ran, 50);
  EXPECT_EQ(demoted, 0);
}

TEST(WorkerPool, DestructorFinishesQueuedJobs) {
  std::atomic<int> done = 0;
  {
    WorkerPool pool(1);
    for (int i = 0; i < 20; ++i) pool.submit([&] { ++done; });
  }
  EXPECT_EQ(done, 20);
}

}  // namespace
}  // namespace wisp::faas
