// fd_write/read/seek/tell/pread/pwrite/allocate/advise/sync and sizes, on a
// file in the first preopen (mapped as "/work" by the test).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(name, expr) printf("%s=%lld\n", name, (long long)(expr))

int main(void) {
  int fd = open("/work/data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int open_errno = errno;
  CHECK("open_ok", fd >= 0);
  if (fd < 0) {
    CHECK("open_errno", open_errno);
    return 0;
  }
  CHECK("write", write(fd, "hello world", 11));
  CHECK("tell_after_write", lseek(fd, 0, SEEK_CUR));
  CHECK("seek_set", lseek(fd, 6, SEEK_SET));
  char buf[64] = {0};
  CHECK("read", read(fd, buf, 5));
  printf("read_data=%s\n", buf);
  memset(buf, 0, sizeof buf);
  CHECK("pread", pread(fd, buf, 5, 0));
  printf("pread_data=%s\n", buf);
  CHECK("tell_after_pread", lseek(fd, 0, SEEK_CUR));
  CHECK("pwrite", pwrite(fd, "HELLO", 5, 0));
  memset(buf, 0, sizeof buf);
  CHECK("pread_all", pread(fd, buf, sizeof buf - 1, 0));
  printf("content=%s\n", buf);
  CHECK("seek_end", lseek(fd, -5, SEEK_END));
  errno = 0;
  CHECK("seek_negative", lseek(fd, -100, SEEK_SET));
  CHECK("seek_negative_errno", errno);
  CHECK("ftruncate", ftruncate(fd, 5));
  struct stat st;
  fstat(fd, &st);
  CHECK("size_after_truncate", st.st_size);
  CHECK("fsync", fsync(fd));
  CHECK("fdatasync", fdatasync(fd));
  CHECK("fadvise", posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL));
  CHECK("fallocate", posix_fallocate(fd, 0, 100));
  fstat(fd, &st);
  CHECK("size_after_fallocate", st.st_size);
  CHECK("ftruncate_back", ftruncate(fd, 5));
  CHECK("close", close(fd));
  errno = 0;
  CHECK("close_again", close(fd));
  CHECK("close_again_errno", errno);

  int ap = open("/work/data.txt", O_WRONLY | O_APPEND);
  CHECK("append_open_ok", ap >= 0);
  CHECK("append_write", write(ap, "!", 1));
  errno = 0;
  CHECK("read_on_writeonly", read(ap, buf, 1));
  CHECK("read_on_writeonly_errno", errno);
  close(ap);

  FILE* f = fopen("/work/data.txt", "r");
  memset(buf, 0, sizeof buf);
  CHECK("fread", fread(buf, 1, sizeof buf - 1, f));
  printf("final=%s\n", buf);
  fclose(f);

  int ro = open("/work/data.txt", O_RDONLY);
  errno = 0;
  CHECK("write_on_readonly", write(ro, "x", 1));
  CHECK("write_on_readonly_errno", errno);
  close(ro);
  return 0;
}
