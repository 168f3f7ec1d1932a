// The wasi_snapshot_preview1 functions, one C++ function each, independent of
// the engine: they take the Ctx and the caller's memory and return the WASI
// errno. register.cpp binds them to a Linker; unit tests call them directly.
// Parameters keep the wasm types (i32 -> uint32_t, i64 -> uint64_t).
#pragma once

#include <sys/stat.h>
#include <time.h>

#include <cstdint>
#include <functional>
#include <optional>

#include "wasi/abi.h"
#include "wisp/error.h"
#include "wasi/ctx.h"
#include "wasi/guest_memory.h"

// Like WISP_ASSIGN_OR_RETURN, for functions that return a bare Errno.
#define WISP_ASSIGN_OR_RETURN_ERRNO(decl, expr) \
  WISP_ASSIGN_OR_RETURN_ERRNO_IMPL_(WISP_CONCAT_(wisp_aore_, __LINE__), decl, expr)
#define WISP_ASSIGN_OR_RETURN_ERRNO_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                                       \
  if (!tmp) return tmp.error();                            \
  decl = std::move(tmp).value()

namespace wisp::wasi {

using Mem = const GuestMemory&;

// args_env.cpp
Errno args_get(Ctx& ctx, Mem mem, uint32_t argv, uint32_t argv_buf);
Errno args_sizes_get(Ctx& ctx, Mem mem, uint32_t argc_out, uint32_t buf_size_out);
Errno environ_get(Ctx& ctx, Mem mem, uint32_t environ, uint32_t environ_buf);
Errno environ_sizes_get(Ctx& ctx, Mem mem, uint32_t count_out, uint32_t buf_size_out);
Errno proc_raise(Ctx& ctx, Mem mem, uint32_t sig);

// clock_poll.cpp
Errno clock_res_get(Ctx& ctx, Mem mem, uint32_t clock_id, uint32_t resolution_out);
Errno clock_time_get(Ctx& ctx, Mem mem, uint32_t clock_id, uint64_t precision, uint32_t time_out);
// What ends a blocking call before it is done: the Store's deadline (on
// CLOCK_MONOTONIC, in ns) and interrupts (checked every few milliseconds).
struct WaitLimit {
  uint64_t deadline_mono = UINT64_MAX;
  std::function<bool()> interrupted;
};
// Sets `stopped` (and leaves the events unwritten) when `limit` ended the
// wait: the caller turns it into a trap.
Errno poll_oneoff(Ctx& ctx, Mem mem, uint32_t in, uint32_t out, uint32_t nsubscriptions, uint32_t nevents_out,
                  const WaitLimit& limit, std::optional<wisp::ErrorCode>& stopped);
Errno sched_yield(Ctx& ctx, Mem mem);
Errno random_get(Ctx& ctx, Mem mem, uint32_t buf, uint32_t buf_len);

// file_ops.cpp: descriptors
Errno fd_advise(Ctx& ctx, Mem mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fd_allocate(Ctx& ctx, Mem mem, uint32_t fd, uint64_t offset, uint64_t len);
Errno fd_close(Ctx& ctx, Mem mem, uint32_t fd);
Errno fd_datasync(Ctx& ctx, Mem mem, uint32_t fd);
Errno fd_sync(Ctx& ctx, Mem mem, uint32_t fd);
Errno fd_fdstat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t stat_out);
Errno fd_fdstat_set_flags(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags);
Errno fd_fdstat_set_rights(Ctx& ctx, Mem mem, uint32_t fd, uint64_t base, uint64_t inheriting);
Errno fd_filestat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t stat_out);
Errno fd_filestat_set_size(Ctx& ctx, Mem mem, uint32_t fd, uint64_t size);
Errno fd_filestat_set_times(Ctx& ctx, Mem mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno fd_prestat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t prestat_out);
Errno fd_prestat_dir_name(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno fd_renumber(Ctx& ctx, Mem mem, uint32_t fd, uint32_t to);

// file_io.cpp: reading, writing, seeking
Errno fd_read(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out);
Errno fd_write(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out);
Errno fd_pread(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nread_out);
Errno fd_pwrite(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_out);
Errno fd_seek(Ctx& ctx, Mem mem, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out);
Errno fd_tell(Ctx& ctx, Mem mem, uint32_t fd, uint32_t offset_out);

// dir_ops.cpp: directories and paths
Errno fd_readdir(Ctx& ctx, Mem mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                 uint32_t bufused_out);
Errno path_create_directory(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_filestat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t stat_out);
Errno path_filestat_set_times(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path,
                              uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno path_link(Ctx& ctx, Mem mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len);
Errno path_readlink(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                    uint32_t buf_len, uint32_t bufused_out);
Errno path_remove_directory(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_rename(Ctx& ctx, Mem mem, uint32_t fd, uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_path_len);
Errno path_symlink(Ctx& ctx, Mem mem, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
                   uint32_t new_path, uint32_t new_path_len);
Errno path_unlink_file(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len);

// path_open.cpp
Errno path_open(Ctx& ctx, Mem mem, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                uint32_t opened_fd_out);

// sock.cpp
Errno sock_accept(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t fd_out);
Errno sock_recv(Ctx& ctx, Mem mem, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags,
                uint32_t ro_datalen_out, uint32_t ro_flags_out);
Errno sock_send(Ctx& ctx, Mem mem, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags,
                uint32_t so_datalen_out);
Errno sock_shutdown(Ctx& ctx, Mem mem, uint32_t fd, uint32_t how);

// Shared by the files above.
// Writes a 64-byte filestat at `out`; Fault when out of bounds.
Errno store_filestat(Mem mem, uint32_t out, const struct ::stat& st);
// fst_flags + times -> the two timespecs utimensat wants; Inval for contradictory flags.
Errno times_from_fst(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct ::timespec ts[2]);
// A directory descriptor holding `needed`; NotDir for other types, NotCapable
// for a mutating right below a read-only preopen.
Errno lookup_dir(Ctx& ctx, uint32_t fd, Rights needed, FdEntry*& out);

}  // namespace wisp::wasi
