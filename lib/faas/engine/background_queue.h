// One thread that runs jobs in submission order, for work that must not hold
// up a request: compiling deployed functions to native code. Destroying the queue drops the jobs
// not yet started and waits for the running one. The thread runs at a lower
// priority (`nice`), so requests win the CPU.
//
// After each job, once the job and everything it captured are destroyed, the
// queue hands the freed memory back to the kernel (malloc_trim). Without that
// the allocator keeps it for good: compiling a 100k-function module frees
// hundreds of MiB of small LLVM blocks (and the interpreted module it
// replaces tens of MiB more), which glibc keeps in its arenas (or
// AddressSanitizer in its size classes) even when nothing reuses it.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace wisp::faas {

class BackgroundQueue {
 public:
  explicit BackgroundQueue(int nice = 0);
  ~BackgroundQueue();
  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;

  // Runs `job` on the queue's thread; what it captures is destroyed there too,
  // before the memory is returned (so a job may just own what is to be freed).
  void submit(std::function<void()> job);
  // Blocks until every job submitted so far has run (tests, shutdown paths).
  void wait_idle();

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> jobs_;
  bool running_job_ = false;
  bool stopping_ = false;
  const int nice_;
  std::thread thread_;  // last: started after the state above exists
};

// Gives memory that was freed back to the kernel, as far as the allocator can
// (whole free pages in every malloc arena). Takes each arena's lock in turn, a
// few milliseconds after a big compile: for after big frees, not for hot paths.
void return_freed_memory();

}  // namespace wisp::faas
