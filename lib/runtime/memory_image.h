// The contents of a linear memory at one moment, kept in a sealed memfd so
// that many memories can map it copy-on-write: pages a guest only reads are
// shared with every other instance, and a fresh instance costs no copy of the
// module's data. See InstanceImage for what else an instance snapshot holds.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "wisp/error.h"

namespace wisp::runtime {

class MemoryImage {
 public:
  // An image of `bytes` bytes (a multiple of the system page size) read from
  // `data`; pages that are all zero become holes of the file.
  static Expected<std::shared_ptr<const MemoryImage>> capture(const uint8_t* data, uint64_t bytes);
  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  uint64_t size_bytes() const { return bytes_; }
  // The sealed file, mapped with MAP_PRIVATE over a memory's first size_bytes().
  int fd() const { return fd_; }
  // A read-only view of the same pages, to copy from when resetting a memory in place.
  const uint8_t* view() const { return view_; }
  // Where the image is not zero: [offset, offset + bytes) runs of whole pages, ascending.
  struct Run {
    uint64_t offset = 0;
    uint64_t bytes = 0;
  };
  const std::vector<Run>& data_runs() const { return runs_; }
  // Makes [0, n) of `memory` equal to the image (n <= size_bytes()): zero
  // pages are cleared, the others copied, which costs far less than copying
  // all when most of the image is zero.
  void copy_prefix_to(uint8_t* memory, uint64_t n) const;

 private:
  MemoryImage(int fd, const uint8_t* view, uint64_t bytes, std::vector<Run> runs)
      : fd_(fd), view_(view), bytes_(bytes), runs_(std::move(runs)) {}
  int fd_;
  const uint8_t* view_;
  uint64_t bytes_;
  std::vector<Run> runs_;
};

}  // namespace wisp::runtime
