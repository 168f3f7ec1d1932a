// WorkerPool's demotion of long jobs (lib/faas/pool/job_demoter.h): a job
// that runs past the threshold drops to nice 19, short jobs never do, and the
// next job on the thread runs at the normal priority again; without the
// privilege to raise a thread's priority, the demoted thread is replaced.
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "faas/pool/worker_pool.h"

namespace wisp::faas {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int thread_nice() {
  errno = 0;
  return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
}

struct Observed {
  pid_t tid = 0;
  int nice_at_start = 0;
  int nice_at_end = 0;
  Clock::duration demoted_after{};  // when the job saw nice 19 (or gave up)
};

// A CPU-bound job: spins until its thread is demoted (or `give_up` passes).
Observed spin_until_demoted(Clock::duration give_up = 10s) {
  Observed o;
  o.tid = ::gettid();
  o.nice_at_start = thread_nice();
  auto start = Clock::now();
  while (thread_nice() != JobDemoter::kDemotedNice && Clock::now() - start < give_up) {
  }
  o.demoted_after = Clock::now() - start;
  o.nice_at_end = thread_nice();
  return o;
}

Observed observe() {
  Observed o;
  o.tid = ::gettid();
  o.nice_at_start = o.nice_at_end = thread_nice();
  return o;
}

std::future<Observed> submit(WorkerPool& pool, std::function<Observed()> job) {
  auto promise = std::make_shared<std::promise<Observed>>();
  auto future = promise->get_future();
  pool.submit([promise, job = std::move(job)] { promise->set_value(job()); });
  return future;
}

// Whether this thread (and threads it starts) may lower a nice value again:
// checked on a scratch thread, whose nice value dies with it.
bool may_raise_priority() {
  bool lowered = false;
  std::thread([&] {
    int base = thread_nice();
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), base + 1);
    lowered = ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), base) == 0;
  }).join();
  return lowered;
}

// Drops CAP_SYS_NICE from the calling thread (capabilities are per thread;
// threads it starts inherit the reduced set) and makes sure RLIMIT_NICE does
// not allow lowering a nice value either. False when lowering still works.
bool lose_the_right_to_raise_priority() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_SYS_NICE / 32].effective &= ~(1u << (CAP_SYS_NICE % 32));
  if (::syscall(SYS_capset, &header, data) != 0) return false;
  rlimit none{0, 0};
  rlimit current{};
  if (::getrlimit(RLIMIT_NICE, &current) != 0) return false;
  if (current.rlim_cur != 0 && ::setrlimit(RLIMIT_NICE, &none) != 0) return false;
  return !may_raise_priority();
}

TEST(WorkerPoolDemotion, ALongJobDropsToNice19AndTheNextJobRunsAtTheNormalPriority) {
  const int base = thread_nice();
  ASSERT_LT(base, JobDemoter::kDemotedNice) << "the test process already runs at nice 19";
  WorkerPool pool(1, 1, 10s, 0, 20ms);
  auto spun = submit(pool, [] { return spin_until_demoted(); }).get();
  auto next = submit(pool, observe).get();
  EXPECT_EQ(spun.nice_at_start, base);
  EXPECT_EQ(spun.nice_at_end, JobDemoter::kDemotedNice);
  EXPECT_GE(spun.demoted_after, 20ms);
  EXPECT_LT(spun.demoted_after, 5s);  // on a busy machine a nice-19 thread gets little CPU to notice
  EXPECT_EQ(next.nice_at_start, base);
  EXPECT_EQ(pool.size(), 1u);
  // With the right to raise priorities (root, as in CI) the same thread goes
  // on; without it a fresh one took its place (forced in a test below).
  if (may_raise_priority()) {
    EXPECT_EQ(next.tid, spun.tid);
  } else {
    EXPECT_NE(next.tid, spun.tid);
  }
}

// A thread inherits its creator's nice value: a job at nice 19 that submits
// another (as ConcurrencyGate does for the next waiter) must not make the
// pool grow a thread at nice 19.
TEST(WorkerPoolDemotion, AThreadWantedByADemotedJobStartsAtTheNormalPriority) {
  const int base = thread_nice();
  WorkerPool pool(1, 4, 10s, 0, 20ms);
  std::future<Observed> inner;
  auto outer = submit(pool, [&] {
                 auto o = spin_until_demoted();
                 inner = submit(pool, observe);      // every thread is busy: the pool grows
                 std::this_thread::sleep_for(50ms);  // still busy while the new job starts
                 return o;
               }).get();
  auto o = inner.get();
  EXPECT_EQ(outer.nice_at_end, JobDemoter::kDemotedNice);
  EXPECT_NE(o.tid, outer.tid);
  EXPECT_EQ(o.nice_at_start, base);
}

// What the dispatcher does once the guest has returned: the rest of the job
// takes locks short requests need, so it must not run at nice 19.
TEST(WorkerPoolDemotion, AJobGetsItsPriorityBackWhenItsLongPartEnds) {
  const int base = thread_nice();
  WorkerPool pool(1, 1, 10s, 0, 20ms);
  auto o = submit(pool, [] {
             auto spun = spin_until_demoted();
             WorkerPool::end_long_part();
             std::this_thread::sleep_for(40ms);   // the monitor must not demote it again
             spun.nice_at_start = thread_nice();  // reused: the nice value after the long part
             return spun;
           }).get();
  EXPECT_EQ(o.nice_at_end, JobDemoter::kDemotedNice);
  if (may_raise_priority()) {
    EXPECT_EQ(o.nice_at_start, base);
  } else {
    EXPECT_EQ(o.nice_at_start, JobDemoter::kDemotedNice);  // it retires after the job instead
  }
  auto next = submit(pool, observe).get();
  EXPECT_EQ(next.nice_at_start, base);
}

TEST(WorkerPoolDemotion, ShortJobsKeepTheirPriority) {
  const int base = thread_nice();
  WorkerPool pool(2, 2, 10s, 0, 300ms);
  for (int i = 0; i < 20; ++i) {
    auto o = submit(pool, [] {
               auto end = Clock::now() + 10ms;
               while (Clock::now() < end) {
               }
               return observe();
             }).get();
    EXPECT_EQ(o.nice_at_end, base) << "job " << i;
  }
}

TEST(WorkerPoolDemotion, ZeroTurnsDemotionOff) {
  const int base = thread_nice();
  WorkerPool pool(1, 1, 10s, 0, 0ms);
  auto o = submit(pool, [] { return spin_until_demoted(150ms); }).get();
  EXPECT_EQ(o.nice_at_end, base);
  EXPECT_GE(o.demoted_after, 150ms);
}

TEST(WorkerPoolDemotion, WithoutThePrivilegeADemotedThreadIsReplaced) {
  // Everything runs on a thread without CAP_SYS_NICE: the pool's threads
  // inherit that, as they would in a server run by an ordinary user.
  std::thread([] {
    if (!lose_the_right_to_raise_priority()) {
      ADD_FAILURE() << "could not drop CAP_SYS_NICE / RLIMIT_NICE";
      return;
    }
    const int base = thread_nice();
    WorkerPool pool(1, 1, 10s, 0, 20ms);
    std::vector<std::future<Observed>> long_jobs;
    for (int i = 0; i < 3; ++i) long_jobs.push_back(submit(pool, [] { return spin_until_demoted(); }));
    std::set<pid_t> threads;
    for (auto& f : long_jobs) {
      auto o = f.get();
      EXPECT_EQ(o.nice_at_start, base);  // a fresh thread each time, at the normal priority
      EXPECT_EQ(o.nice_at_end, JobDemoter::kDemotedNice);
      threads.insert(o.tid);
    }
    EXPECT_EQ(threads.size(), 3u);
    auto next = submit(pool, observe).get();
    EXPECT_EQ(next.nice_at_start, base);
    EXPECT_EQ(threads.count(next.tid), 0u);
    EXPECT_EQ(pool.size(), 1u);
  }).join();
}

TEST(WorkerPoolDemotion, ADemotedThreadStillDrainsTheQueueWhenThePoolStops) {
  std::thread([] {
    ASSERT_TRUE(lose_the_right_to_raise_priority());
    std::atomic<int> done{0};
    {
      WorkerPool pool(1, 1, 10s, 0, 20ms);
      for (int i = 0; i < 3; ++i)
        pool.submit([&] {
          spin_until_demoted();
          ++done;
        });
    }  // the destructor waits for all three
    EXPECT_EQ(done.load(), 3);
  }).join();
}

}  // namespace
}  // namespace wisp::faas
