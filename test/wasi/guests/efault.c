// Hands WASI calls pointers outside linear memory: each must fail with
// EFAULT (21) and the host must not crash.
#include <stdint.h>
#include <stdio.h>
#include <wasi/api.h>

#define BAD ((void*)0xFFFFFFF0u)

// path_open with an explicit length: the libc wrapper would strlen() the bad pointer itself.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t raw_path_open(
    int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t base, int64_t inheriting,
    int32_t fdflags, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_filestat_get"))) int32_t
raw_path_filestat_get(int32_t fd, int32_t flags, int32_t path, int32_t path_len, int32_t out);

static void report(const char* name, int err) { printf("%s=%d\n", name, err); }

int main(void) {
  __wasi_size_t n;
  __wasi_fd_t opened;
  __wasi_ciovec_t bad_buf = {(const uint8_t*)0xFFFFFF00u, 0x1000};
  report("fd_write_iovs", __wasi_fd_write(1, BAD, 1, &n));
  report("fd_write_buf", __wasi_fd_write(1, &bad_buf, 1, &n));
  report("fd_write_nwritten", __wasi_fd_write(1, &bad_buf, 0, BAD));
  __wasi_iovec_t bad_rbuf = {(uint8_t*)0xFFFFFF00u, 0x1000};
  report("fd_read_buf", __wasi_fd_read(0, &bad_rbuf, 1, &n));
  report("args_sizes_get", __wasi_args_sizes_get(BAD, &n));
  report("args_get", __wasi_args_get(BAD, BAD));
  report("environ_get", __wasi_environ_get(BAD, BAD));
  report("clock_time_get", __wasi_clock_time_get(0, 1, BAD));
  report("clock_res_get", __wasi_clock_res_get(0, BAD));
  report("random_get", __wasi_random_get(BAD, 0x100));
  report("fd_fdstat_get", __wasi_fd_fdstat_get(1, BAD));
  report("fd_filestat_get", __wasi_fd_filestat_get(1, BAD));
  report("fd_prestat_get", __wasi_fd_prestat_get(3, BAD));
  report("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(3, BAD, 100));
  __wasi_fd_t file;
  (void)__wasi_path_open(3, 0, "efault.tmp", __WASI_OFLAGS_CREAT,
                         __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_WRITE, 0, 0, &file);
  report("fd_seek", __wasi_fd_seek(file, 0, __WASI_WHENCE_CUR, BAD));
  report("fd_tell", __wasi_fd_tell(file, BAD));
  report("fd_readdir", __wasi_fd_readdir(3, BAD, 0x1000, 0, &n));
  report("path_open_path", raw_path_open(3, 0, (int32_t)0xFFFFFFF0u, 8, 0, 0, 0, 0, (int32_t)(uintptr_t)&opened));
  report("path_filestat_get_path", raw_path_filestat_get(3, 0, (int32_t)0xFFFFFF00u, 0x1000, (int32_t)(uintptr_t)&n));
  report("path_open_out", __wasi_path_open(3, 0, ".", 0, 0, 0, 0, BAD));
  report("path_filestat_get", __wasi_path_filestat_get(3, 0, ".", BAD));
  report("poll_oneoff", __wasi_poll_oneoff(BAD, BAD, 4, &n));
  report("path_readlink", __wasi_path_readlink(3, "x", BAD, 0x1000, &n));
  // An iovec array whose length wraps around 32 bits.
  report("fd_write_huge_count", __wasi_fd_write(1, (const __wasi_ciovec_t*)&bad_buf, 0x20000000, &n));
  printf("still_alive=1\n");
  return 0;
}
