// Resolving guest paths beneath a directory descriptor: the capability
// sandbox. Nothing here ever touches a host object outside the starting
// directory: absolute paths, `..` above the start, symlinks pointing outside
// (absolute or via `..`) and symlink loops all fail, with no side effect.
//
// With openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) the kernel enforces
// this atomically. Without it (ENOSYS on old kernels) the same rules are
// applied by a component-by-component walk: every step is an
// openat(O_PATH | O_NOFOLLOW) relative to a descriptor already held, `..` pops
// the walk's own stack instead of asking the host, and symlink targets are read
// and spliced in by the walker. A rename racing the walk therefore can move
// where a path leads, but never above the start.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/abi.h"
#include "wasi/unique_fd.h"
#include "wisp/error.h"

namespace wisp::wasi {

// A directory (held, or borrowed from the fd table) plus one final component
// to operate on with the *at() system calls. `leaf` is never empty, never
// contains '/', and is never ".." (a path ending in "." or ".." resolves to
// the directory itself with leaf ".").
struct Beneath {
  UniqueFd owned;
  int borrowed = -1;
  std::string leaf;
  // The guest path ended in '/': the object must be a directory.
  bool must_be_dir = false;
  // Symlinks the fallback walk followed to reach the directory (0 when
  // openat2 resolved it): part of the lookup's 40-link budget.
  int symlinks = 0;
  int dir() const { return owned.valid() ? owned.get() : borrowed; }
};

// Checks a guest path before any lookup: empty -> NoEnt, NUL byte -> Ilseq,
// absolute -> NotCapable.
Errno check_guest_path(std::string_view path);

// The parent of the final component; the final component is not followed.
Expected<Beneath, Errno> resolve_parent(int dirfd, std::string_view path);
// Like resolve_parent, but when the final component is a symlink its target
// is resolved (still beneath `dirfd`) until the leaf is not a symlink.
Expected<Beneath, Errno> resolve_follow(int dirfd, std::string_view path);
// A directory beneath `dirfd` as an O_PATH descriptor.
Expected<UniqueFd, Errno> open_dir_beneath(int dirfd, std::string_view path);
// open(2) beneath `dirfd`: `flags` are host open flags (O_NOFOLLOW = do not
// follow a final symlink); O_CLOEXEC is always added.
Expected<UniqueFd, Errno> open_beneath(int dirfd, std::string_view path, int flags, mode_t mode);

// Whether openat2 is used (probed once; false after the kernel said ENOSYS).
bool openat2_in_use();
// Tests only: force the fallback walk (false) or allow openat2 again (true).
void set_openat2_allowed_for_testing(bool allowed);

}  // namespace wisp::wasi
