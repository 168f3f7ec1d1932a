#include "runtime/region_pool.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "runtime/instances.h"

namespace wisp::runtime {
namespace {

constexpr uint64_t kReservation = MemoryInst::kReservationBytes;
// Stack pages kept mapped between Stores: enough for ordinary call depths,
// while a deep recursion's pages go back to the kernel.
constexpr size_t kResidentValueBytes = 256 * 1024;
constexpr size_t kResidentFrameBytes = 64 * 1024;

void* map_anonymous(size_t bytes, int prot) {
  void* p = mmap(nullptr, bytes, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

// Returns the pages of [p, p+bytes) to the kernel; they read as zero after.
bool discard(void* p, size_t bytes) { return bytes == 0 || madvise(p, bytes, MADV_DONTNEED) == 0; }

// The same for the part of an interpreter stack beyond its resident prefix,
// but only when the guest reached it. The interpreter fills both stacks from
// the bottom up without gaps (frames are pushed one after another, locals
// are zeroed, operands pushed in order), so an untouched first page means
// an untouched rest. Worth a mincore of one page: an madvise while another
// thread of the process does one makes the kernel flush the TLBs of every
// core running it (nested flush batches, IPIs), which made a fresh instance
// on each of two threads cost 5x what it costs on one. (The guest never
// reads a stack slot it did not write, so a page kept by mistake would cost
// memory, not isolation.)
bool discard_stack_tail(void* p, size_t bytes) {
  if (bytes == 0) return true;
  unsigned char first_page = 0;
  if (mincore(p, 1, &first_page) == 0 && (first_page & 1) == 0) return true;
  return discard(p, bytes);
}

}  // namespace

MemoryPool::~MemoryPool() {
  for (const Slot& s : free_) munmap(s.base, kReservation);
}

std::optional<MemoryPool::Slot> MemoryPool::acquire(uint64_t bytes,
                                                    std::shared_ptr<const MemoryImage> image) {
  if (image && image->size_bytes() > bytes) return std::nullopt;
  Slot slot;
  {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      // The newest slot, unless one already holds this image.
      size_t pick = free_.size() - 1;
      if (image)
        for (size_t i = free_.size(); i-- > 0;)
          if (free_[i].image == image) {
            pick = i;
            break;
          }
      slot = std::move(free_[pick]);
      free_.erase(free_.begin() + static_cast<ptrdiff_t>(pick));
    }
  }
  if (!slot.base) {
    slot.base = static_cast<uint8_t*>(map_anonymous(kReservation, PROT_NONE));
    if (!slot.base) return std::nullopt;
  }
  // Pooled slots hold their image then zeros, so unless the image changes
  // only the protection needs to match.
  int rc = 0;
  if (slot.image != image && !map_image(slot, std::move(image))) rc = -1;
  if (rc == 0 && slot.accessible < bytes)
    rc = mprotect(slot.base + slot.accessible, bytes - slot.accessible, PROT_READ | PROT_WRITE);
  else if (rc == 0 && slot.accessible > bytes)
    rc = mprotect(slot.base + bytes, slot.accessible - bytes, PROT_NONE);
  if (rc != 0) {
    munmap(slot.base, kReservation);
    return std::nullopt;
  }
  slot.accessible = bytes;
  return slot;
}

bool MemoryPool::map_image(Slot& slot, std::shared_ptr<const MemoryImage> image) {
  if (slot.image) {
    // Anonymous, inaccessible memory again over the old image and whatever
    // was accessible after it (all zero).
    const uint64_t old = std::max(slot.image->size_bytes(), slot.accessible);
    slot.image.reset();
    slot.accessible = 0;
    if (mmap(slot.base, old, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) ==
        MAP_FAILED)
      return false;
  }
  if (!image || image->size_bytes() == 0) return true;
  if (mmap(slot.base, image->size_bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image->fd(), 0) ==
      MAP_FAILED)
    return false;
  slot.accessible = std::max(slot.accessible, image->size_bytes());
  slot.image = std::move(image);
  return true;
}

bool MemoryPool::reset(Slot& slot) {
  const uint64_t kept = std::min(slot.accessible, keep_resident_);
  // The resident prefix is rewritten in place: its pages stay mapped (and
  // private), which is cheaper than faulting them in again next time.
  const uint64_t copied = slot.image ? std::min(kept, slot.image->size_bytes()) : 0;
  if (copied > 0) slot.image->copy_prefix_to(slot.base, copied);
  std::memset(slot.base + copied, 0, kept - copied);
  // Beyond it the instance's pages are dropped: image pages read from the
  // image again, the rest as zero.
  return discard(slot.base + kept, slot.accessible - kept);
}

void MemoryPool::release(Slot slot) {
  if (!slot.base) return;
  if (max_free_ > 0 && reset(slot)) {
    std::lock_guard lock(mutex_);
    if (free_.size() < max_free_) {
      free_.push_back(std::move(slot));
      return;
    }
  }
  munmap(slot.base, kReservation);
}

StackPool::~StackPool() {
  for (const InterpStacks& s : free_) unmap(s);
}

void StackPool::unmap(const InterpStacks& s) const {
  if (s.values) munmap(s.values, s.value_slots * sizeof(uint64_t));
  if (s.frames) munmap(s.frames, s.frame_words * sizeof(uint64_t));
}

std::optional<InterpStacks> StackPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      InterpStacks s = free_.back();
      free_.pop_back();
      return s;
    }
  }
  InterpStacks s;
  s.values = static_cast<uint64_t*>(map_anonymous(value_bytes_, PROT_READ | PROT_WRITE));
  s.value_slots = s.values ? value_bytes_ / sizeof(uint64_t) : 0;
  s.frames = static_cast<uint64_t*>(map_anonymous(frame_words_ * sizeof(uint64_t), PROT_READ | PROT_WRITE));
  s.frame_words = s.frames ? frame_words_ : 0;
  if (!s.values || !s.frames) {
    unmap(s);
    return std::nullopt;
  }
  return s;
}

void StackPool::release(InterpStacks s) {
  if (!s.values) return;
  const size_t value_bytes = s.value_slots * sizeof(uint64_t);
  const size_t frame_bytes = s.frame_words * sizeof(uint64_t);
  const size_t keep_values = std::min(value_bytes, kResidentValueBytes);
  const size_t keep_frames = std::min(frame_bytes, kResidentFrameBytes);
  if (max_free_ > 0 &&
      discard_stack_tail(reinterpret_cast<uint8_t*>(s.values) + keep_values, value_bytes - keep_values) &&
      discard_stack_tail(reinterpret_cast<uint8_t*>(s.frames) + keep_frames, frame_bytes - keep_frames)) {
    std::lock_guard lock(mutex_);
    if (free_.size() < max_free_) {
      free_.push_back(s);
      return;
    }
  }
  unmap(s);
}

}  // namespace wisp::runtime
