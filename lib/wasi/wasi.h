// WASI preview1 (`wasi_snapshot_preview1`) for wisp: build a per-Store context
// from a Config, register the host functions once in a Linker.
//
//   wisp::Linker linker(engine);
//   wisp::wasi::add_to_linker(linker);
//   auto ctx = wisp::wasi::make_ctx(config);          // per Store
//   store.set_user_data(*ctx);
//   linker.instantiate(store, module) ... call "_start"
//
// A guest reaches the host file system only through `preopens`; see
// path_resolve.h for the sandbox rules.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wisp/error.h"
#include "wisp/wisp.h"

namespace wisp::wasi {

struct Preopen {
  std::string host_path;
  std::string guest_path;
  bool readonly = false;
};

// Parses a `--dir` value:
//   HOST                the host directory, seen by the guest under the same name
//   HOST::GUEST         wasmtime's form
//   GUEST:HOST          WasmEdge's form (a single colon)
// Any of them may end in ":readonly".
Expected<Preopen> parse_preopen(std::string_view spec);

struct Config {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<Preopen> preopens;  // guest fds 3, 4, ... in this order
  // Host descriptors for guest fds 0, 1, 2 (duplicated; -1 leaves the guest fd closed).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // Keep the guest's stdio in host memory instead (memory_file.h; the three
  // *_fd fields are then ignored): fd 0 reads `stdin_content`, which must
  // outlive the context; what the guest writes to fd 1 and 2 is kept, up to
  // `stdout_cap` and `stderr_cap` bytes, for memory_stdio() to read back.
  // For embedders that run a context per request (wisp serve): no system
  // call per guest access, nothing to reset afterwards.
  bool memory_stdio = false;
  std::string_view stdin_content;
  uint64_t stdout_cap = 1 << 20;
  uint64_t stderr_cap = 1 << 20;
};

class Ctx;
class MemoryFile;  // wasi/memory_file.h

// Opens the preopened directories; fails with an Io error naming the first
// directory that cannot be opened. (By value: a caller that moves its Config
// in hands over args and env without copying them.)
Expected<std::shared_ptr<Ctx>> make_ctx(Config config);

// The guest's proc_exit status, once it called proc_exit.
std::optional<int> exit_code(const Ctx& ctx);

// The memory file behind guest fd 0, 1 or 2 (`stdio_fd`) of a context made
// with Config::memory_stdio, else null. It stays with the context whatever
// the guest did to the descriptor (closed or renumbered it).
const MemoryFile* memory_stdio(const Ctx& ctx, int stdio_fd);

// How host functions find the context of the Store they run in.
using CtxGetter = std::function<Ctx*(Store&)>;

// Registers every wasi_snapshot_preview1 function. The first form expects the
// Ctx as the Store's user data (Store::set_user_data).
Expected<void> add_to_linker(Linker& linker);
Expected<void> add_to_linker(Linker& linker, CtxGetter get_ctx);

}  // namespace wisp::wasi
