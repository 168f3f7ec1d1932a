// Hostile stdio guest: tries to reach host files through every path trick
// WASI preview1 allows a guest to express: path_open relative to every fd
// number (stdio included) with "..", absolute, /proc and symlink-following
// paths; symlink and link creation; fd_readdir and prestat probing; libc's
// own open()/opendir(), which go through wasi-libc's preopen lookup. Then it
// floods path_open (fd exhaustion attempt). It prints one line per success
// and a summary; the test expects "escapes 0".
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static int escapes = 0;
static int attempts = 0;

static void report(const char* what, const char* path, int fd) {
  ++escapes;
  printf("ESCAPE %s fd=%d path=%s\n", what, fd, path);
}

static const char* const kPaths[] = {
    "/etc/passwd", "../../../../../../etc/passwd", "../etc/passwd", "etc/passwd", ".", "..", "/",
    "/proc/self/environ", "/proc/self/maps", "/proc/self/fd/0", "/proc/self/root/etc/passwd",
    "/dev/zero", "/tmp", "./../..", "a/../../..", "//etc//passwd", "/etc/../etc/passwd",
};

static void try_path_open(__wasi_fd_t fd, const char* path) {
  for (int follow = 0; follow < 2; ++follow) {
    for (int dir = 0; dir < 2; ++dir) {
      __wasi_fd_t opened = 0;
      ++attempts;
      __wasi_errno_t err = __wasi_path_open(fd, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path,
                                            dir ? __WASI_OFLAGS_DIRECTORY : 0, ~(__wasi_rights_t)0,
                                            ~(__wasi_rights_t)0, 0, &opened);
      if (err == 0) report("path_open", path, (int)fd);
    }
  }
}

int main(void) {
  // Every fd number a guest could name: stdio, would-be preopens, beyond.
  for (__wasi_fd_t fd = 0; fd < 64; ++fd)
    for (size_t p = 0; p < sizeof kPaths / sizeof kPaths[0]; ++p) try_path_open(fd, kPaths[p]);
  for (__wasi_fd_t fd = 0xFFFFFFF0u; fd != 0; ++fd) try_path_open(fd, "/etc/passwd");

  // Preopened directories the guest could discover.
  for (__wasi_fd_t fd = 0; fd < 64; ++fd) {
    __wasi_prestat_t prestat;
    ++attempts;
    if (__wasi_fd_prestat_get(fd, &prestat) == 0) report("prestat", "-", (int)fd);
  }
  // Making links that would point outside.
  for (__wasi_fd_t fd = 0; fd < 8; ++fd) {
    ++attempts;
    if (__wasi_path_symlink("/etc/passwd", fd, "link") == 0) report("symlink", "link", (int)fd);
    ++attempts;
    if (__wasi_path_symlink("../../../../etc", fd, "up") == 0) report("symlink", "up", (int)fd);
    ++attempts;
    if (__wasi_path_link(fd, 0, "/etc/passwd", fd, "hard") == 0) report("link", "hard", (int)fd);
    ++attempts;
    if (__wasi_path_create_directory(fd, "../made") == 0) report("mkdir", "../made", (int)fd);
    char buf[256];
    __wasi_size_t used = 0;
    ++attempts;
    if (fd > 2 && __wasi_fd_readdir(fd, (uint8_t*)buf, sizeof buf, 0, &used) == 0)
      report("readdir", "-", (int)fd);
    ++attempts;
    __wasi_filestat_t st;
    if (__wasi_path_filestat_get(fd, 0, "/etc/passwd", &st) == 0) report("filestat", "/etc/passwd", (int)fd);
  }
  // libc's view (wasi-libc resolves paths against preopens).
  for (size_t p = 0; p < sizeof kPaths / sizeof kPaths[0]; ++p) {
    ++attempts;
    int fd = open(kPaths[p], O_RDONLY);
    if (fd >= 0) report("open", kPaths[p], fd);
    ++attempts;
    DIR* d = opendir(kPaths[p]);
    if (d) report("opendir", kPaths[p], -1);
  }
  // A flood of opens: if any succeeded and leaked, the host would run out of fds.
  for (int i = 0; i < 100000; ++i) {
    __wasi_fd_t opened = 0;
    ++attempts;
    if (__wasi_path_open((__wasi_fd_t)(i % 8), 0, "etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &opened) == 0)
      report("flood", "etc/passwd", i % 8);
  }
  printf("attempts %d escapes %d\n", attempts, escapes);
  return 0;
}
