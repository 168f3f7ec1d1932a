// Keeps the event loop serving while the threads running it are held up
// inside handler calls.
//
// Why: the platform runs short guests right on the event-loop thread (no
// hand-off to a worker: that hand-off, a futex wake and a context switch each
// way, cost more than the guest). A guest that is usually short can still
// run long on some input. When every thread running the loop has been inside
// one call for `after` with no call returning meanwhile, one more thread
// starts running the loop; it leaves again as soon as another loop thread is
// free. So other connections wait at most about `after`, never for a guest.
//
// Cost per call: enter() and leave() are a few atomic operations; a monitor
// thread sleeps while no call is under way and is woken at most once per
// `after` (the same scheme as JobDemoter).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <thread>

namespace wisp::faas {

class LoopRescue {
 public:
  // Rescues `io` after `after` (> 0); at most `max_extra` threads at once.
  // Each thread started adds one to `rescues` (owned by the caller, so it
  // can be read from any thread at any time).
  LoopRescue(boost::asio::io_context& io, std::chrono::milliseconds after, std::atomic<uint64_t>& rescues,
             unsigned max_extra = 64);
  ~LoopRescue();  // stops the monitor and joins the extra threads
  LoopRescue(const LoopRescue&) = delete;
  LoopRescue& operator=(const LoopRescue&) = delete;

  // Counts the calling thread as a loop thread (the one calling io.run()).
  void add_runner() { runners_.fetch_add(1); }
  void remove_runner() { runners_.fetch_sub(1); }

  // Around a handler call on a loop thread that might take long.
  void enter();
  void leave() {
    inside_.fetch_sub(1);
    returned_.fetch_add(1, std::memory_order_relaxed);
  }

 private:
  void monitor();
  void run_extra();
  void join_finished();  // mutex_ held

  boost::asio::io_context& io_;
  const std::chrono::milliseconds after_;
  const unsigned max_extra_;
  std::atomic<int> runners_{0};        // threads running the loop now
  std::atomic<int> inside_{0};         // of those, inside a call
  std::atomic<uint64_t> returned_{0};  // calls that returned, ever
  std::atomic<uint64_t>& rescues_;
  std::atomic<bool> idle_{false};  // the monitor waits for a first call
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  unsigned extra_running_ = 0;
  std::list<std::thread> extra_;
  std::list<std::thread::id> extra_done_;
  std::thread monitor_;
};

}  // namespace wisp::faas
