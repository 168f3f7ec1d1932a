#include "wasi/memory_file.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace wisp::wasi {

MemoryFile MemoryFile::reader(std::string_view content) {
  MemoryFile f;
  f.input_ = content;
  return f;
}

MemoryFile MemoryFile::writer(uint64_t cap) {
  MemoryFile f;
  f.writable_ = true;
  f.cap_ = cap;
  return f;
}

uint64_t MemoryFile::read(std::span<const HostIovec> iovs, std::optional<uint64_t> at) {
  const std::string_view bytes = contents();
  const uint64_t start = at.value_or(position_);
  uint64_t pos = start;
  for (const HostIovec& iov : iovs) {
    if (pos >= bytes.size()) break;
    const uint64_t take = std::min<uint64_t>(iov.len, bytes.size() - pos);
    std::memcpy(iov.data, bytes.data() + pos, take);
    pos += take;
    if (take < iov.len) break;
  }
  if (!at) position_ = pos;
  return pos - start;
}

Errno MemoryFile::write(std::span<const HostIovec> iovs, std::optional<uint64_t> at, uint64_t& written) {
  written = 0;
  if (!writable_) return Errno::Badf;
  uint64_t total = 0;
  for (const HostIovec& iov : iovs) total += iov.len;
  const uint64_t pos = at ? *at : (fdflags & kFdflagAppend) ? owned_.size() : position_;
  if (total == 0) return Errno::Success;
  const uint64_t room = pos < cap_ ? cap_ - pos : 0;
  const uint64_t n = std::min(total, room);
  if (n < total) overflowed_ = true;
  if (n == 0) return Errno::Fbig;
  // Appending (the usual case) copies once; a write past the end leaves
  // zeros in the gap, as a file would.
  if (pos != owned_.size()) {
    if (owned_.size() < pos + n) owned_.resize(pos + n);
    uint64_t off = pos;
    for (const HostIovec& iov : iovs) {
      const uint64_t take = std::min<uint64_t>(iov.len, pos + n - off);
      std::memcpy(owned_.data() + off, iov.data, take);
      off += take;
      if (off == pos + n) break;
    }
  } else {
    uint64_t left = n;
    for (const HostIovec& iov : iovs) {
      const uint64_t take = std::min<uint64_t>(iov.len, left);
      owned_.append(reinterpret_cast<const char*>(iov.data), take);
      left -= take;
      if (left == 0) break;
    }
  }
  if (!at) position_ = pos + n;
  written = n;
  return Errno::Success;
}

Errno MemoryFile::seek(int64_t offset, uint32_t whence, uint64_t& position_out) {
  int64_t base;
  switch (whence) {
    case kWhenceSet: base = 0; break;
    case kWhenceCur: base = static_cast<int64_t>(position_); break;
    case kWhenceEnd: base = static_cast<int64_t>(size()); break;
    default: return Errno::Inval;
  }
  if ((offset > 0 && base > std::numeric_limits<int64_t>::max() - offset) || base + offset < 0)
    return Errno::Inval;
  position_ = static_cast<uint64_t>(base + offset);
  position_out = position_;
  return Errno::Success;
}

Errno MemoryFile::set_size(uint64_t size) {
  if (!writable_) return Errno::Badf;
  if (size > cap_) return Errno::Fbig;
  owned_.resize(size);
  return Errno::Success;
}

}  // namespace wisp::wasi
