// The sandbox-escape suite: every trick to reach outside a preopen, and every
// change in a read-only preopen, through the raw WASI calls (so the host, not
// wasi-libc, decides). Prints "name=errno" per attempt (0 = allowed).
// Expects fd 3 = read-write preopen, fd 4 = read-only preopen, prepared by the test.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define RW 3
#define RO 4

__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t raw_path_open(
    int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t base, int64_t inheriting,
    int32_t fdflags, int32_t out);

// proc_raise is deprecated and no longer declared by wasi-libc's header.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int32_t raw_proc_raise(int32_t sig);

static const __wasi_rights_t kRead = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET;
static const __wasi_rights_t kWrite = __WASI_RIGHTS_FD_WRITE;

static void report(const char* name, int err) { printf("%s=%d\n", name, err); }

static int open_at(__wasi_fd_t dir, const char* path, int follow, __wasi_oflags_t oflags, __wasi_rights_t rights) {
  __wasi_fd_t fd;
  int err = __wasi_path_open(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, oflags, rights, 0, 0, &fd);
  if (err == 0) (void)__wasi_fd_close(fd);
  return err;
}

int main(void) {
  // Escapes by path.
  report("dotdot", open_at(RW, "../outside.txt", 1, 0, kRead));
  report("dotdot_deep", open_at(RW, "sub/../../outside.txt", 1, 0, kRead));
  report("dotdot_dir", open_at(RW, "..", 1, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR));
  report("dotdot_inside_ok", open_at(RW, "sub/../inside.txt", 1, 0, kRead));
  report("absolute", open_at(RW, "/etc/passwd", 1, 0, kRead));
  report("absolute_outside", open_at(RW, "/outside.txt", 1, 0, kRead));
  report("empty_path", open_at(RW, "", 1, 0, kRead));
  char with_nul[] = "inside.txt\0../../outside.txt";
  int32_t fd_out = 0;
  report("nul_in_path", raw_path_open(RW, 1, (int32_t)(uintptr_t)with_nul, sizeof with_nul - 1, 0, (int64_t)kRead, 0,
                                      0, (int32_t)(uintptr_t)&fd_out));
  // Escapes through symlinks the host placed in the preopen.
  report("symlink_absolute", open_at(RW, "link_abs", 1, 0, kRead));
  report("symlink_absolute_nofollow", open_at(RW, "link_abs", 0, 0, kRead));
  report("symlink_up", open_at(RW, "link_up", 1, 0, kRead));
  report("symlink_dir_up", open_at(RW, "link_dir_up/outside.txt", 1, 0, kRead));
  report("symlink_dir_up_nofollow", open_at(RW, "link_dir_up/outside.txt", 0, 0, kRead));
  report("symlink_loop", open_at(RW, "loop1", 1, 0, kRead));
  report("symlink_loop_dir", open_at(RW, "loop1/x", 1, 0, kRead));
  report("symlink_inside_ok", open_at(RW, "link_sub/in_sub.txt", 1, 0, kRead));
  report("create_through_abs_link", open_at(RW, "dangling_abs", 1, __WASI_OFLAGS_CREAT, kRead | kWrite));
  __wasi_filestat_t st;
  report("stat_dotdot", __wasi_path_filestat_get(RW, 0, "../outside.txt", &st));
  report("stat_symlink_abs_follow", __wasi_path_filestat_get(RW, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_abs", &st));
  report("stat_symlink_abs_nofollow", __wasi_path_filestat_get(RW, 0, "link_abs", &st));
  report("stat_symlink_dir_up_slash", __wasi_path_filestat_get(RW, 0, "link_dir_up/", &st));
  report("set_times_outside",
         __wasi_path_filestat_set_times(RW, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_up", 0, 0,
                                        __WASI_FSTFLAGS_MTIM_NOW));
  // Changes outside.
  report("create_outside", open_at(RW, "../created_outside.txt", 1, __WASI_OFLAGS_CREAT, kRead | kWrite));
  report("mkdir_outside", __wasi_path_create_directory(RW, "../newdir"));
  report("mkdir_absolute", __wasi_path_create_directory(RW, "/tmp/wisp_escape_dir"));
  report("unlink_outside", __wasi_path_unlink_file(RW, "../outside.txt"));
  report("unlink_via_dir_link", __wasi_path_unlink_file(RW, "link_dir_up/outside.txt"));
  report("rmdir_outside", __wasi_path_remove_directory(RW, "../ro"));
  report("rename_out", __wasi_path_rename(RW, "inside.txt", RW, "../moved.txt"));
  report("rename_in", __wasi_path_rename(RW, "../outside.txt", RW, "stolen.txt"));
  report("link_out", __wasi_path_link(RW, 0, "inside.txt", RW, "../hard.txt"));
  report("link_in", __wasi_path_link(RW, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_up", RW, "hard_in.txt"));
  report("symlink_create_absolute", __wasi_path_symlink("/etc", RW, "esc_abs"));
  report("symlink_create_up", __wasi_path_symlink("../../outside.txt", RW, "sub/esc_up"));
  report("symlink_create_outside", __wasi_path_symlink("x", RW, "../esc_link"));
  report("symlink_create_inside_ok", __wasi_path_symlink("../inside.txt", RW, "sub/ok_link"));
  char buf[64];
  __wasi_size_t used = 0;
  report("readlink_outside", __wasi_path_readlink(RW, "../link_elsewhere", (uint8_t*)buf, sizeof buf, &used));

  // Rights: the read-only preopen refuses every change.
  report("ro_open_read_ok", open_at(RO, "r.txt", 1, 0, kRead));
  report("ro_open_write", open_at(RO, "r.txt", 1, 0, kRead | kWrite));
  report("ro_create", open_at(RO, "new.txt", 1, __WASI_OFLAGS_CREAT, kRead));
  report("ro_truncate", open_at(RO, "r.txt", 1, __WASI_OFLAGS_TRUNC, kRead));
  report("ro_mkdir", __wasi_path_create_directory(RO, "newdir"));
  report("ro_unlink", __wasi_path_unlink_file(RO, "r.txt"));
  report("ro_rmdir", __wasi_path_remove_directory(RO, "rsub"));
  report("ro_rename", __wasi_path_rename(RO, "r.txt", RO, "renamed.txt"));
  report("ro_rename_to_rw", __wasi_path_rename(RO, "r.txt", RW, "taken.txt"));
  report("ro_rename_from_rw", __wasi_path_rename(RW, "inside.txt", RO, "given.txt"));
  report("ro_link", __wasi_path_link(RO, 0, "r.txt", RO, "hard.txt"));
  report("ro_symlink", __wasi_path_symlink("r.txt", RO, "sym"));
  report("ro_set_times", __wasi_path_filestat_set_times(RO, 0, "r.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  __wasi_fd_t rfd;
  int err = __wasi_path_open(RO, 0, "r.txt", 0, kRead | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0, 0, &rfd);
  report("ro_open_with_set_size_right", err);
  err = __wasi_path_open(RO, 0, "r.txt", 0, kRead, 0, __WASI_FDFLAGS_APPEND, &rfd);
  report("ro_open_append", err);
  err = __wasi_path_open(RO, 0, "r.txt", 0, kRead, 0, 0, &rfd);
  report("ro_open_again_ok", err);
  __wasi_ciovec_t iov = {(const uint8_t*)"x", 1};
  __wasi_size_t nw;
  report("ro_fd_write", __wasi_fd_write(rfd, &iov, 1, &nw));
  report("ro_fd_set_size", __wasi_fd_filestat_set_size(rfd, 0));
  report("ro_fd_set_times", __wasi_fd_filestat_set_times(rfd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  report("ro_fd_allocate", __wasi_fd_allocate(rfd, 0, 10));
  report("ro_fd_widen_rights", __wasi_fd_fdstat_set_rights(rfd, kRead | kWrite, 0));
  report("ro_fd_set_append", __wasi_fd_fdstat_set_flags(rfd, __WASI_FDFLAGS_APPEND));
  (void)__wasi_fd_close(rfd);
  __wasi_fd_t sub;
  err = __wasi_path_open(RO, 0, "rsub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN,
                         __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_PATH_CREATE_FILE, 0, &sub);
  report("ro_open_subdir_ok", err);
  report("ro_subdir_create", open_at(sub, "x.txt", 1, __WASI_OFLAGS_CREAT, kRead | kWrite));
  report("ro_subdir_mkdir", __wasi_path_create_directory(sub, "d"));

  // Descriptor misuse.
  report("bad_fd", open_at(99, "inside.txt", 1, 0, kRead));
  __wasi_fd_t file;
  (void)__wasi_path_open(RW, 0, "inside.txt", 0, kRead, 0, 0, &file);
  report("file_as_dir", open_at(file, "x", 1, 0, kRead));
  report("dropped_right", __wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_SEEK, 0));
  __wasi_size_t nr;
  __wasi_iovec_t riov = {(uint8_t*)buf, sizeof buf};
  report("read_without_right", __wasi_fd_read(file, &riov, 1, &nr));
  report("regain_right", __wasi_fd_fdstat_set_rights(file, kRead, 0));
  __wasi_prestat_t pre;
  report("prestat_not_preopen", __wasi_fd_prestat_get(file, &pre));
  report("readdir_on_file", __wasi_fd_readdir(file, (uint8_t*)buf, sizeof buf, 0, &used));
  report("sock_on_file", __wasi_sock_shutdown(file, __WASI_SDFLAGS_WR));
  (void)__wasi_fd_close(file);
  report("proc_raise", raw_proc_raise(15));
  return 0;
}
