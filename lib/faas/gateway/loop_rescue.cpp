#include "faas/gateway/loop_rescue.h"

#include <algorithm>

namespace wisp::faas {

LoopRescue::LoopRescue(boost::asio::io_context& io, std::chrono::milliseconds after,
                       std::atomic<uint64_t>& rescues, unsigned max_extra)
    : io_(io), after_(after), max_extra_(max_extra), rescues_(rescues) {
  monitor_ = std::thread([this] { monitor(); });
}

LoopRescue::~LoopRescue() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  monitor_.join();
  // The extra threads leave once io.run() would return (the loop stopped or
  // ran out of work) or a loop thread is free again.
  std::list<std::thread> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(extra_);
  }
  for (auto& t : all) t.join();
}

void LoopRescue::enter() {
  inside_.fetch_add(1);  // seq_cst: ordered against the monitor's idle_ (see monitor())
  if (idle_.load()) {
    std::lock_guard lock(mutex_);
    if (idle_.load()) {
      idle_.store(false);
      wake_.notify_all();
    }
  }
}

void LoopRescue::monitor() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    join_finished();
    if (inside_.load() == 0) {
      // Nothing to watch: sleep until a call begins. idle_ is set before the
      // second look and enter() counts itself before it reads idle_, so a
      // call beginning meanwhile is either seen here or wakes the monitor.
      idle_.store(true);
      if (inside_.load() == 0) wake_.wait(lock, [this] { return stop_ || !idle_.load(); });
      idle_.store(false);
      if (stop_) break;
    }
    // A call is under way: look again after `after`. If no call returned in
    // between and every loop thread is inside one, the loop is held up.
    uint64_t returned = returned_.load();
    wake_.wait_for(lock, after_, [this] { return stop_; });
    if (stop_) break;
    int runners = runners_.load();
    if (runners > 0 && inside_.load() >= runners && returned_.load() == returned && !io_.stopped() &&
        extra_running_ < max_extra_) {
      ++extra_running_;
      rescues_.fetch_add(1);
      runners_.fetch_add(1);  // counted now, so the next look sees it even before it starts
      extra_.emplace_back([this] { run_extra(); });
    }
  }
}

void LoopRescue::run_extra() {
  // Runs the loop while it needs this thread: until another loop thread is
  // free (not inside a call), or the loop is over.
  while (!io_.stopped()) {
    io_.run_one_for(after_);
    if (runners_.load() - inside_.load() >= 2) break;  // this one and another are free
  }
  runners_.fetch_sub(1);
  std::lock_guard lock(mutex_);
  --extra_running_;
  extra_done_.push_back(std::this_thread::get_id());
}

void LoopRescue::join_finished() {
  for (auto id : extra_done_) {
    auto it =
        std::find_if(extra_.begin(), extra_.end(), [id](const std::thread& t) { return t.get_id() == id; });
    if (it == extra_.end()) continue;
    it->join();  // it left run_extra() already
    extra_.erase(it);
  }
  extra_done_.clear();
}

}  // namespace wisp::faas
