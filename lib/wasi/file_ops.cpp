// Descriptor-level calls: close, renumber, sync, advise, allocate, fdstat,
// filestat and the preopen queries.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/functions.h"

namespace wisp::wasi {
namespace {

Errno host_result(int rc) { return rc == 0 ? Errno::Success : errno_from_host(errno); }

uint64_t to_ns(const struct timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// A descriptor with `needed` that may change the file system: refused below a
// read-only preopen whatever its rights say.
Errno lookup_mutating(Ctx& ctx, uint32_t fd, Rights needed, FdEntry*& e) {
  if (Errno err = ctx.fds.lookup(fd, needed, e); err != Errno::Success) return err;
  return e->readonly ? Errno::NotCapable : Errno::Success;
}

}  // namespace

Errno store_filestat(Mem mem, uint32_t out, const struct ::stat& st) {
  if (!mem.in_bounds(out, layout::kFilestatSize)) return Errno::Fault;
  auto bytes = *mem.bytes(out, layout::kFilestatSize);
  std::memset(bytes.data(), 0, bytes.size());
  mem.store<uint64_t>(out + 0, static_cast<uint64_t>(st.st_dev));
  mem.store<uint64_t>(out + 8, static_cast<uint64_t>(st.st_ino));
  mem.store<uint8_t>(out + 16, static_cast<uint8_t>(filetype_from_mode(st.st_mode)));
  mem.store<uint64_t>(out + 24, static_cast<uint64_t>(st.st_nlink));
  mem.store<uint64_t>(out + 32, static_cast<uint64_t>(st.st_size));
  mem.store<uint64_t>(out + 40, to_ns(st.st_atim));
  mem.store<uint64_t>(out + 48, to_ns(st.st_mtim));
  mem.store<uint64_t>(out + 56, to_ns(st.st_ctim));
  return Errno::Success;
}

Errno times_from_fst(uint64_t atim, uint64_t mtim, uint32_t fst, struct ::timespec ts[2]) {
  if (fst & ~uint32_t{kFstAtim | kFstAtimNow | kFstMtim | kFstMtimNow}) return Errno::Inval;
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return Errno::Inval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return Errno::Inval;
  auto one = [](uint64_t ns, bool set, bool now, struct ::timespec& t) {
    if (now) {
      t = {0, UTIME_NOW};
    } else if (set) {
      t.tv_sec = static_cast<time_t>(ns / 1'000'000'000ull);
      t.tv_nsec = static_cast<long>(ns % 1'000'000'000ull);
    } else {
      t = {0, UTIME_OMIT};
    }
  };
  one(atim, fst & kFstAtim, fst & kFstAtimNow, ts[0]);
  one(mtim, fst & kFstMtim, fst & kFstMtimNow, ts[1]);
  return Errno::Success;
}

Errno lookup_dir(Ctx& ctx, uint32_t fd, Rights needed, FdEntry*& e) {
  FdEntry* found = ctx.fds.find(fd);
  if (!found) return Errno::Badf;
  if (found->type != Filetype::Directory) return Errno::NotDir;
  if (Errno err = ctx.fds.lookup(fd, needed, e); err != Errno::Success) return err;
  if (e->readonly && (needed & right::kMutating)) return Errno::NotCapable;
  return Errno::Success;
}

Errno fd_advise(Ctx& ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, right::kFdAdvise, e); err != Errno::Success) return err;
  int host;
  switch (advice) {
    case kAdviceNormal: host = POSIX_FADV_NORMAL; break;
    case kAdviceSequential: host = POSIX_FADV_SEQUENTIAL; break;
    case kAdviceRandom: host = POSIX_FADV_RANDOM; break;
    case kAdviceWillneed: host = POSIX_FADV_WILLNEED; break;
    case kAdviceDontneed: host = POSIX_FADV_DONTNEED; break;
    case kAdviceNoreuse: host = POSIX_FADV_NOREUSE; break;
    default: return Errno::Inval;
  }
  if (offset > INT64_MAX || len > INT64_MAX) return Errno::Inval;
  if (e->memory) return Errno::Success;  // advice about memory: nothing to do
  // posix_fadvise returns the error number instead of setting errno.
  return errno_from_host(
      ::posix_fadvise(e->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len), host));
}

Errno fd_allocate(Ctx& ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len) {
  FdEntry* e;
  if (Errno err = lookup_mutating(ctx, fd, right::kFdAllocate, e); err != Errno::Success) return err;
  if (offset > INT64_MAX || len > INT64_MAX || offset + len > INT64_MAX) return Errno::Inval;
  if (len == 0) return Errno::Inval;
  return errno_from_host(
      ::posix_fallocate(e->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len)));
}

Errno fd_close(Ctx& ctx, Mem, uint32_t fd) { return ctx.fds.close(fd); }

Errno fd_renumber(Ctx& ctx, Mem, uint32_t fd, uint32_t to) { return ctx.fds.renumber(fd, to); }

Errno fd_datasync(Ctx& ctx, Mem, uint32_t fd) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, right::kFdDatasync, e); err != Errno::Success) return err;
  if (e->memory) return Errno::Success;  // nothing below memory to sync to
  return host_result(::fdatasync(e->host.get()));
}

Errno fd_sync(Ctx& ctx, Mem, uint32_t fd) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, right::kFdSync, e); err != Errno::Success) return err;
  if (e->memory) return Errno::Success;
  return host_result(::fsync(e->host.get()));
}

Errno fd_fdstat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t out) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, 0, e); err != Errno::Success) return err;
  if (!mem.in_bounds(out, layout::kFdstatSize)) return Errno::Fault;
  uint16_t flags = 0;
  int fl = 0;
  if (e->memory) {
    flags = e->memory->fdflags;
  } else if (fl = ::fcntl(e->host.get(), F_GETFL); fl < 0) {
    return errno_from_host(errno);
  }
  if (fl & O_APPEND) flags |= kFdflagAppend;
  if (fl & O_NONBLOCK) flags |= kFdflagNonblock;
  // On Linux O_SYNC includes the O_DSYNC bit, and O_RSYNC equals O_SYNC.
  if ((fl & O_SYNC) == O_SYNC)
    flags |= kFdflagSync | kFdflagRsync;
  else if (fl & O_DSYNC)
    flags |= kFdflagDsync;
  auto bytes = *mem.bytes(out, layout::kFdstatSize);
  std::memset(bytes.data(), 0, bytes.size());
  mem.store<uint8_t>(out, static_cast<uint8_t>(e->type));
  mem.store<uint16_t>(out + 2, flags);
  mem.store<uint64_t>(out + 8, e->base);
  mem.store<uint64_t>(out + 16, e->inheriting);
  return Errno::Success;
}

Errno fd_fdstat_set_flags(Ctx& ctx, Mem, uint32_t fd, uint32_t flags) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, right::kFdFdstatSetFlags, e); err != Errno::Success) return err;
  if (flags & ~uint32_t{kFdflagAppend | kFdflagDsync | kFdflagNonblock | kFdflagRsync | kFdflagSync})
    return Errno::Inval;
  // Linux cannot change the synchronisation flags of an open descriptor.
  if (flags & (kFdflagDsync | kFdflagRsync | kFdflagSync)) return Errno::NotSup;
  if ((flags & kFdflagAppend) && e->readonly) return Errno::NotCapable;
  if (e->memory) {
    e->memory->fdflags = static_cast<uint16_t>(flags);
    return Errno::Success;
  }
  int fl = ::fcntl(e->host.get(), F_GETFL);
  if (fl < 0) return errno_from_host(errno);
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  return host_result(::fcntl(e->host.get(), F_SETFL, fl));
}

Errno fd_fdstat_set_rights(Ctx& ctx, Mem, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, 0, e); err != Errno::Success) return err;
  // Rights can only be dropped, never gained.
  if ((base & ~e->base) || (inheriting & ~e->inheriting)) return Errno::NotCapable;
  e->base = base;
  e->inheriting = inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t out) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, right::kFdFilestatGet, e); err != Errno::Success) return err;
  if (!mem.in_bounds(out, layout::kFilestatSize)) return Errno::Fault;
  struct stat st {};
  if (e->memory) {
    st.st_mode = S_IFREG;
    st.st_nlink = 1;
    st.st_size = static_cast<off_t>(e->memory->size());
  } else if (::fstat(e->host.get(), &st) != 0) {
    return errno_from_host(errno);
  }
  return store_filestat(mem, out, st);
}

Errno fd_filestat_set_size(Ctx& ctx, Mem, uint32_t fd, uint64_t size) {
  FdEntry* e;
  if (Errno err = lookup_mutating(ctx, fd, right::kFdFilestatSetSize, e); err != Errno::Success) return err;
  if (size > INT64_MAX) return Errno::Inval;
  if (e->memory) return e->memory->set_size(size);
  return host_result(::ftruncate(e->host.get(), static_cast<off_t>(size)));
}

Errno fd_filestat_set_times(Ctx& ctx, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  FdEntry* e;
  if (Errno err = lookup_mutating(ctx, fd, right::kFdFilestatSetTimes, e); err != Errno::Success) return err;
  struct timespec ts[2];
  if (Errno err = times_from_fst(atim, mtim, fst_flags, ts); err != Errno::Success) return err;
  return host_result(::futimens(e->host.get(), ts));
}

Errno fd_prestat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t out) {
  FdEntry* e = ctx.fds.find(fd);
  if (!e || !e->is_preopen) return Errno::Badf;
  if (!mem.in_bounds(out, layout::kPrestatSize)) return Errno::Fault;
  mem.store<uint32_t>(out, 0);  // tag dir + padding
  mem.store<uint8_t>(out, kPreopentypeDir);
  mem.store<uint32_t>(out + 4, static_cast<uint32_t>(e->preopen_name.size()));
  return Errno::Success;
}

Errno fd_prestat_dir_name(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  FdEntry* e = ctx.fds.find(fd);
  if (!e || !e->is_preopen) return Errno::Badf;
  if (path_len < e->preopen_name.size()) return Errno::NameTooLong;
  auto dst = mem.bytes(path, e->preopen_name.size());
  if (!dst) return Errno::Fault;
  std::memcpy(dst->data(), e->preopen_name.data(), e->preopen_name.size());
  return Errno::Success;
}

}  // namespace wisp::wasi
