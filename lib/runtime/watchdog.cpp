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
  const bool earliest = pending_.empty() || when < pending_.begin()->first;
  pending_.emplace(when, std::make_pair(token, std::move(target)));
  if (earliest) cv_.notify_all();
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
      cv_.wait(lock);
      continue;
    }
    const Clock::time_point next = pending_.begin()->first;
    if (Clock::now() < next) {
      cv_.wait_until(lock, next);
      continue;
    }
    InterruptState& target = *pending_.begin()->second.second;
    target.deadline_passed.store(true, std::memory_order_relaxed);
    target.requested.store(true, std::memory_order_release);
    pending_.erase(pending_.begin());
  }
}

}  // namespace wisp::detail
