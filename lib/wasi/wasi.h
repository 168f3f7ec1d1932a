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
  // Use the stdio descriptors themselves instead of duplicates: the context
  // never closes them (a guest's fd_close only forgets them), and the caller
  // keeps them open until the context is gone. For embedders that lend the
  // same files to many short-lived contexts (wisp serve's pooled memfds),
  // where dup + close per descriptor and request add up.
  bool borrow_stdio = false;
  // The caller vouches that the stdio descriptors are regular files, so the
  // context need not fstat them to find their type.
  bool stdio_regular_files = false;
};

class Ctx;

// Opens the preopened directories; fails with an Io error naming the first
// directory that cannot be opened.
Expected<std::shared_ptr<Ctx>> make_ctx(const Config& config);

// The guest's proc_exit status, once it called proc_exit.
std::optional<int> exit_code(const Ctx& ctx);

// Which of the guest's stdio descriptors (bit 0, 1, 2 for fd 0, 1, 2 as
// configured) any WASI call has reached so far, including fd_close and
// fd_renumber. A caller that reuses the files behind them between guests
// only has to reset the ones whose bit is set: the others were not read,
// written, seeked, re-flagged or touched in any way.
unsigned stdio_used(const Ctx& ctx);

// How host functions find the context of the Store they run in.
using CtxGetter = std::function<Ctx*(Store&)>;

// Registers every wasi_snapshot_preview1 function. The first form expects the
// Ctx as the Store's user data (Store::set_user_data).
Expected<void> add_to_linker(Linker& linker);
Expected<void> add_to_linker(Linker& linker, CtxGetter get_ctx);

}  // namespace wisp::wasi
