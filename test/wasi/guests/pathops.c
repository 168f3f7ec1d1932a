// mkdir/rmdir/unlink/rename/link/symlink/readlink and their errors.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(name, expr)                                              \
  do {                                                                 \
    errno = 0;                                                         \
    long long r_ = (long long)(expr);                                  \
    printf("%s=%lld errno=%d\n", name, r_, r_ < 0 ? errno : 0);        \
  } while (0)

static void touch(const char* p, const char* text) {
  int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(fd, text, strlen(text));
  close(fd);
}

int main(void) {
  CHECK("mkdir", mkdir("/work/a", 0755));
  CHECK("mkdir_exists", mkdir("/work/a", 0755));
  CHECK("mkdir_nested", mkdir("/work/a/b", 0755));
  CHECK("mkdir_missing_parent", mkdir("/work/x/y", 0755));
  touch("/work/a/b/file.txt", "content");
  CHECK("rmdir_not_empty", rmdir("/work/a"));
  CHECK("rmdir_file", rmdir("/work/a/b/file.txt"));
  CHECK("unlink_dir", unlink("/work/a/b"));
  CHECK("rename_file", rename("/work/a/b/file.txt", "/work/a/moved.txt"));
  CHECK("rename_missing", rename("/work/a/nothing", "/work/a/x"));
  CHECK("rename_dir", rename("/work/a/b", "/work/a/c"));
  CHECK("rename_dir_over_file", rename("/work/a/c", "/work/a/moved.txt"));
  CHECK("link", link("/work/a/moved.txt", "/work/a/hard.txt"));
  struct stat st;
  stat("/work/a/hard.txt", &st);
  printf("nlink=%d\n", (int)st.st_nlink);
  CHECK("link_exists", link("/work/a/moved.txt", "/work/a/hard.txt"));
  CHECK("symlink", symlink("moved.txt", "/work/a/sym"));
  char buf[64] = {0};
  CHECK("readlink", readlink("/work/a/sym", buf, sizeof buf));
  printf("readlink_text=%s\n", buf);
  memset(buf, 0, sizeof buf);
  CHECK("readlink_short", readlink("/work/a/sym", buf, 4));
  printf("readlink_short_text=%s\n", buf);
  CHECK("readlink_not_link", readlink("/work/a/moved.txt", buf, sizeof buf));
  int fd = open("/work/a/sym", O_RDONLY);
  memset(buf, 0, sizeof buf);
  read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("through_symlink=%s\n", buf);
  CHECK("open_nofollow_symlink", open("/work/a/sym", O_RDONLY | O_NOFOLLOW));
  CHECK("open_missing", open("/work/a/none", O_RDONLY));
  CHECK("open_excl_existing", open("/work/a/moved.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  CHECK("open_dir_for_write", open("/work/a", O_WRONLY));
  CHECK("open_file_as_dir", open("/work/a/moved.txt", O_RDONLY | O_DIRECTORY));
  CHECK("unlink_symlink", unlink("/work/a/sym"));
  CHECK("unlink", unlink("/work/a/hard.txt"));
  CHECK("unlink_missing", unlink("/work/a/hard.txt"));
  CHECK("unlink_file_slash", unlink("/work/a/moved.txt/"));
  CHECK("rmdir", rmdir("/work/a/c"));
  CHECK("dangling_symlink", symlink("nowhere", "/work/a/dangling"));
  CHECK("open_dangling", open("/work/a/dangling", O_RDONLY));
  CHECK("create_through_dangling", open("/work/a/dangling", O_CREAT | O_WRONLY, 0644));
  CHECK("stat_created_target", stat("/work/a/nowhere", &st));
  return 0;
}
