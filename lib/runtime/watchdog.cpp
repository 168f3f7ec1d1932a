#include "runtime/watchdog.h"

#include "runtime/store.h"

namespace wisp::detail {

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t Watchdog::arm(Clock::time_point when, std::shared_ptr<InterruptState> target) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
  const uint64_t token = next_token_++;
  pending_.emplace(when, std::make_pair(token, std::move(target)));
  // A thread sleeping until before `when` sees this entry when it wakes; only
  // an earlier deadline needs it up now. (Waking it for every call cost a
  // context switch per request in `wisp serve`, where the typical deadline
  // is the same 30 s from now and the previous one was just disarmed.)
  if (when < sleeping_until_) cv_.notify_all();
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

void Watchdog::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (pending_.empty()) {
      sleeping_until_ = Clock::time_point::max();
      cv_.wait(lock);
      continue;
    }
    const Clock::time_point next = pending_.begin()->first;
    if (Clock::now() < next) {
      sleeping_until_ = next;
      cv_.wait_until(lock, next);
      sleeping_until_ = Clock::time_point::min();  // awake: it looks at pending_ before sleeping again
      continue;
    }
    InterruptState& target = *pending_.begin()->second.second;
    target.deadline_passed.store(true, std::memory_order_relaxed);
    target.requested.store(true, std::memory_order_release);
    pending_.erase(pending_.begin());
  }
}

}  // namespace wisp::detail
