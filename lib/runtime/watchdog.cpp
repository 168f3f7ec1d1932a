#include "runtime/watchdog.h"

#include <algorithm>

#include "aot/invoke.h"
#include "runtime/store.h"

namespace wisp::detail {

namespace {

// Signals the thread running compiled code for `target`; false when none is.
bool signal_if_running(InterruptState& target) {
  std::lock_guard<std::mutex> lock(target.mu);
  if (!target.native_running) return false;
  aot::interrupt_thread(target.native_thread);
  return true;
}

}  // namespace

void request_interrupt(const std::shared_ptr<InterruptState>& target) {
  target->requested.store(true, std::memory_order_release);
  std::lock_guard<std::mutex> lock(target->mu);
  if (!target->native_running) return;  // compiled code sees the flag at its first function entry
  aot::interrupt_thread(target->native_thread);
  // Holding mu keeps the run, and with it the Store's Engine and watchdog, alive.
  target->watchdog->keep_signalling(target);
}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::start_locked() {
  if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
}

void Watchdog::wake_by_locked(Clock::time_point when) {
  // A thread sleeping until before `when` sees the change when it wakes; only
  // an earlier time needs it up now. (Waking it for every call cost a context
  // switch per request in `wisp serve`, where the typical deadline is the
  // same 30 s from now and the previous one was just disarmed.)
  if (when < sleeping_until_) cv_.notify_all();
}

uint64_t Watchdog::arm(Clock::time_point when, std::shared_ptr<InterruptState> target) {
  std::lock_guard<std::mutex> lock(mu_);
  start_locked();
  const uint64_t token = next_token_++;
  pending_.emplace(when, std::make_pair(token, std::move(target)));
  wake_by_locked(when);
  return token;
}

void Watchdog::disarm(uint64_t token) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = pending_.begin(); it != pending_.end(); ++it)
    if (it->second.first == token) {
      pending_.erase(it);
      return;
    }
}

void Watchdog::keep_signalling(std::shared_ptr<InterruptState> target) {
  std::lock_guard<std::mutex> lock(mu_);
  start_locked();
  if (std::find(signalling_.begin(), signalling_.end(), target) == signalling_.end())
    signalling_.push_back(std::move(target));
  next_signal_ = std::min(next_signal_, Clock::now() + kResignalEvery);
  wake_by_locked(next_signal_);
}

void Watchdog::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    const Clock::time_point now = Clock::now();
    while (!pending_.empty() && pending_.begin()->first <= now) {
      std::shared_ptr<InterruptState> target = std::move(pending_.begin()->second.second);
      pending_.erase(pending_.begin());
      target->deadline_passed.store(true, std::memory_order_relaxed);
      target->requested.store(true, std::memory_order_release);
      if (std::find(signalling_.begin(), signalling_.end(), target) == signalling_.end())
        signalling_.push_back(std::move(target));
      next_signal_ = now;  // the first signal goes out at once
    }
    if (!signalling_.empty() && next_signal_ <= now) {
      // Signalling takes each target's mu, which request_interrupt holds while
      // it takes mu_: never both the other way round.
      std::vector<std::shared_ptr<InterruptState>> batch = std::move(signalling_);
      signalling_.clear();
      lock.unlock();
      std::erase_if(batch, [](const std::shared_ptr<InterruptState>& t) {
        return !t->requested.load(std::memory_order_acquire) || !signal_if_running(*t);
      });
      lock.lock();
      for (auto& t : batch)
        if (std::find(signalling_.begin(), signalling_.end(), t) == signalling_.end())
          signalling_.push_back(std::move(t));
      next_signal_ = signalling_.empty() ? Clock::time_point::max() : Clock::now() + kResignalEvery;
      continue;
    }
    Clock::time_point wake = pending_.empty() ? Clock::time_point::max() : pending_.begin()->first;
    if (!signalling_.empty()) wake = std::min(wake, next_signal_);
    sleeping_until_ = wake;
    if (wake == Clock::time_point::max())
      cv_.wait(lock);
    else
      cv_.wait_until(lock, wake);
    sleeping_until_ = Clock::time_point::min();  // awake: it looks at everything before sleeping again
  }
}

}  // namespace wisp::detail
