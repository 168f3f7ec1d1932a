// Deadlines for natively compiled code. Compiled code cannot read the clock
// cheaply at every loop header, so it polls the Store's interrupt flag and a
// watchdog thread raises that flag when a deadline passes. One thread per
// Engine, started on first use; arming and disarming are a mutex and a map
// insertion, paid once per call from the host, not per wasm call.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace wisp::detail {

struct InterruptState;

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  Watchdog() = default;
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Raises `target`'s interrupt (and its deadline mark) at `when` unless
  // disarmed first. Returns the token for disarm.
  uint64_t arm(Clock::time_point when, std::shared_ptr<InterruptState> target);
  // After disarm returns, the watchdog no longer touches that target.
  void disarm(uint64_t token);

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<Clock::time_point, std::pair<uint64_t, std::shared_ptr<InterruptState>>> pending_;
  uint64_t next_token_ = 1;
  // When the thread wakes by itself next: max() while it waits for a first
  // entry, min() while it is awake (or not started) and will look anyway.
  Clock::time_point sleeping_until_ = Clock::time_point::min();
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace wisp::detail
