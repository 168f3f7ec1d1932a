// sock_accept, sock_recv, sock_send, sock_shutdown on socket descriptors the
// guest was given (preview1 cannot open sockets itself).
#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>

#include "wasi/functions.h"

namespace wisp::wasi {
namespace {

Errno lookup_socket(Ctx& ctx, uint32_t fd, Rights needed, FdEntry*& e) {
  FdEntry* found = ctx.fds.find(fd);
  if (!found) return Errno::Badf;
  if (found->type != Filetype::SocketStream && found->type != Filetype::SocketDgram) return Errno::NotSock;
  return ctx.fds.lookup(fd, needed, e);
}

}  // namespace

Errno sock_accept(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t fd_out) {
  FdEntry* e;
  if (Errno err = lookup_socket(ctx, fd, right::kSockAccept, e); err != Errno::Success) return err;
  if (flags & ~uint32_t{kFdflagNonblock}) return Errno::Inval;
  if (!mem.in_bounds(fd_out, 4)) return Errno::Fault;
  int host_flags = SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0);
  UniqueFd conn(::accept4(e->host.get(), nullptr, nullptr, host_flags));
  if (!conn.valid()) return errno_from_host(errno);
  FdEntry entry;
  entry.host = std::move(conn);
  entry.type = Filetype::SocketStream;
  entry.base = right::kStream | right::kSockShutdown;
  uint32_t new_fd;
  if (Errno err = ctx.fds.insert(std::move(entry), new_fd); err != Errno::Success) return err;
  mem.store<uint32_t>(fd_out, new_fd);
  return Errno::Success;
}

Errno sock_recv(Ctx& ctx, Mem mem, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags,
                uint32_t ro_datalen_out, uint32_t ro_flags_out) {
  FdEntry* e;
  if (Errno err = lookup_socket(ctx, fd, right::kFdRead, e); err != Errno::Success) return err;
  if (ri_flags & ~uint32_t{kRiflagRecvPeek | kRiflagRecvWaitall}) return Errno::Inval;
  if (!mem.in_bounds(ro_datalen_out, 4) || !mem.in_bounds(ro_flags_out, 2)) return Errno::Fault;
  std::vector<HostIovec> guest;
  if (Errno err = read_iovecs(mem, ri_data, ri_data_len, guest); err != Errno::Success) return err;
  std::vector<struct iovec> iov(guest.size());
  for (size_t i = 0; i < guest.size(); ++i) iov[i] = {guest[i].data, guest[i].len};
  struct msghdr msg {};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  int flags =
      ((ri_flags & kRiflagRecvPeek) ? MSG_PEEK : 0) | ((ri_flags & kRiflagRecvWaitall) ? MSG_WAITALL : 0);
  ssize_t n;
  do {
    n = ::recvmsg(e->host.get(), &msg, flags);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno_from_host(errno);
  mem.store<uint32_t>(ro_datalen_out, static_cast<uint32_t>(n));
  mem.store<uint16_t>(ro_flags_out, (msg.msg_flags & MSG_TRUNC) ? kRoflagRecvDataTruncated : 0);
  return Errno::Success;
}

Errno sock_send(Ctx& ctx, Mem mem, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags,
                uint32_t so_datalen_out) {
  FdEntry* e;
  if (Errno err = lookup_socket(ctx, fd, right::kFdWrite, e); err != Errno::Success) return err;
  if (si_flags != 0) return Errno::Inval;
  if (!mem.in_bounds(so_datalen_out, 4)) return Errno::Fault;
  std::vector<HostIovec> guest;
  if (Errno err = read_iovecs(mem, si_data, si_data_len, guest); err != Errno::Success) return err;
  std::vector<struct iovec> iov(guest.size());
  for (size_t i = 0; i < guest.size(); ++i) iov[i] = {guest[i].data, guest[i].len};
  struct msghdr msg {};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  ssize_t n;
  do {
    // MSG_NOSIGNAL: a closed peer is an EPIPE for the guest, not SIGPIPE for the host.
    n = ::sendmsg(e->host.get(), &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno_from_host(errno);
  mem.store<uint32_t>(so_datalen_out, static_cast<uint32_t>(n));
  return Errno::Success;
}

Errno sock_shutdown(Ctx& ctx, Mem, uint32_t fd, uint32_t how) {
  FdEntry* e;
  if (Errno err = lookup_socket(ctx, fd, right::kSockShutdown, e); err != Errno::Success) return err;
  int host_how;
  switch (how) {
    case kSdflagRd: host_how = SHUT_RD; break;
    case kSdflagWr: host_how = SHUT_WR; break;
    case kSdflagRd | kSdflagWr: host_how = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  return ::shutdown(e->host.get(), host_how) == 0 ? Errno::Success : errno_from_host(errno);
}

}  // namespace wisp::wasi
