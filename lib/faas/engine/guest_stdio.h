// The memfds behind a guest's stdin, stdout and stderr, kept between
// requests. Creating three memfds per request (memfd_create, ftruncate,
// seals, close: an inode each time) cost more than instantiating a small
// module; a set is lent to one request at a time and wiped before the next
// one gets it, so nothing a guest writes is ever seen by another.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "faas/engine/host_pipes.h"

namespace wisp::faas {

// What is kept of a guest's stderr (and of an http guest's stdout) for the
// function log, per request.
inline constexpr uint64_t kMaxGuestLogBytes = 1ull << 20;

struct GuestStdio {
  MemFile in;   // empty and sealed: what a guest without request body reads
  MemFile out;  // capped sink for stdout
  MemFile err;  // capped sink for stderr
};

class GuestStdioPool {
 public:
  class Lease;
  static constexpr unsigned kAllStdio = 0b111;

  // A set whose stdout keeps at most `out_cap` bytes and stderr `err_cap`,
  // all empty and positioned at 0.
  Result<Lease> acquire(uint64_t out_cap, uint64_t err_cap);

  // Sets waiting for a request (for tests).
  size_t idle() const;

 private:
  using Key = std::pair<uint64_t, uint64_t>;
  // Enough for every worker of any realistic pool; more are closed on return.
  static constexpr size_t kMaxIdle = 64;

  void give_back(Key key, std::unique_ptr<GuestStdio> set, unsigned used);

  mutable std::mutex mutex_;
  std::map<Key, std::vector<std::unique_ptr<GuestStdio>>> idle_;
  size_t idle_count_ = 0;
};

// One request's set; wiped and returned to the pool when it goes away.
class GuestStdioPool::Lease {
 public:
  Lease(GuestStdioPool& pool, Key key, std::unique_ptr<GuestStdio> set)
      : pool_(&pool), key_(key), set_(std::move(set)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (set_) pool_->give_back(key_, std::move(set_), used_);
  }

  GuestStdio* operator->() const { return set_.get(); }
  GuestStdio& operator*() const { return *set_; }

  // Which files the guest reached (bit 0 in, 1 out, 2 err; wasi::stdio_used):
  // only those are reset when the set goes back. Without a call, all are.
  void set_used(unsigned mask) { used_ = mask; }

 private:
  GuestStdioPool* pool_;
  Key key_;
  std::unique_ptr<GuestStdio> set_;
  unsigned used_ = kAllStdio;
};

}  // namespace wisp::faas
