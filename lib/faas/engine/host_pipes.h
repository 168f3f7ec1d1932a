// Anonymous in-memory files (memfd) that stand in for a guest's stdin, stdout
// and stderr. The WASI context gets duplicates of these descriptors; the host
// keeps its own to fill stdin before and drain stdout/stderr after a run, so
// nothing from lib/wasi beyond its public Config is needed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "faas/core/status.h"

namespace wisp::faas {

class MemFile {
 public:
  // A readable file holding exactly `content`, positioned at 0, sealed
  // against writes and resizing.
  static Result<MemFile> with_content(std::string_view content);
  // A writable file that keeps at most `cap` bytes: it is pre-sized a little
  // beyond `cap` (sparse) and sealed against growth, so a guest writing far
  // more gets write errors, and the host can tell "exactly cap" from "more".
  static Result<MemFile> capped_sink(uint64_t cap);

  MemFile(MemFile&& other) noexcept : fd_(other.fd_), cap_(other.cap_) { other.fd_ = -1; }
  MemFile& operator=(MemFile&&) = delete;
  ~MemFile();

  int fd() const { return fd_; }
  // What was written through the shared file offset, and whether the guest
  // tried to write more than `cap`.
  struct Written {
    std::string bytes;
    bool overflowed = false;
  };
  Written written() const;
  // Makes the file as good as new for the next guest, undoing everything a
  // guest can do to it through WASI: what it wrote (all zeros again; a guest
  // may seek, so "written" is not only [0, offset)), the offset, status flags
  // (fd_fdstat_set_flags: O_APPEND would break every later write) and
  // timestamps (fd_filestat_set_times: a value one guest could leave for the
  // next). Much cheaper than a new memfd: no inode is created or freed.
  Result<void> reset();

 private:
  MemFile(int fd, uint64_t cap) : fd_(fd), cap_(cap) {}
  int fd_;
  uint64_t cap_;
};

}  // namespace wisp::faas
