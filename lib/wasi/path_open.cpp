// path_open: rights checks, WASI flags to host open flags, and the new
// descriptor's rights (never more than the directory may hand down).
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "wasi/functions.h"
#include "wasi/path_resolve.h"

namespace wisp::wasi {
namespace {

constexpr Rights kWriteRights =
    right::kFdWrite | right::kFdDatasync | right::kFdAllocate | right::kFdFilestatSetSize;
constexpr Rights kReadRights = right::kFdRead | right::kFdReaddir;

}  // namespace

Errno path_open(Ctx& ctx, Mem mem, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                uint32_t opened_fd_out) {
  Rights needed = right::kPathOpen;
  if (oflags & kOflagCreat) needed |= right::kPathCreateFile;
  if (oflags & kOflagTrunc) needed |= right::kPathFilestatSetSize;
  FdEntry* dir;
  if (Errno err = lookup_dir(ctx, fd, needed, dir); err != Errno::Success) return err;
  if (oflags & ~uint32_t{kOflagCreat | kOflagDirectory | kOflagExcl | kOflagTrunc}) return Errno::Inval;
  if (fdflags & ~uint32_t{kFdflagAppend | kFdflagDsync | kFdflagNonblock | kFdflagRsync | kFdflagSync})
    return Errno::Inval;
  // Asking for a right that changes files which the directory cannot hand
  // down is refused; other rights the directory lacks are silently dropped,
  // as guests commonly ask for "everything" on read-only opens.
  if (rights_base & ~dir->inheriting & right::kMutating) return Errno::NotCapable;
  Rights base = rights_base & dir->inheriting;
  Rights inheriting = rights_inheriting & dir->inheriting;

  bool want_write = (base & kWriteRights) || (fdflags & kFdflagAppend);
  bool want_read = base & kReadRights;
  if (dir->readonly && (want_write || (oflags & (kOflagCreat | kOflagTrunc)))) return Errno::NotCapable;

  auto guest_path = mem.string(path, path_len);
  if (!guest_path || !mem.in_bounds(opened_fd_out, 4)) return Errno::Fault;

  int flags = O_NOCTTY;
  if (oflags & kOflagDirectory) {
    flags |= O_RDONLY | O_DIRECTORY;
  } else if (want_write) {
    flags |= want_read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (!(dirflags & kLookupSymlinkFollow)) flags |= O_NOFOLLOW;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;

  auto opened = open_beneath(dir->host.get(), *guest_path, flags, 0666);
  if (!opened) return opened.error();
  struct stat st;
  if (::fstat(opened->get(), &st) != 0) return errno_from_host(errno);

  FdEntry entry;
  entry.host = std::move(*opened);
  entry.type = filetype_from_mode(st.st_mode);
  entry.base = base & rights_for_type(entry.type);
  entry.inheriting = inheriting;
  entry.readonly = dir->readonly;
  uint32_t new_fd;
  if (Errno err = ctx.fds.insert(std::move(entry), new_fd); err != Errno::Success) return err;
  mem.store<uint32_t>(opened_fd_out, new_fd);
  return Errno::Success;
}

}  // namespace wisp::wasi
