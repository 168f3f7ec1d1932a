// Linear memory: the whole 8 GiB range is reserved up front with PROT_NONE and
// pages are committed with mprotect as the memory grows, so the base address
// never moves and out-of-range addresses fault in the guard region. The
// reservation comes from the Engine's MemoryPool and returns to it.
#include <sys/mman.h>

#include "runtime/instances.h"

namespace wisp::runtime {

Expected<std::unique_ptr<MemoryInst>> MemoryInst::create(StoreBudget& budget, MemoryPool& pool,
                                                         uint64_t min_pages,
                                                         std::optional<uint64_t> max_pages,
                                                         std::shared_ptr<const MemoryImage> image) {
  if (min_pages > kMaxPages) return make_error(ErrorCode::ResourceLimit, "memory minimum above 65536 pages");
  const uint64_t min_bytes = min_pages * kPageSize;
  if (min_bytes >
      budget.limits.max_memory_bytes - std::min(budget.limits.max_memory_bytes, budget.memory_bytes))
    return make_error(ErrorCode::ResourceLimit, "memory minimum exceeds the store's memory limit");
  std::optional<MemoryPool::Slot> slot = pool.acquire(min_bytes, std::move(image));
  if (!slot) return make_error(ErrorCode::ResourceLimit, "cannot reserve linear memory");
  std::unique_ptr<MemoryInst> mem(new MemoryInst(budget, pool, slot->base, max_pages));
  mem->image_ = std::move(slot->image);
  mem->vm_.size_bytes = min_bytes;
  budget.memory_bytes += min_bytes;
  return mem;
}

MemoryInst::~MemoryInst() {
  budget_.memory_bytes -= vm_.size_bytes;
  pool_.release({vm_.base, vm_.size_bytes, std::move(image_)});
}

std::optional<uint64_t> MemoryInst::grow(uint64_t delta_pages) {
  const uint64_t old_pages = pages();
  if (delta_pages == 0) return old_pages;
  const uint64_t limit = std::min(max_pages_.value_or(kMaxPages), kMaxPages);
  if (delta_pages > limit || old_pages + delta_pages > limit) return std::nullopt;
  const uint64_t delta_bytes = delta_pages * kPageSize;
  const uint64_t used = budget_.memory_bytes;
  if (used > budget_.limits.max_memory_bytes || delta_bytes > budget_.limits.max_memory_bytes - used)
    return std::nullopt;
  if (mprotect(vm_.base + vm_.size_bytes, delta_bytes, PROT_READ | PROT_WRITE) != 0) return std::nullopt;
  vm_.size_bytes += delta_bytes;
  budget_.memory_bytes += delta_bytes;
  return old_pages;
}

}  // namespace wisp::runtime
