#include "faas/pool/job_demoter.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>

namespace wisp::faas {

namespace {

// Linux keeps a nice value per thread (PRIO_PROCESS with a thread id).
// Raising it is always allowed; lowering it again needs CAP_SYS_NICE or
// RLIMIT_NICE (EACCES otherwise). Nice 19 rather than SCHED_IDLE: both let
// waking requests preempt the guest, and measured alike here (hostile
// README), but a SCHED_IDLE thread gets a fifth of nice 19's share, so one
// preempted while holding a lock others need (the mmap lock during
// memory.grow, allocator locks) would hold it five times longer.
bool set_thread_nice(pid_t tid, int nice) {
  return ::setpriority(PRIO_PROCESS, static_cast<id_t>(tid), nice) == 0;
}

}  // namespace

JobDemoter::JobDemoter(std::chrono::milliseconds after)
    : after_ticks_(std::chrono::duration_cast<Clock::duration>(after).count()) {
  assert(after.count() > 0);
  thread_ = std::thread([this] { monitor(); });
}

JobDemoter::~JobDemoter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void JobDemoter::attach(Worker& worker) {
  worker.tid_ = ::gettid();
  errno = 0;  // -1 is a valid nice value
  int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(worker.tid_));
  worker.normal_nice_ = errno == 0 ? nice : 0;
  std::lock_guard lock(mutex_);
  workers_.push_back(&worker);
}

void JobDemoter::detach(Worker& worker) {
  std::lock_guard lock(mutex_);
  std::erase(workers_, &worker);
}

bool JobDemoter::job_finished(Worker& worker) {
  bool demoted = false;
  {
    std::lock_guard lock(worker.mutex_);
    worker.started_.store(0);
    demoted = worker.demoted_;
    worker.demoted_ = false;
    worker.demotion_tried_ = false;
  }
  // Only after long jobs: a syscall here costs nothing next to the job.
  if (demoted && !set_thread_nice(worker.tid_, worker.normal_nice_)) worker.stuck_ = true;
  return !worker.stuck_;
}

void JobDemoter::demote_now(Worker& worker) {
  std::lock_guard lock(worker.mutex_);
  if (worker.demoted_ || worker.stuck_) return;  // a stuck thread is at nice 19 already
  worker.demotion_tried_ = true;
  worker.demoted_ = set_thread_nice(worker.tid_, kDemotedNice);
}

void JobDemoter::wake() {
  std::lock_guard lock(mutex_);
  if (!idle_.load()) return;  // another worker's job woke it already
  idle_.store(false);
  changed_.notify_all();
}

int64_t JobDemoter::demote_due_jobs() {
  const int64_t now = now_ticks();
  int64_t next = 0;
  for (Worker* worker : workers_) {
    std::lock_guard lock(worker->mutex_);
    int64_t started = worker->started_.load();
    if (started == 0 || worker->demotion_tried_) continue;
    int64_t due = started + after_ticks_;
    if (due > now) {
      next = next == 0 ? due : std::min(next, due);
      continue;
    }
    worker->demotion_tried_ = true;
    worker->demoted_ = set_thread_nice(worker->tid_, kDemotedNice);
  }
  return next;
}

void JobDemoter::monitor() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    int64_t next = demote_due_jobs();
    if (next == 0) {
      // Nothing to watch: sleep until a job starts. idle_ is set before the
      // second look, and job_started() stores its start before it reads
      // idle_ (both sequentially consistent), so a job starting meanwhile is
      // either seen by that look or wakes the monitor.
      idle_.store(true);
      next = demote_due_jobs();
      if (next != 0) {
        idle_.store(false);
      } else {
        changed_.wait(lock, [this] { return stop_ || !idle_.load(); });
        // The job that woke us becomes due one threshold from now at the
        // earliest; waiting that long also bounds the wake-ups (one futex
        // call per threshold, however many short requests run).
        next = now_ticks() + after_ticks_;
      }
    }
    changed_.wait_until(lock, Clock::time_point(Clock::duration(next)), [this] { return stop_; });
  }
}

}  // namespace wisp::faas
