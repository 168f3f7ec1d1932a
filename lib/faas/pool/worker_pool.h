// Threads that run guest requests, so a slow function never blocks the HTTP
// event loop. Jobs start in submission order; the destructor finishes the
// jobs already queued, then joins.
//
// `threads` are always there. With `max_threads` above that, a job that
// arrives while every thread is busy starts one more thread (up to
// max_threads), which exits again after idling for a while: guests that wait
// (sleep, slow clocks) then cannot hold every thread while other functions'
// requests queue behind them. What bounds the running guests is each
// function's concurrency limit (ConcurrencyGate), not the thread count.
//
// With `demote_after` > 0, a job that has run that long has its thread
// lowered to nice 19 until it ends (JobDemoter), so long or spinning guests
// cannot delay short requests; a thread whose priority the kernel will not
// raise again afterwards (no CAP_SYS_NICE) is replaced by a fresh one.
// A thread inherits the nice value of the thread that starts it, so threads
// wanted by a job (a retiring worker, a job submitting another) are started
// by a separate starter thread at the pool's normal priority.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "faas/pool/job_demoter.h"

namespace wisp::faas {

class WorkerPool {
 public:
  // `nice` > 0 lowers the threads' scheduling priority (setpriority), for
  // work that must yield the CPU to requests, such as deploys.
  // `demote_after` 0: no demotion of long jobs.
  explicit WorkerPool(unsigned threads, unsigned max_threads = 0,
                      std::chrono::milliseconds linger = std::chrono::seconds(10), int nice = 0,
                      std::chrono::milliseconds demote_after = std::chrono::milliseconds(0));
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(std::function<void()> job);
  // Threads running now (the fixed ones and the extra ones still alive).
  unsigned size() const;

  // For a job whose expensive part is over: if it was demoted, its thread
  // gets its priority back now, so the rest of the job (bookkeeping under
  // locks that short requests need too) does not wait at nice 19 behind the
  // guests still spinning. Cheap; a no-op outside a pool thread.
  static void end_long_part();
  // For a job known to be one the CPU should go to last (its function keeps
  // failing): its thread drops to nice 19 now rather than after
  // `demote_after`, until end_long_part or the end of the job. A no-op
  // outside a pool thread or without demotion.
  static void demote_now();
  // For a job that goes on with another piece of work of its own (the next
  // request of a queue): that piece is timed for demotion from now, as if it
  // were a job of its own. False when this thread is stuck at nice 19 and
  // should retire: then the work belongs on another thread (submit it).
  // Always true outside a pool thread or without demotion.
  static bool begin_next_job();

 private:
  void run(bool extra);
  void start_thread(bool extra);  // mutex_ held
  void run_starter();             // the starter thread's loop
  void reap_exited();             // mutex_ held

  const unsigned min_threads_;
  const unsigned max_threads_;
  const std::chrono::milliseconds linger_;
  const int nice_;
  std::unique_ptr<JobDemoter> demoter_;  // null without demotion; outlives the threads
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  unsigned live_ = 0;  // threads not yet exiting
  unsigned idle_ = 0;  // of those, not running a job (waiting, or still starting)
  std::list<std::thread> threads_;
  std::vector<std::thread::id> exited_;  // threads that left run() while the pool lives on, to join
  // With demotion: starts the threads that workers ask for (see above).
  std::condition_variable start_wanted_;
  std::vector<bool> pending_starts_;  // `extra` of each thread to start
  bool starter_running_ = false;
  std::thread starter_;
};

}  // namespace wisp::faas
