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
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace wisp::faas {

class WorkerPool {
 public:
  // `nice` > 0 lowers the threads' scheduling priority (setpriority), for
  // work that must yield the CPU to requests, such as deploys.
  explicit WorkerPool(unsigned threads, unsigned max_threads = 0,
                      std::chrono::milliseconds linger = std::chrono::seconds(10), int nice = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(std::function<void()> job);
  // Threads running now (the fixed ones and the extra ones still alive).
  unsigned size() const;

 private:
  void run(bool extra);
  void start_thread(bool extra);  // mutex_ held
  void reap_exited();             // mutex_ held

  const unsigned min_threads_;
  const unsigned max_threads_;
  const std::chrono::milliseconds linger_;
  const int nice_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  unsigned live_ = 0;  // threads not yet exiting
  unsigned idle_ = 0;  // of those, not running a job (waiting, or still starting)
  std::list<std::thread> threads_;
  std::vector<std::thread::id> exited_;  // extra threads that left run(), to join
};

}  // namespace wisp::faas
