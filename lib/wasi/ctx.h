// The per-Store WASI state: descriptor table, arguments, environment, and the
// exit status once the guest called proc_exit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wasi/fd_table.h"

namespace wisp::wasi {

class Ctx {
 public:
  FdTable fds;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::optional<int> exit_code;
};

}  // namespace wisp::wasi
