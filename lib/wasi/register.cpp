// Binds the WASI functions to a Linker under "wasi_snapshot_preview1". Each
// host function finds its Ctx through the getter, wraps the caller's memory
// 0 in a bounds-checked GuestMemory, and returns the errno as an i32.
#include "wasi/ctx.h"
#include "wasi/functions.h"
#include "wasi/wasi.h"

namespace wisp::wasi {
namespace {

constexpr std::string_view kModule = "wasi_snapshot_preview1";

GuestMemory memory_of(Caller& caller) {
  auto mem = caller.memory(0);
  if (!mem) return GuestMemory();  // every pointer then fails with Fault
  return GuestMemory(mem->data(), mem->size_bytes());
}

// Turns `Errno f(Ctx&, Mem, A...)` into a host callable the Linker can wrap.
template <class... A>
auto adapt(const CtxGetter& get_ctx, Errno (*fn)(Ctx&, Mem, A...)) {
  return [get_ctx, fn](Caller& caller, A... args) -> TrapOr<int32_t> {
    Ctx* ctx = get_ctx(caller.store());
    if (!ctx) return make_trap(ErrorCode::HostError, "the store has no wasi context");
    GuestMemory mem = memory_of(caller);
    return static_cast<int32_t>(fn(*ctx, mem, args...));
  };
}

}  // namespace

Expected<void> add_to_linker(Linker& linker) {
  return add_to_linker(linker, [](Store& store) { return store.user_data<Ctx>(); });
}

Expected<void> add_to_linker(Linker& linker, CtxGetter get) {
#define WISP_WASI_BIND(name) WISP_TRY(linker.func_wrap(kModule, #name, adapt(get, &name)))
  WISP_WASI_BIND(args_get);
  WISP_WASI_BIND(args_sizes_get);
  WISP_WASI_BIND(environ_get);
  WISP_WASI_BIND(environ_sizes_get);
  WISP_WASI_BIND(clock_res_get);
  WISP_WASI_BIND(clock_time_get);
  WISP_WASI_BIND(fd_advise);
  WISP_WASI_BIND(fd_allocate);
  WISP_WASI_BIND(fd_close);
  WISP_WASI_BIND(fd_datasync);
  WISP_WASI_BIND(fd_fdstat_get);
  WISP_WASI_BIND(fd_fdstat_set_flags);
  WISP_WASI_BIND(fd_fdstat_set_rights);
  WISP_WASI_BIND(fd_filestat_get);
  WISP_WASI_BIND(fd_filestat_set_size);
  WISP_WASI_BIND(fd_filestat_set_times);
  WISP_WASI_BIND(fd_pread);
  WISP_WASI_BIND(fd_prestat_get);
  WISP_WASI_BIND(fd_prestat_dir_name);
  WISP_WASI_BIND(fd_pwrite);
  WISP_WASI_BIND(fd_read);
  WISP_WASI_BIND(fd_readdir);
  WISP_WASI_BIND(fd_renumber);
  WISP_WASI_BIND(fd_seek);
  WISP_WASI_BIND(fd_sync);
  WISP_WASI_BIND(fd_tell);
  WISP_WASI_BIND(fd_write);
  WISP_WASI_BIND(path_create_directory);
  WISP_WASI_BIND(path_filestat_get);
  WISP_WASI_BIND(path_filestat_set_times);
  WISP_WASI_BIND(path_link);
  WISP_WASI_BIND(path_open);
  WISP_WASI_BIND(path_readlink);
  WISP_WASI_BIND(path_remove_directory);
  WISP_WASI_BIND(path_rename);
  WISP_WASI_BIND(path_symlink);
  WISP_WASI_BIND(path_unlink_file);
  WISP_WASI_BIND(proc_raise);
  WISP_WASI_BIND(sched_yield);
  WISP_WASI_BIND(random_get);
  WISP_WASI_BIND(sock_accept);
  WISP_WASI_BIND(sock_recv);
  WISP_WASI_BIND(sock_send);
  WISP_WASI_BIND(sock_shutdown);
#undef WISP_WASI_BIND

  // poll_oneoff may sleep: the Store's deadline and interrupts end the sleep
  // with the same traps as they end running code.
  WISP_TRY(linker.func_wrap(
      kModule, "poll_oneoff",
      [get](Caller& caller, uint32_t in, uint32_t out, uint32_t n, uint32_t nevents_out) -> TrapOr<int32_t> {
        Store& store = caller.store();
        Ctx* ctx = get(store);
        if (!ctx) return make_trap(ErrorCode::HostError, "the store has no wasi context");
        WaitLimit limit;
        if (auto d = store.deadline())
          limit.deadline_mono = static_cast<uint64_t>(std::max<int64_t>(
              0, std::chrono::duration_cast<std::chrono::nanoseconds>(d->time_since_epoch()).count()));
        limit.interrupted = [&store] { return store.consume_interrupt(); };
        std::optional<ErrorCode> stopped;
        Errno e = poll_oneoff(*ctx, memory_of(caller), in, out, n, nevents_out, limit, stopped);
        if (stopped) return make_trap(*stopped);
        return static_cast<int32_t>(e);
      }));

  // proc_exit never returns to the guest: it unwinds with a trap that
  // carries the status, and remembers it in the Ctx for embedders that only
  // see an Error (e.g. a start function that exits during instantiation).
  WISP_TRY(linker.func_wrap(kModule, "proc_exit", [get](Caller& caller, uint32_t status) -> TrapOr<void> {
    Ctx* ctx = get(caller.store());
    if (ctx) ctx->exit_code = static_cast<int>(status);
    Trap trap(ErrorCode::Exit, "exit status " + std::to_string(status));
    trap.exit_code = static_cast<int>(status);
    return unexpected(std::move(trap));
  }));
  return {};
}

}  // namespace wisp::wasi
