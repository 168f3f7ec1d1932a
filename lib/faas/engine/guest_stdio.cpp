#include "faas/engine/guest_stdio.h"

namespace wisp::faas {

Result<GuestStdioPool::Lease> GuestStdioPool::acquire(uint64_t out_cap, uint64_t err_cap) {
  Key key{out_cap, err_cap};
  {
    std::lock_guard lock(mutex_);
    if (auto it = idle_.find(key); it != idle_.end()) {
      std::unique_ptr<GuestStdio> set = std::move(it->second.back());
      it->second.pop_back();
      if (it->second.empty()) idle_.erase(it);
      --idle_count_;
      return Lease(*this, key, std::move(set));
    }
  }
  WISP_ASSIGN_OR_RETURN(MemFile in, MemFile::with_content({}));
  WISP_ASSIGN_OR_RETURN(MemFile out, MemFile::capped_sink(out_cap));
  WISP_ASSIGN_OR_RETURN(MemFile err, MemFile::capped_sink(err_cap));
  return Lease(*this, key,
               std::make_unique<GuestStdio>(GuestStdio{std::move(in), std::move(out), std::move(err)}));
}

size_t GuestStdioPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_count_;
}

void GuestStdioPool::give_back(Key key, std::unique_ptr<GuestStdio> set, unsigned used) {
  // The guest used these very descriptors: content, offset, status flags and
  // timestamps may all have changed, so each file it reached is reset. One it
  // never reached is as the previous reset left it (usually all three for an
  // http guest: then this costs no system call at all).
  auto reset = [&](MemFile& f, unsigned bit) { return (used & bit) == 0 || f.reset(); };
  bool clean = reset(set->in, 1) && reset(set->out, 2) && reset(set->err, 4);
  if (!clean) return;  // closed instead of reused
  std::lock_guard lock(mutex_);
  if (idle_count_ >= kMaxIdle) return;  // closed (after the lock is released: `set` outlives it)
  idle_[key].push_back(std::move(set));
  ++idle_count_;
}

}  // namespace wisp::faas
