// Creates many files with long names and lists them back with readdir, which
// needs several fd_readdir calls and cookies to resume.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 300

int main(void) {
  mkdir("/work/many", 0755);
  char name[256];
  for (int i = 0; i < N; ++i) {
    snprintf(name, sizeof name, "/work/many/entry_%03d_%s", i,
             "padding_to_make_the_directory_listing_larger_than_one_buffer");
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) return 1;
    close(fd);
  }
  mkdir("/work/many/subdir", 0755);
  static char seen[N];
  int files = 0, dirs = 0, dots = 0, other = 0;
  DIR* d = opendir("/work/many");
  if (!d) return 2;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
      ++dots;
      continue;
    }
    if (e->d_type == DT_DIR) {
      ++dirs;
      continue;
    }
    int idx;
    if (e->d_type == DT_REG && sscanf(e->d_name, "entry_%d_", &idx) == 1 && idx >= 0 && idx < N && !seen[idx]) {
      seen[idx] = 1;
      ++files;
    } else {
      ++other;
    }
  }
  closedir(d);
  printf("files=%d dirs=%d dots=%d other=%d\n", files, dirs, dots, other);

  // rewinddir / seekdir resume from cookies.
  d = opendir("/work/many");
  long pos = -1;
  int count = 0;
  char remembered[256] = {0};
  while ((e = readdir(d)) != NULL) {
    if (++count == 150) {
      pos = telldir(d);
    }
    if (count == 151) strcpy(remembered, e->d_name);
  }
  seekdir(d, pos);
  e = readdir(d);
  printf("seekdir_resumes=%d\n", e && !strcmp(e->d_name, remembered));
  rewinddir(d);
  int again = 0;
  while (readdir(d)) ++again;
  printf("rewind_count=%d\n", again);
  closedir(d);

  DIR* empty = opendir("/work/many/subdir");
  int n = 0;
  while (readdir(empty)) ++n;
  printf("empty_dir_entries=%d\n", n);
  closedir(empty);
  return 0;
}
