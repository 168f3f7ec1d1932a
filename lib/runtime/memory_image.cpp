#include "runtime/memory_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace wisp::runtime {
namespace {

constexpr uint64_t kPage = 4096;

bool all_zero(const uint8_t* p, uint64_t n) {
  // Word compares: capture runs once per module, but may scan megabytes.
  for (uint64_t i = 0; i < n; i += sizeof(uint64_t)) {
    uint64_t w;
    std::memcpy(&w, p + i, sizeof w);
    if (w != 0) return false;
  }
  return true;
}

Unexpected<Error> system_error(const char* what) {
  return make_error(ErrorCode::ResourceLimit, std::string("memory image: ") + what + ": " + std::strerror(errno));
}

bool write_all(int fd, const uint8_t* p, uint64_t n, uint64_t offset) {
  while (n > 0) {
    ssize_t w = pwrite(fd, p, n, static_cast<off_t>(offset));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<uint64_t>(w);
    offset += static_cast<uint64_t>(w);
  }
  return true;
}

}  // namespace

Expected<std::shared_ptr<const MemoryImage>> MemoryImage::capture(const uint8_t* data, uint64_t bytes) {
  if (bytes % kPage != 0) return make_error(ErrorCode::InvalidArgument, "memory image: size not page-aligned");
  int fd = memfd_create("wisp-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return system_error("memfd_create");
  auto fail = [fd](const char* what) {
    auto e = system_error(what);
    close(fd);
    return e;
  };
  if (ftruncate(fd, static_cast<off_t>(bytes)) != 0) return fail("ftruncate");
  // Runs of non-zero pages are written; zero pages stay holes, which cost no memory.
  std::vector<Run> runs;
  for (uint64_t at = 0; at < bytes;) {
    if (all_zero(data + at, kPage)) {
      at += kPage;
      continue;
    }
    uint64_t end = at + kPage;
    while (end < bytes && !all_zero(data + end, kPage)) end += kPage;
    if (!write_all(fd, data + at, end - at, at)) return fail("write");
    runs.push_back(Run{at, end - at});
    at = end;
  }
  // Sealed: nothing can change the pages instances map, not even a bug here.
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
    return fail("seal");
  const uint8_t* view = nullptr;
  if (bytes > 0) {
    void* p = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return fail("mmap");
    view = static_cast<const uint8_t*>(p);
  }
  return std::shared_ptr<const MemoryImage>(new MemoryImage(fd, view, bytes, std::move(runs)));
}

void MemoryImage::copy_prefix_to(uint8_t* memory, uint64_t n) const {
  uint64_t at = 0;
  for (const Run& run : runs_) {
    if (run.offset >= n) break;
    std::memset(memory + at, 0, run.offset - at);
    const uint64_t end = std::min(run.offset + run.bytes, n);
    std::memcpy(memory + run.offset, view_ + run.offset, end - run.offset);
    at = end;
  }
  if (at < n) std::memset(memory + at, 0, n - at);
}

MemoryImage::~MemoryImage() {
  if (view_) munmap(const_cast<uint8_t*>(view_), bytes_);
  close(fd_);
}

}  // namespace wisp::runtime
