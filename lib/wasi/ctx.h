// The per-Store WASI state: descriptor table, arguments, environment, the
// exit status once the guest called proc_exit, and stdio kept in memory.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wasi/fd_table.h"
#include "wasi/memory_file.h"

namespace wisp::wasi {

class Ctx {
 public:
  FdTable fds;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::optional<int> exit_code;
  // Guest stdio in host memory (Config::memory_stdio), index = stdio fd.
  std::optional<MemoryFile> memory_stdio[3];
};

}  // namespace wisp::wasi
