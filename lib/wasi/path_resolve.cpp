#include "wasi/path_resolve.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <vector>

namespace wisp::wasi {
namespace {

// Linux's own limit on symlinks followed in one lookup.
constexpr int kMaxSymlinks = 40;
// openat2 returns EAGAIN when a concurrent rename might have let `..` race;
// retrying is what the kernel documentation asks for.
constexpr int kMaxEagainRetries = 64;

std::atomic<bool> g_openat2_usable{true};

bool is_dot_or_dotdot(std::string_view c) { return c == "." || c == ".."; }

// Splits "a/b//c/" into {"a","b","c"}; empty and "." components vanish.
void split_components(std::string_view path, std::deque<std::string>& out, bool at_front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view c = path.substr(i, j - i);
    if (!c.empty() && c != ".") parts.emplace_back(c);
    i = j + 1;
  }
  if (at_front)
    out.insert(out.begin(), parts.begin(), parts.end());
  else
    out.insert(out.end(), parts.begin(), parts.end());
}

Expected<std::string, Errno> read_link(int dirfd, const char* name) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dirfd, name, buf.data(), buf.size());
    if (n < 0) return unexpected(errno_from_host(errno));
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      return buf;
    }
    if (buf.size() >= 65536) return unexpected(Errno::NameTooLong);
    buf.resize(buf.size() * 2);
  }
}

// The careful walk used when openat2 is missing: the directory at `path`,
// as an O_PATH descriptor; `links` counts the symlinks it followed.
Expected<UniqueFd, Errno> walk_beneath(int dirfd, std::string_view path, int& links) {
  std::deque<std::string> todo;
  split_components(path, todo, false);
  std::vector<UniqueFd> stack;
  links = 0;
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    if (c == "..") {
      if (stack.empty()) return unexpected(Errno::NotCapable);
      stack.pop_back();
      continue;
    }
    int cur = stack.empty() ? dirfd : stack.back().get();
    UniqueFd fd(::openat(cur, c.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) return unexpected(errno_from_host(errno));
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) return unexpected(errno_from_host(errno));
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxSymlinks) return unexpected(Errno::Loop);
      auto target = read_link(fd.get(), "");
      if (!target) return unexpected(target.error());
      if (target->empty()) return unexpected(Errno::NoEnt);
      if ((*target)[0] == '/') return unexpected(Errno::NotCapable);
      split_components(*target, todo, true);
      continue;
    }
    if (!S_ISDIR(st.st_mode)) return unexpected(Errno::NotDir);
    stack.push_back(std::move(fd));
  }
  if (!stack.empty()) return std::move(stack.back());
  UniqueFd copy(::fcntl(dirfd, F_DUPFD_CLOEXEC, 0));
  if (!copy.valid()) return unexpected(errno_from_host(errno));
  return copy;
}

// openat2 beneath `dirfd`; ENOSYS disables it for the rest of the process.
// Returns false (leaving `out` untouched) when openat2 is not available.
bool try_openat2(int dirfd, const std::string& path, int flags, mode_t mode, Expected<UniqueFd, Errno>& out) {
  if (!g_openat2_usable.load(std::memory_order_relaxed)) return false;
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  // O_TMPFILE includes the O_DIRECTORY bit: test it as a whole.
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    long fd = ::syscall(SYS_openat2, dirfd, path.c_str(), &how, sizeof how);
    if (fd >= 0) {
      out = UniqueFd(static_cast<int>(fd));
      return true;
    }
    int e = errno;
    if (e == ENOSYS) {
      g_openat2_usable.store(false, std::memory_order_relaxed);
      return false;
    }
    if (e == EAGAIN && attempt < kMaxEagainRetries) continue;
    // EXDEV is how RESOLVE_BENEATH reports an escape (absolute symlink or `..` above the start).
    out = unexpected(e == EXDEV ? Errno::NotCapable : errno_from_host(e));
    return true;
  }
}

}  // namespace

bool openat2_in_use() { return g_openat2_usable.load(std::memory_order_relaxed); }
void set_openat2_allowed_for_testing(bool allowed) { g_openat2_usable.store(allowed); }

Errno check_guest_path(std::string_view path) {
  if (path.empty()) return Errno::NoEnt;
  if (path.find('\0') != std::string_view::npos) return Errno::Ilseq;
  if (path.front() == '/') return Errno::NotCapable;
  return Errno::Success;
}

// open_dir_beneath, also reporting the symlinks the fallback walk followed.
Expected<UniqueFd, Errno> open_dir_counting(int dirfd, std::string_view path, int& links) {
  links = 0;
  if (Errno e = check_guest_path(path); e != Errno::Success) return unexpected(e);
  std::string p(path);
  Expected<UniqueFd, Errno> out = unexpected(Errno::Io);
  if (try_openat2(dirfd, p, O_PATH | O_DIRECTORY, 0, out)) return out;
  return walk_beneath(dirfd, p, links);
}

Expected<UniqueFd, Errno> open_dir_beneath(int dirfd, std::string_view path) {
  int links = 0;
  return open_dir_counting(dirfd, path, links);
}

Expected<Beneath, Errno> resolve_parent(int dirfd, std::string_view path) {
  if (Errno e = check_guest_path(path); e != Errno::Success) return unexpected(e);
  Beneath b;
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
    b.must_be_dir = true;
  }
  size_t slash = path.rfind('/');
  std::string_view dirpart = slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
  std::string_view leaf = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (is_dot_or_dotdot(leaf)) {
    // The object is the directory the whole path names; resolve it as one.
    WISP_ASSIGN_OR_RETURN(b.owned, open_dir_counting(dirfd, path, b.symlinks));
    b.leaf = ".";
    return b;
  }
  b.leaf = std::string(leaf);
  if (dirpart.empty()) {
    b.borrowed = dirfd;
    return b;
  }
  WISP_ASSIGN_OR_RETURN(b.owned, open_dir_counting(dirfd, dirpart, b.symlinks));
  return b;
}

Expected<Beneath, Errno> resolve_follow(int dirfd, std::string_view path) {
  std::string current(path);
  // One budget for the whole lookup, as the kernel keeps: every hop
  // re-resolves "<dir of the link>/<target>" from the top, so the links of
  // the directory part walked before are not counted again, only those the
  // target's own directories add.
  int links = 0, links_of_dir = 0;
  for (bool first = true;; first = false) {
    WISP_ASSIGN_OR_RETURN(Beneath b, resolve_parent(dirfd, current));
    links += first ? b.symlinks : std::max(0, b.symlinks - links_of_dir);
    links_of_dir = b.symlinks;
    if (links > kMaxSymlinks) return unexpected(Errno::Loop);
    if (b.leaf == ".") return b;
    auto target = read_link(b.dir(), b.leaf.c_str());
    // Not a symlink (EINVAL) or not there at all: the leaf is final as is.
    if (!target) return b;
    if (target->empty()) return unexpected(Errno::NoEnt);
    if ((*target)[0] == '/') return unexpected(Errno::NotCapable);
    // Re-resolve "<dir of the link>/<target>" from the top, beneath dirfd.
    std::string_view cur = current;
    while (cur.size() > 1 && cur.back() == '/') cur.remove_suffix(1);
    size_t slash = cur.rfind('/');
    std::string next =
        slash == std::string_view::npos ? std::string() : std::string(cur.substr(0, slash + 1));
    next += *target;
    if (b.must_be_dir) next += '/';
    current = std::move(next);
    if (++links > kMaxSymlinks) return unexpected(Errno::Loop);
  }
}

Expected<UniqueFd, Errno> open_beneath(int dirfd, std::string_view path, int flags, mode_t mode) {
  if (Errno e = check_guest_path(path); e != Errno::Success) return unexpected(e);
  Expected<UniqueFd, Errno> out = unexpected(Errno::Io);
  if (try_openat2(dirfd, std::string(path), flags, mode, out)) return out;

  // A trailing '/' makes the kernel follow a final symlink even with
  // O_NOFOLLOW ("link/" names the directory the link points to); so does the walk.
  bool follow = !(flags & O_NOFOLLOW) || path.back() == '/';
  Expected<Beneath, Errno> where = follow ? resolve_follow(dirfd, path) : resolve_parent(dirfd, path);
  if (!where) return unexpected(where.error());
  if (where->must_be_dir) flags |= O_DIRECTORY;
  // The leaf is not a symlink (or the caller asked not to follow one): a
  // symlink swapped in after the check makes O_NOFOLLOW fail with ELOOP.
  UniqueFd fd(::openat(where->dir(), where->leaf.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd.valid()) return unexpected(errno_from_host(errno));
  return fd;
}

}  // namespace wisp::wasi
