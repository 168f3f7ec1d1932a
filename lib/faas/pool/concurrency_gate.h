// Per-function admission: at most `max_running` jobs of one key run at once,
// up to `max_queued` more wait in FIFO order, and anything beyond is refused
// at once (the caller answers 503) instead of piling up unbounded.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "faas/pool/worker_pool.h"

namespace wisp::faas {

class ConcurrencyGate {
 public:
  explicit ConcurrencyGate(WorkerPool& pool) : pool_(pool) {}

  // What a job hands back to run after its slot is free again (e.g. sending
  // the response, so a client that saw it can be admitted at once); may be empty.
  using Continuation = std::function<void()>;
  using Job = std::function<Continuation()>;

  // Runs `job` on the pool now or later; false (and `job` dropped) when full.
  // The latest submit's `max_running` is the key's limit: when it drops
  // below what runs, finishing jobs give their slots up instead of passing
  // them on until fewer run; when it rises, waiters start at once.
  bool submit(const std::string& key, uint32_t max_running, uint32_t max_queued, Job job);

  // For a caller that runs a job itself: takes a slot of `key` if one is free
  // and nobody waits for one (no overtaking the queue). Then leave() must follow.
  bool try_enter(const std::string& key, uint32_t max_running);
  // Gives the slot taken by try_enter back, or to the next waiter (run on the pool).
  void leave(const std::string& key);

  // Forgets every job still waiting (running ones finish). For a forced
  // shutdown, when nobody is left to receive their answers.
  void drop_waiting();

  struct Load {
    uint32_t running = 0;
    size_t queued = 0;
  };
  Load load(const std::string& key) const;

 private:
  struct Lane {
    uint32_t running = 0;
    uint32_t limit = 0;  // max_running of the latest submit
    std::deque<Job> waiting;
  };
  void start(const std::string& key, Job job);
  // Frees the job's slot, or hands it to the next waiter and returns that.
  Job finished(const std::string& key);

  WorkerPool& pool_;
  mutable std::mutex mutex_;
  std::map<std::string, Lane> lanes_;
};

}  // namespace wisp::faas
