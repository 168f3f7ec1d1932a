#include "faas/engine/background_queue.h"

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer's allocator ignores malloc_trim; this releases its free
// pages at once (otherwise only now and then, when that size class is freed
// again). Declared here: GCC 12 ships no sanitizer/allocator_interface.h.
extern "C" void __sanitizer_purge_allocator();
#endif

namespace wisp::faas {

void return_freed_memory() {
  ::malloc_trim(0);
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_purge_allocator();
#endif
}

BackgroundQueue::BackgroundQueue(int nice) : nice_(nice), thread_([this] { loop(); }) {}

BackgroundQueue::~BackgroundQueue() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(jobs_);
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundQueue::submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void BackgroundQueue::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return jobs_.empty() && !running_job_; });
}

void BackgroundQueue::loop() {
  // Linux keeps a nice value per thread; raising it needs no privilege.
  if (nice_ > 0) ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice_);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) break;
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    running_job_ = true;
    lock.unlock();
    job();
    job = nullptr;  // its captures (a module being dropped) die here, before the trim
    lock.lock();
    // Not while shutting down: the process is about to give everything back,
    // and purging a large heap (under ASan: seconds) would only delay the exit.
    if (!stopping_) {
      lock.unlock();
      return_freed_memory();
      lock.lock();
    }
    running_job_ = false;
    if (jobs_.empty()) idle_.notify_all();
  }
  running_job_ = false;
  idle_.notify_all();
}

}  // namespace wisp::faas
