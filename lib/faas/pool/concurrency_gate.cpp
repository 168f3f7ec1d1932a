#include "faas/pool/concurrency_gate.h"

#include <vector>

namespace wisp::faas {

bool ConcurrencyGate::submit(const std::string& key, uint32_t max_running, uint32_t max_queued, Job job) {
  std::vector<Job> to_start;
  {
    std::lock_guard lock(mutex_);
    Lane& lane = lanes_[key];
    lane.limit = max_running;
    if (lane.running >= max_running && lane.waiting.size() >= max_queued) {
      if (lane.running == 0 && lane.waiting.empty()) lanes_.erase(key);  // max_running 0
      return false;
    }
    // In FIFO order: waiters first, up to the (maybe raised) limit.
    lane.waiting.push_back(std::move(job));
    while (lane.running < lane.limit && !lane.waiting.empty()) {
      ++lane.running;
      to_start.push_back(std::move(lane.waiting.front()));
      lane.waiting.pop_front();
    }
  }
  for (Job& j : to_start) start(key, std::move(j));
  return true;
}

bool ConcurrencyGate::try_enter(const std::string& key, uint32_t max_running) {
  std::lock_guard lock(mutex_);
  auto [it, created] = lanes_.try_emplace(key);
  Lane& lane = it->second;
  if (lane.running >= max_running || !lane.waiting.empty()) {
    if (created) lanes_.erase(it);  // max_running 0: nothing was ever running
    return false;
  }
  lane.limit = max_running;
  ++lane.running;
  return true;
}

void ConcurrencyGate::leave(const std::string& key) {
  if (Job next = finished(key)) start(key, std::move(next));
}

void ConcurrencyGate::start(const std::string& key, Job job) {
  pool_.submit([this, key, job = std::move(job)]() mutable {
    for (;;) {
      Continuation then = job();
      Job next = finished(key);
      if (then) then();
      if (!next) return;
      // The next waiter runs on this thread, which is awake and warm: handing
      // it to the pool would wake another thread (a futex call and a context
      // switch each) and, with every thread busy, start a new one. Unless
      // this thread must retire (see WorkerPool::begin_next_job).
      if (!WorkerPool::begin_next_job()) return start(key, std::move(next));
      job = std::move(next);
    }
  });
}

ConcurrencyGate::Job ConcurrencyGate::finished(const std::string& key) {
  std::lock_guard lock(mutex_);
  Lane& lane = lanes_[key];
  if (lane.waiting.empty() || lane.running > lane.limit) {
    --lane.running;
    if (lane.running == 0 && lane.waiting.empty()) lanes_.erase(key);
    return {};
  }
  // The slot passes straight to the next waiter: `running` stays the same.
  Job next = std::move(lane.waiting.front());
  lane.waiting.pop_front();
  return next;
}

void ConcurrencyGate::drop_waiting() {
  std::map<std::string, std::deque<Job>> dropped;  // destroyed outside the lock
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, lane] : lanes_) dropped[key].swap(lane.waiting);
  }
}

ConcurrencyGate::Load ConcurrencyGate::load(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = lanes_.find(key);
  if (it == lanes_.end()) return {};
  return {it->second.running, it->second.waiting.size()};
}

}  // namespace wisp::faas
