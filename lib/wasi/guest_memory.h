// Bounds-checked access to a guest's linear memory. Every pointer a guest
// hands to a WASI call goes through here: an out-of-range pointer becomes
// Errno::Fault, never a host read or write outside the memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "wasi/abi.h"

namespace wisp::wasi {

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }
  bool in_bounds(uint32_t ptr, uint64_t len) const { return uint64_t{ptr} + len <= size_; }

  // [ptr, ptr+len) as a host span; nothing when any byte is outside memory.
  std::optional<std::span<uint8_t>> bytes(uint32_t ptr, uint64_t len) const {
    if (!in_bounds(ptr, len)) return std::nullopt;
    return std::span<uint8_t>(base_ + ptr, static_cast<size_t>(len));
  }
  std::optional<std::string_view> string(uint32_t ptr, uint32_t len) const {
    if (!in_bounds(ptr, len)) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(base_ + ptr), len);
  }

  // Little-endian loads and stores (wasm memory is little-endian, as is the host).
  template <class T>
  std::optional<T> load(uint32_t ptr) const {
    if (!in_bounds(ptr, sizeof(T))) return std::nullopt;
    T v;
    std::memcpy(&v, base_ + ptr, sizeof(T));
    return v;
  }
  template <class T>
  bool store(uint32_t ptr, T v) const {
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(base_ + ptr, &v, sizeof(T));
    return true;
  }

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

// One checked (c)iovec of the guest, translated to host memory.
struct HostIovec {
  uint8_t* data;
  size_t len;
};

// Reads `count` (c)iovecs at `iovs`. Fails with Fault when the array or any
// buffer it names lies outside memory, Inval when the total overflows.
inline Errno read_iovecs(const GuestMemory& mem, uint32_t iovs, uint32_t count, std::vector<HostIovec>& out) {
  out.clear();
  if (!mem.in_bounds(iovs, uint64_t{count} * layout::kIovecSize)) return Errno::Fault;
  // IOV_MAX on Linux; a guest asking for more gets the POSIX answer.
  if (count > 1024) return Errno::Inval;
  out.reserve(count);
  uint64_t total = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = *mem.load<uint32_t>(iovs + i * layout::kIovecSize);
    uint32_t len = *mem.load<uint32_t>(iovs + i * layout::kIovecSize + 4);
    auto span = mem.bytes(buf, len);
    if (!span) return Errno::Fault;
    total += len;
    if (total > UINT32_MAX) return Errno::Inval;
    out.push_back({span->data(), span->size()});
  }
  return Errno::Success;
}

}  // namespace wisp::wasi
