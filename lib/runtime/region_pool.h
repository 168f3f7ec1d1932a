// Address-space regions kept for reuse between Stores. Mapping and unmapping
// an 8 GiB linear-memory reservation and a 16 MiB interpreter stack for every
// short-lived Store costs more than the guest's work: munmap frees page tables
// and shoots down TLB entries on every core the process runs on, and each
// fresh page faults again. A pool hands the same regions out again with their
// pages still mapped, reset in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "runtime/memory_image.h"

namespace wisp::runtime {

// Linear-memory reservations (MemoryInst::kReservationBytes each, PROT_NONE
// beyond the accessible prefix).
class MemoryPool {
 public:
  struct Slot {
    uint8_t* base = nullptr;
    uint64_t accessible = 0;  // bytes at the start that are read-write
    // Mapped copy-on-write over the first image->size_bytes(); none: anonymous throughout.
    std::shared_ptr<const MemoryImage> image;
  };

  // `max_free`: slots kept when their memories die (0: no pooling).
  // `keep_resident`: bytes at the start of a released memory that are zeroed
  // with memset and stay mapped (rounded down to whole wasm pages); the rest
  // is returned to the kernel.
  MemoryPool(size_t max_free, uint64_t keep_resident)
      : max_free_(max_free), keep_resident_(keep_resident & ~uint64_t{0xffff}) {}
  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  // A reservation whose first `bytes` are read-write and whose remainder is
  // inaccessible; nothing when the system refuses. Its contents are `image`
  // (whose size must not exceed `bytes`) followed by zeros, or all zeros.
  // A free slot that already holds `image` is preferred: it needs no mmap.
  std::optional<Slot> acquire(uint64_t bytes, std::shared_ptr<const MemoryImage> image = nullptr);
  // Takes back a reservation whose first `accessible` bytes are read-write.
  void release(Slot slot);

 private:
  bool reset(Slot& slot);
  bool map_image(Slot& slot, std::shared_ptr<const MemoryImage> image);

  const size_t max_free_;
  const uint64_t keep_resident_;
  std::mutex mutex_;
  // Reset to their image (or zero), LIFO so recently used pages are reused first.
  std::vector<Slot> free_;
};

// The interpreter's value and frame stacks of one Store. Stale contents are
// harmless (the interpreter writes every slot before reading it), so reuse
// needs no zeroing; only pages beyond a small resident prefix are returned.
struct InterpStacks {
  uint64_t* values = nullptr;
  size_t value_slots = 0;
  uint64_t* frames = nullptr;
  size_t frame_words = 0;
};

class StackPool {
 public:
  StackPool(size_t max_free, size_t value_bytes, size_t frame_words)
      : max_free_(max_free), value_bytes_(value_bytes), frame_words_(frame_words) {}
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  std::optional<InterpStacks> acquire();
  void release(InterpStacks stacks);

 private:
  void unmap(const InterpStacks& s) const;

  const size_t max_free_;
  const size_t value_bytes_;
  const size_t frame_words_;
  std::mutex mutex_;
  std::vector<InterpStacks> free_;
};

}  // namespace wisp::runtime
