// Deadlines and interrupts for natively compiled code. Compiled code cannot
// read the clock cheaply, and polls the Store's interrupt flag only at
// function entries; a watchdog thread raises that flag when a deadline passes
// and then signals the thread running the code (aot::interrupt_thread) every
// millisecond until the run ends, since a signal that lands in host code is
// ignored. One thread per Engine, started on first use; arming and disarming
// are a mutex and a map insertion, paid once per call from the host, not per
// wasm call.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace wisp::detail {

struct InterruptState;

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kResignalEvery{1};

  Watchdog() = default;
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Raises `target`'s interrupt (and its deadline mark) at `when` unless
  // disarmed first, then keeps signalling it (keep_signalling). Returns the
  // token for disarm.
  uint64_t arm(Clock::time_point when, std::shared_ptr<InterruptState> target);
  // After disarm returns, the watchdog raises no flag for that token.
  void disarm(uint64_t token);
  // Signals the thread running compiled code for `target` every
  // kResignalEvery while its interrupt flag stays set and the run goes on.
  // May be called with target->mu held (never the other way round).
  void keep_signalling(std::shared_ptr<InterruptState> target);

 private:
  void loop();
  void start_locked();
  void wake_by_locked(Clock::time_point when);

  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<Clock::time_point, std::pair<uint64_t, std::shared_ptr<InterruptState>>> pending_;
  std::vector<std::shared_ptr<InterruptState>> signalling_;
  Clock::time_point next_signal_ = Clock::time_point::max();
  uint64_t next_token_ = 1;
  // When the thread wakes by itself next: max() while it waits for a first
  // entry, min() while it is awake (or not started) and will look anyway.
  Clock::time_point sleeping_until_ = Clock::time_point::min();
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace wisp::detail
