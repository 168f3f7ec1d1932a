#include "faas/pool/worker_pool.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace wisp::faas {

namespace {
// The pool whose worker the current thread is, if any, and its demotion state.
thread_local const WorkerPool* t_worker_of = nullptr;
thread_local JobDemoter* t_demoter = nullptr;
thread_local JobDemoter::Worker* t_demoter_worker = nullptr;
}  // namespace

WorkerPool::WorkerPool(unsigned threads, unsigned max_threads, std::chrono::milliseconds linger, int nice,
                       std::chrono::milliseconds demote_after)
    : min_threads_(std::max(threads, 1u)),
      max_threads_(std::max(max_threads, min_threads_)),
      linger_(linger),
      nice_(nice),
      demoter_(demote_after.count() > 0 ? std::make_unique<JobDemoter>(demote_after) : nullptr) {
  std::lock_guard lock(mutex_);
  for (unsigned i = 0; i < min_threads_; ++i) start_thread(false);
  if (demoter_) {
    starter_running_ = true;
    starter_ = std::thread([this] { run_starter(); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  start_wanted_.notify_all();
  if (starter_.joinable()) starter_.join();  // it starts what was asked for before it leaves
  // Jobs still draining may start threads meanwhile: join until none is left.
  for (;;) {
    std::list<std::thread> all;
    {
      std::lock_guard lock(mutex_);
      all.swap(threads_);
    }
    if (all.empty()) break;
    for (auto& t : all) t.join();
  }
}

void WorkerPool::start_thread(bool extra) {
  ++live_;
  ++idle_;  // free until it takes a job, also while it is still starting
  // A new thread would inherit this worker's nice value, maybe 19 now.
  if (starter_running_ && t_worker_of == this) {
    pending_starts_.push_back(extra);
    start_wanted_.notify_one();
    return;
  }
  threads_.emplace_back([this, extra] { run(extra); });
}

void WorkerPool::run_starter() {
  std::unique_lock lock(mutex_);
  for (;;) {
    start_wanted_.wait(lock, [this] { return stopping_ || !pending_starts_.empty(); });
    for (bool extra : pending_starts_) threads_.emplace_back([this, extra] { run(extra); });
    pending_starts_.clear();
    if (stopping_) break;
  }
  starter_running_ = false;
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

void WorkerPool::end_long_part() {
  if (t_demoter) t_demoter->job_finished(*t_demoter_worker);  // run() sees the outcome again at the end
}

void WorkerPool::demote_now() {
  if (t_demoter) t_demoter->demote_now(*t_demoter_worker);
}

bool WorkerPool::begin_next_job() {
  if (!t_demoter) return true;
  if (!t_demoter->job_finished(*t_demoter_worker)) return false;
  t_demoter->job_started(*t_demoter_worker);
  return true;
}

unsigned WorkerPool::size() const {
  std::lock_guard lock(mutex_);
  return live_;
}

void WorkerPool::run(bool extra) {
  // Linux keeps a nice value per thread; raising it needs no privilege.
  if (nice_ > 0) ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice_);
  t_worker_of = this;
  JobDemoter::Worker self;
  if (demoter_) {
    demoter_->attach(self);
    t_demoter = demoter_.get();
    t_demoter_worker = &self;
  }
  bool retiring = false;
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
    if (demoter_) demoter_->job_started(self);
    job();
    bool restored = !demoter_ || demoter_->job_finished(self);
    lock.lock();
    ++idle_;
    // Still at nice 19 (the kernel refused to raise it again): a fresh thread
    // at the normal priority takes this one's place. While stopping, this one
    // stays to help drain the queue instead.
    if (!restored && !stopping_) {
      start_thread(extra);
      retiring = true;
      break;
    }
  }
  // Before a joiner can see the thread gone (the monitor never takes mutex_).
  if (demoter_) demoter_->detach(self);
  t_demoter = nullptr;
  t_demoter_worker = nullptr;
  --idle_;
  --live_;
  if ((extra || retiring) && !stopping_) exited_.push_back(std::this_thread::get_id());
}

}  // namespace wisp::faas
