// Lowers the CPU priority of worker threads whose current job has run longer
// than a threshold, so that fresh short requests win the CPU over long ones.
//
// Why: a spinning guest is stopped by its timeout only after seconds, and
// with more of them than cores (8 at the default --max-concurrency) every
// other request waits for a time slice behind them. A demoted thread (nice
// 19) still gets the CPU whenever nothing else wants it, but a request that
// wakes up preempts it at once. Requests shorter than the threshold never
// notice the policy.
//
// Cost on the fast path: a job's start is one atomic store and one atomic
// load (no syscall); its end locks an uncontended per-thread mutex. One
// monitor thread finds the long jobs and calls setpriority for them; it sleeps
// while no job runs, and is woken (one futex call) at most once per threshold.
//
// Restoring the priority afterwards (to the nice value the thread had when
// it attached) needs CAP_SYS_NICE or a large enough RLIMIT_NICE:
// job_finished() reports whether the kernel allowed it, and a thread that
// stays demoted should retire (WorkerPool starts a fresh one, which begins at
// the process's priority again).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace wisp::faas {

class JobDemoter {
 public:
  static constexpr int kDemotedNice = 19;  // the lowest priority of SCHED_OTHER

  // Demotes jobs that have run longer than `after` (> 0).
  explicit JobDemoter(std::chrono::milliseconds after);
  ~JobDemoter();
  JobDemoter(const JobDemoter&) = delete;
  JobDemoter& operator=(const JobDemoter&) = delete;

  // What the monitor knows about one worker thread; lives on that thread's
  // stack between attach() and detach(), both called by the thread itself.
  class Worker {
   public:
    Worker() = default;
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

   private:
    friend class JobDemoter;
    pid_t tid_ = 0;
    int normal_nice_ = 0;  // restored after a demotion
    // steady_clock ticks at the start of the running job; 0 while idle.
    std::atomic<int64_t> started_{0};
    std::mutex mutex_;             // orders a demotion against the end of the job it was meant for
    bool demotion_tried_ = false;  // for this job: the monitor looked once, whatever the outcome
    bool demoted_ = false;
    bool stuck_ = false;  // a restore failed: the thread stays at nice 19 (only the thread touches this)
  };

  // Records the calling thread and its current nice value.
  void attach(Worker& worker);
  void detach(Worker& worker);

  // Called by the worker's thread around each job.
  void job_started(Worker& worker) {
    worker.started_.store(now_ticks());  // seq_cst: ordered against the monitor's idle_ (see monitor())
    if (idle_.load()) wake();
  }
  // Restores the thread's priority if the job was demoted. False when the
  // kernel refused (no CAP_SYS_NICE), now or at an earlier call for this job:
  // the thread keeps nice 19 and should retire. May be called early, once
  // the job's expensive part is over; the job no longer counts as running.
  bool job_finished(Worker& worker);
  // Called by the worker's thread during a job: demotes it now (the monitor
  // then leaves this job alone); job_finished restores it as usual.
  void demote_now(Worker& worker);

 private:
  using Clock = std::chrono::steady_clock;
  static int64_t now_ticks() { return Clock::now().time_since_epoch().count(); }
  void wake();
  void monitor();
  // Demotes the due jobs; returns the earliest time a running, not yet
  // demoted job becomes due, or 0 when none runs. mutex_ held.
  int64_t demote_due_jobs();

  const int64_t after_ticks_;
  std::mutex mutex_;  // workers_, stop_, and the monitor's sleep
  std::condition_variable changed_;
  std::vector<Worker*> workers_;
  bool stop_ = false;
  // The monitor sleeps until a job starts (no running job to watch).
  std::atomic<bool> idle_{false};
  std::thread thread_;
};

}  // namespace wisp::faas
