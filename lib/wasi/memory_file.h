// A guest stdio file kept in host memory instead of behind a host descriptor
// (Config::memory_stdio). An embedder that runs one short-lived context per
// request (wisp serve) would otherwise pay system calls for every guest read
// and write, for reading the output back and for resetting the files before
// the next guest; here a guest write is a memcpy and nothing outlives the
// context.
//
// The guest sees a regular file: read/write, pread/pwrite, seek/tell,
// fstat (its size), ftruncate of a writable one, fdstat flags. A writable
// file keeps at most `cap` bytes: a write that would store bytes at or beyond
// the cap stores what fits, marks the file overflowed, and fails with Fbig
// once nothing fits, so the guest sees the same as a process hitting a file
// size limit.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wasi/abi.h"
#include "wasi/guest_memory.h"

namespace wisp::wasi {

class MemoryFile {
 public:
  // Read-only; `content` must outlive every use of the file.
  static MemoryFile reader(std::string_view content);
  // Write-only, empty, keeping at most `cap` bytes.
  static MemoryFile writer(uint64_t cap);

  // What the file holds now, and whether the guest tried to store more than
  // the cap (what fit is kept).
  std::string_view contents() const { return writable_ ? std::string_view(owned_) : input_; }
  bool overflowed() const { return overflowed_; }
  bool writable() const { return writable_; }

  // The guest-facing operations behind fd_read/fd_pread (`at` set) and
  // fd_write/fd_pwrite. Without `at` they use and advance the position
  // (writes go to the end when `append` is set).
  uint64_t read(std::span<const HostIovec> iovs, std::optional<uint64_t> at);
  Errno write(std::span<const HostIovec> iovs, std::optional<uint64_t> at, uint64_t& written);
  Errno seek(int64_t offset, uint32_t whence, uint64_t& position_out);
  Errno set_size(uint64_t size);
  uint64_t position() const { return position_; }
  uint64_t size() const { return contents().size(); }

  // fd_fdstat_set_flags' append and nonblock bits (the others are refused
  // before they get here). Nonblock changes nothing: memory never blocks.
  uint16_t fdflags = 0;

 private:
  MemoryFile() = default;

  bool writable_ = false;
  std::string_view input_;
  std::string owned_;
  uint64_t cap_ = 0;
  uint64_t position_ = 0;
  bool overflowed_ = false;
};

}  // namespace wisp::wasi
