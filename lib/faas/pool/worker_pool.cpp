#include "faas/pool/worker_pool.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace wisp::faas {

WorkerPool::WorkerPool(unsigned threads, unsigned max_threads, std::chrono::milliseconds linger, int nice)
    : min_threads_(std::max(threads, 1u)),
      max_threads_(std::max(max_threads, min_threads_)),
      linger_(linger),
      nice_(nice) {
  std::lock_guard lock(mutex_);
  for (unsigned i = 0; i < min_threads_; ++i) start_thread(false);
}

WorkerPool::~WorkerPool() {
  std::list<std::thread> all;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    all.swap(threads_);
  }
  ready_.notify_all();
  for (auto& t : all) t.join();
}

void WorkerPool::start_thread(bool extra) {
  ++live_;
  ++idle_;  // free until it takes a job, also while it is still starting
  threads_.emplace_back([this, extra] { run(extra); });
}

void WorkerPool::reap_exited() {
  for (auto id : exited_) {
    auto it = std::find_if(threads_.begin(), threads_.end(),
                           [id](const std::thread& t) { return t.get_id() == id; });
    if (it == threads_.end()) continue;
    it->join();  // it left run() already: returns at once
    threads_.erase(it);
  }
  exited_.clear();
}

void WorkerPool::submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    reap_exited();
    jobs_.push_back(std::move(job));
    // Every thread is busy (or already claimed by a queued job): one more.
    if (idle_ < jobs_.size() && live_ < max_threads_) start_thread(true);
  }
  ready_.notify_one();
}

unsigned WorkerPool::size() const {
  std::lock_guard lock(mutex_);
  return live_;
}

void WorkerPool::run(bool extra) {
  // Linux keeps a nice value per thread; raising it needs no privilege.
  if (nice_ > 0) ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice_);
  std::unique_lock lock(mutex_);
  for (;;) {
    bool woken = true;
    if (extra)
      woken = ready_.wait_for(lock, linger_, [this] { return stopping_ || !jobs_.empty(); });
    else
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty() && (stopping_ || !woken)) break;  // stopping and drained, or an extra thread idled out
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    lock.unlock();
    job();
    lock.lock();
    ++idle_;
  }
  --idle_;
  --live_;
  if (extra && !stopping_) exited_.push_back(std::this_thread::get_id());
}

}  // namespace wisp::faas
