// fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell. Data moves between
// the host descriptor and guest memory directly (readv/writev on checked
// iovecs), so streaming any amount through stdio needs no host buffer; a
// memory file (memory_file.h) copies between its buffer and guest memory.
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/functions.h"

namespace wisp::wasi {
namespace {

// Translates checked guest iovecs into host ones.
std::vector<struct iovec> host_iovecs(const std::vector<HostIovec>& in) {
  std::vector<struct iovec> out(in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = {in[i].data, in[i].len};
  return out;
}

using Transfer = ssize_t (*)(int fd, const struct iovec* iov, int n, off_t offset, bool positioned);

ssize_t do_read(int fd, const struct iovec* iov, int n, off_t off, bool positioned) {
  return positioned ? ::preadv(fd, iov, n, off) : ::readv(fd, iov, n);
}
ssize_t do_write(int fd, const struct iovec* iov, int n, off_t off, bool positioned) {
  return positioned ? ::pwritev(fd, iov, n, off) : ::writev(fd, iov, n);
}

Errno transfer(Ctx& ctx, Mem mem, uint32_t fd, Rights needed, bool mutating, uint32_t iovs, uint32_t iovs_len,
               std::optional<uint64_t> offset, uint32_t count_out, Transfer op) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, needed, e); err != Errno::Success) return err;
  if (mutating && e->readonly) return Errno::NotCapable;
  if (!mem.in_bounds(count_out, 4)) return Errno::Fault;
  std::vector<HostIovec> guest;
  if (Errno err = read_iovecs(mem, iovs, iovs_len, guest); err != Errno::Success) return err;
  if (offset && *offset > INT64_MAX) return Errno::Inval;
  if (e->memory) {
    uint64_t n = 0;
    if (mutating) {
      if (Errno err = e->memory->write(guest, offset, n); err != Errno::Success) return err;
    } else {
      n = e->memory->read(guest, offset);
    }
    mem.store<uint32_t>(count_out, static_cast<uint32_t>(n));
    return Errno::Success;
  }
  auto host = host_iovecs(guest);
  ssize_t n;
  do {
    n = op(e->host.get(), host.data(), static_cast<int>(host.size()), static_cast<off_t>(offset.value_or(0)),
           offset.has_value());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno_from_host(errno);
  mem.store<uint32_t>(count_out, static_cast<uint32_t>(n));
  return Errno::Success;
}

}  // namespace

Errno fd_read(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out) {
  return transfer(ctx, mem, fd, right::kFdRead, false, iovs, iovs_len, std::nullopt, nread_out, do_read);
}

Errno fd_write(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out) {
  return transfer(ctx, mem, fd, right::kFdWrite, true, iovs, iovs_len, std::nullopt, nwritten_out, do_write);
}

Errno fd_pread(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nread_out) {
  return transfer(ctx, mem, fd, right::kFdRead | right::kFdSeek, false, iovs, iovs_len, offset, nread_out,
                  do_read);
}

Errno fd_pwrite(Ctx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_out) {
  return transfer(ctx, mem, fd, right::kFdWrite | right::kFdSeek, true, iovs, iovs_len, offset, nwritten_out,
                  do_write);
}

Errno fd_seek(Ctx& ctx, Mem mem, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out) {
  // A seek that only asks for the position needs no more than fd_tell.
  Rights needed = (offset == 0 && whence == kWhenceCur) ? right::kFdTell : right::kFdSeek;
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, needed, e); err != Errno::Success) return err;
  if (!mem.in_bounds(newoffset_out, 8)) return Errno::Fault;
  if (e->memory) {
    uint64_t pos;
    if (Errno err = e->memory->seek(static_cast<int64_t>(offset), whence, pos); err != Errno::Success)
      return err;
    mem.store<uint64_t>(newoffset_out, pos);
    return Errno::Success;
  }
  int host_whence;
  switch (whence) {
    case kWhenceSet: host_whence = SEEK_SET; break;
    case kWhenceCur: host_whence = SEEK_CUR; break;
    case kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::Inval;
  }
  off_t pos = ::lseek(e->host.get(), static_cast<off_t>(offset), host_whence);
  if (pos < 0) return errno_from_host(errno);
  mem.store<uint64_t>(newoffset_out, static_cast<uint64_t>(pos));
  return Errno::Success;
}

Errno fd_tell(Ctx& ctx, Mem mem, uint32_t fd, uint32_t offset_out) {
  FdEntry* e;
  if (Errno err = ctx.fds.lookup(fd, right::kFdTell, e); err != Errno::Success) return err;
  if (!mem.in_bounds(offset_out, 8)) return Errno::Fault;
  if (e->memory) {
    mem.store<uint64_t>(offset_out, e->memory->position());
    return Errno::Success;
  }
  off_t pos = ::lseek(e->host.get(), 0, SEEK_CUR);
  if (pos < 0) return errno_from_host(errno);
  mem.store<uint64_t>(offset_out, static_cast<uint64_t>(pos));
  return Errno::Success;
}

}  // namespace wisp::wasi
