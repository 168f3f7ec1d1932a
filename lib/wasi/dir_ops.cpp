// fd_readdir and the path_* calls that act on one name in a directory. Every
// path is resolved beneath the directory descriptor (path_resolve.h); the
// final system call then works on (parent directory fd, leaf name) so no
// lookup ever starts from the host's root or current directory.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "wasi/functions.h"
#include "wasi/path_resolve.h"

namespace wisp::wasi {
namespace {

Errno host_result(int rc) { return rc == 0 ? Errno::Success : errno_from_host(errno); }

Filetype filetype_from_dtype(unsigned char d) {
  switch (d) {
    case DT_REG: return Filetype::RegularFile;
    case DT_DIR: return Filetype::Directory;
    case DT_LNK: return Filetype::SymbolicLink;
    case DT_CHR: return Filetype::CharacterDevice;
    case DT_BLK: return Filetype::BlockDevice;
    case DT_SOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;
  }
}

// The directory `fd` and the guest path at (ptr, len), resolved to parent + leaf.
Expected<Beneath, Errno> resolve(Ctx& ctx, Mem mem, uint32_t fd, Rights needed, uint32_t ptr, uint32_t len,
                                 bool follow) {
  FdEntry* dir;
  if (Errno err = lookup_dir(ctx, fd, needed, dir); err != Errno::Success) return unexpected(err);
  auto path = mem.string(ptr, len);
  if (!path) return unexpected(Errno::Fault);
  return follow ? resolve_follow(dir->host.get(), *path) : resolve_parent(dir->host.get(), *path);
}

bool is_dir_at(const Beneath& b) {
  struct stat st;
  return ::fstatat(b.dir(), b.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

// Whether a relative symlink target placed at `link_path` (relative to the
// preopen) would lead above the preopen when read lexically. Following is
// sandboxed anyway; refusing such links keeps the host tree free of links
// that lead outside for other programs to trip over.
bool target_escapes(std::string_view link_path, std::string_view target) {
  int depth = 0;
  auto walk = [&depth](std::string_view p, bool skip_last) {
    size_t i = 0;
    std::vector<std::string_view> comps;
    while (i <= p.size()) {
      size_t j = p.find('/', i);
      if (j == std::string_view::npos) j = p.size();
      std::string_view c = p.substr(i, j - i);
      if (!c.empty() && c != ".") comps.push_back(c);
      i = j + 1;
    }
    if (skip_last && !comps.empty()) comps.pop_back();
    for (auto c : comps) {
      depth += c == ".." ? -1 : 1;
      if (depth < 0) return false;
    }
    return true;
  };
  return !walk(link_path, true) || !walk(target, false);
}

}  // namespace

Errno fd_readdir(Ctx& ctx, Mem mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                 uint32_t bufused_out) {
  FdEntry* e;
  if (Errno err = lookup_dir(ctx, fd, right::kFdReaddir, e); err != Errno::Success) return err;
  auto out = mem.bytes(buf, buf_len);
  if (!out || !mem.in_bounds(bufused_out, 4)) return Errno::Fault;
  // Resume from a remembered kernel offset, or rescan and skip `cookie` entries.
  int64_t start = 0;
  uint64_t skip = cookie;
  for (const auto& p : e->readdir_positions) {
    if (cookie != 0 && p.cookie == cookie) {
      start = p.kernel_offset;
      skip = 0;
    }
  }
  if (::lseek(e->host.get(), static_cast<off_t>(start), SEEK_SET) < 0) return errno_from_host(errno);
  uint64_t next_cookie = cookie - skip;
  alignas(8) char chunk[16384];
  uint32_t used = 0;
  while (used < buf_len) {
    long n = ::syscall(SYS_getdents64, e->host.get(), chunk, sizeof chunk);
    if (n < 0) return errno_from_host(errno);
    if (n == 0) break;
    for (long pos = 0; pos < n && used < buf_len;) {
      auto* d = reinterpret_cast<struct dirent64*>(chunk + pos);
      pos += d->d_reclen;
      ++next_cookie;
      if (skip > 0) {
        --skip;
        continue;
      }
      e->readdir_positions[0] = e->readdir_positions[1];
      e->readdir_positions[1] = {next_cookie, static_cast<int64_t>(d->d_off)};
      uint32_t namlen = static_cast<uint32_t>(std::strlen(d->d_name));
      uint8_t head[layout::kDirentSize] = {};
      uint64_t ino = d->d_ino;
      std::memcpy(head + 0, &next_cookie, 8);
      std::memcpy(head + 8, &ino, 8);
      std::memcpy(head + 16, &namlen, 4);
      head[20] = static_cast<uint8_t>(filetype_from_dtype(d->d_type));
      // The last entry may be cut short: a full buffer tells the guest to ask again.
      uint32_t take = std::min<uint32_t>(layout::kDirentSize, buf_len - used);
      std::memcpy(out->data() + used, head, take);
      used += take;
      take = std::min<uint32_t>(namlen, buf_len - used);
      std::memcpy(out->data() + used, d->d_name, take);
      used += take;
    }
  }
  mem.store<uint32_t>(bufused_out, used);
  return Errno::Success;
}

Errno path_create_directory(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b,
                              resolve(ctx, mem, fd, right::kPathCreateDirectory, path, path_len, false));
  return host_result(::mkdirat(b.dir(), b.leaf.c_str(), 0777));
}

Errno path_filestat_get(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t out) {
  if (!mem.in_bounds(out, layout::kFilestatSize)) return Errno::Fault;
  bool follow = flags & kLookupSymlinkFollow;
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b,
                              resolve(ctx, mem, fd, right::kPathFilestatGet, path, path_len, follow));
  if (b.must_be_dir && !follow) {
    WISP_ASSIGN_OR_RETURN_ERRNO(b, resolve(ctx, mem, fd, right::kPathFilestatGet, path, path_len, true));
  }
  struct stat st;
  if (::fstatat(b.dir(), b.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno_from_host(errno);
  if (b.must_be_dir && !S_ISDIR(st.st_mode)) return Errno::NotDir;
  return store_filestat(mem, out, st);
}

Errno path_filestat_set_times(Ctx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path,
                              uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  struct timespec ts[2];
  if (Errno err = times_from_fst(atim, mtim, fst_flags, ts); err != Errno::Success) return err;
  bool follow = flags & kLookupSymlinkFollow;
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b,
                              resolve(ctx, mem, fd, right::kPathFilestatSetTimes, path, path_len, follow));
  return host_result(::utimensat(b.dir(), b.leaf.c_str(), ts, AT_SYMLINK_NOFOLLOW));
}

Errno path_link(Ctx& ctx, Mem mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len) {
  bool follow = old_flags & kLookupSymlinkFollow;
  WISP_ASSIGN_OR_RETURN_ERRNO(
      Beneath from, resolve(ctx, mem, old_fd, right::kPathLinkSource, old_path, old_path_len, follow));
  WISP_ASSIGN_OR_RETURN_ERRNO(
      Beneath to, resolve(ctx, mem, new_fd, right::kPathLinkTarget, new_path, new_path_len, false));
  if (from.must_be_dir || to.must_be_dir) return is_dir_at(from) ? Errno::Perm : Errno::NotDir;
  return host_result(::linkat(from.dir(), from.leaf.c_str(), to.dir(), to.leaf.c_str(), 0));
}

Errno path_readlink(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                    uint32_t buf_len, uint32_t bufused_out) {
  auto out = mem.bytes(buf, buf_len);
  if (!out || !mem.in_bounds(bufused_out, 4)) return Errno::Fault;
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b, resolve(ctx, mem, fd, right::kPathReadlink, path, path_len, false));
  if (b.must_be_dir) return Errno::Inval;
  // Read into a host buffer of PATH_MAX so a short guest buffer truncates
  // instead of failing, as the spec allows.
  char target[4096];
  ssize_t n = ::readlinkat(b.dir(), b.leaf.c_str(), target, sizeof target);
  if (n < 0) return errno_from_host(errno);
  uint32_t take = std::min<uint32_t>(static_cast<uint32_t>(n), buf_len);
  std::memcpy(out->data(), target, take);
  mem.store<uint32_t>(bufused_out, take);
  return Errno::Success;
}

Errno path_remove_directory(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b,
                              resolve(ctx, mem, fd, right::kPathRemoveDirectory, path, path_len, false));
  return host_result(::unlinkat(b.dir(), b.leaf.c_str(), AT_REMOVEDIR));
}

Errno path_rename(Ctx& ctx, Mem mem, uint32_t fd, uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_path_len) {
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath from,
                              resolve(ctx, mem, fd, right::kPathRenameSource, old_path, old_path_len, false));
  WISP_ASSIGN_OR_RETURN_ERRNO(
      Beneath to, resolve(ctx, mem, new_fd, right::kPathRenameTarget, new_path, new_path_len, false));
  if ((from.must_be_dir || to.must_be_dir) && !is_dir_at(from)) {
    struct stat st;
    if (::fstatat(from.dir(), from.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return errno_from_host(errno);
    return Errno::NotDir;
  }
  return host_result(::renameat(from.dir(), from.leaf.c_str(), to.dir(), to.leaf.c_str()));
}

Errno path_symlink(Ctx& ctx, Mem mem, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
                   uint32_t new_path, uint32_t new_path_len) {
  auto target = mem.string(old_path, old_path_len);
  auto link = mem.string(new_path, new_path_len);
  if (!target || !link) return Errno::Fault;
  if (target->empty()) return Errno::NoEnt;
  if (target->find('\0') != std::string_view::npos) return Errno::Ilseq;
  if (target->front() == '/' || target_escapes(*link, *target)) {
    // Still report a bad directory descriptor or path first, as a lookup would.
    FdEntry* dir;
    if (Errno err = lookup_dir(ctx, fd, right::kPathSymlink, dir); err != Errno::Success) return err;
    return Errno::NotCapable;
  }
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b,
                              resolve(ctx, mem, fd, right::kPathSymlink, new_path, new_path_len, false));
  if (b.must_be_dir) return Errno::NoEnt;
  std::string t(*target);
  return host_result(::symlinkat(t.c_str(), b.dir(), b.leaf.c_str()));
}

Errno path_unlink_file(Ctx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  WISP_ASSIGN_OR_RETURN_ERRNO(Beneath b,
                              resolve(ctx, mem, fd, right::kPathUnlinkFile, path, path_len, false));
  if (b.must_be_dir) {
    struct stat st;
    if (::fstatat(b.dir(), b.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno_from_host(errno);
    return S_ISDIR(st.st_mode) ? Errno::IsDir : Errno::NotDir;
  }
  return host_result(::unlinkat(b.dir(), b.leaf.c_str(), 0));
}

}  // namespace wisp::wasi
