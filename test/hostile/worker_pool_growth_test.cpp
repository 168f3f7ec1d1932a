// WorkerPool's extra threads (lib/faas/pool/worker_pool.h): jobs that wait
// must not keep later jobs from starting while the pool may still grow, and
// the extra threads go away again once idle.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "faas/pool/worker_pool.h"

namespace wisp::faas {
namespace {

using namespace std::chrono_literals;

class Gate {
 public:
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds within = 5000ms) {
  auto end = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

TEST(WorkerPoolGrowth, BlockedJobsDoNotHoldBackLaterOnes) {
  WorkerPool pool(2, 16, 100ms);
  Gate gate;
  std::atomic<int> started{0};
  for (int i = 0; i < 6; ++i)
    pool.submit([&] {
      ++started;
      gate.wait();
    });
  // Six waiting jobs on a pool of two: all six run at once.
  EXPECT_TRUE(eventually([&] { return started == 6; })) << started;
  EXPECT_EQ(pool.size(), 6u);
  std::atomic<bool> quick{false};
  pool.submit([&] { quick = true; });
  EXPECT_TRUE(eventually([&] { return quick.load(); }));
  gate.open();
  // The extra threads leave after idling; the two fixed ones stay.
  EXPECT_TRUE(eventually([&] { return pool.size() == 2; })) << pool.size();
  std::atomic<int> after{0};
  for (int i = 0; i < 4; ++i) pool.submit([&] { ++after; });
  EXPECT_TRUE(eventually([&] { return after == 4; }));
}

TEST(WorkerPoolGrowth, NeverMoreThanTheMaximum) {
  WorkerPool pool(1, 3, 100ms);
  Gate gate;
  std::atomic<int> started{0};
  for (int i = 0; i < 5; ++i)
    pool.submit([&] {
      ++started;
      gate.wait();
    });
  EXPECT_TRUE(eventually([&] { return started == 3; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(started.load(), 3);
  EXPECT_EQ(pool.size(), 3u);
  gate.open();
  EXPECT_TRUE(eventually([&] { return started == 5; }));
}

TEST(WorkerPoolGrowth, WithoutAMaximumThePoolIsFixed) {
  WorkerPool pool(2);
  Gate gate;
  std::atomic<int> started{0};
  for (int i = 0; i < 3; ++i)
    pool.submit([&] {
      ++started;
      gate.wait();
    });
  EXPECT_TRUE(eventually([&] { return started == 2; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(started.load(), 2);
  gate.open();
  EXPECT_TRUE(eventually([&] { return started == 3; }));
}

TEST(WorkerPoolGrowth, DestructorFinishesQueuedJobsOfExtraThreads) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(1, 4, 10ms);
    for (int i = 0; i < 20; ++i)
      pool.submit([&] {
        std::this_thread::sleep_for(1ms);
        ++done;
      });
  }
  EXPECT_EQ(done.load(), 20);
}

}  // namespace
}  // namespace wisp::faas
