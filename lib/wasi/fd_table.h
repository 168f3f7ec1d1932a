// The guest's file descriptor table: guest fd number -> host fd plus the
// WASI rights and type the guest sees. Lowest free number first, as POSIX does.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/unique_fd.h"

namespace wisp::wasi {

class MemoryFile;

struct FdEntry {
  UniqueFd host;
  // Set instead of `host` for stdio kept in host memory (Config::memory_stdio);
  // the file belongs to the Ctx, so closing the entry leaves it readable.
  MemoryFile* memory = nullptr;
  Filetype type = Filetype::Unknown;
  Rights base = 0;
  Rights inheriting = 0;
  // Set for directories handed to the guest at start-up; `preopen_name` is
  // what fd_prestat_dir_name reports.
  bool is_preopen = false;
  std::string preopen_name;
  // Inherited from a read-only preopen: the host refuses every change below it,
  // even if the rights were somehow widened.
  bool readonly = false;
  // fd_readdir: guest cookies are entry counts (small, so a wasm32 `long`
  // from telldir holds them), the kernel's offsets are opaque 64-bit values.
  // The last two (cookie, kernel offset) pairs handed out let a sequential
  // listing resume without rescanning; any other cookie rescans from the start.
  struct DirPosition {
    uint64_t cookie = 0;
    int64_t kernel_offset = 0;
  };
  DirPosition readdir_positions[2];
};

class FdTable {
 public:
  // Guest fds above this fail with Errno::Mfile; keeps a hostile guest from
  // exhausting the host's descriptors.
  static constexpr uint32_t kMaxFds = 4096;

  // Places `entry` at the lowest free number.
  Errno insert(FdEntry entry, uint32_t& fd_out);
  // Places `entry` at `fd`, replacing what was there (start-up: stdio, preopens).
  void insert_at(uint32_t fd, FdEntry entry);

  // The entry for `fd` if it is open and has every right in `needed`:
  // Badf when not open, NotCapable when a right is missing.
  Errno lookup(uint32_t fd, Rights needed, FdEntry*& out);
  FdEntry* find(uint32_t fd);

  Errno close(uint32_t fd);
  // Moves `from` onto `to` (closing what `to` held); both must be open.
  Errno renumber(uint32_t from, uint32_t to);
  size_t open_count() const;

 private:
  std::vector<std::unique_ptr<FdEntry>> slots_;
};

Filetype filetype_from_mode(mode_t mode);
// Rights a descriptor of this type can meaningfully hold.
Rights rights_for_type(Filetype type);

}  // namespace wisp::wasi
