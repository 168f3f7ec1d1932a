/* The manifest example's `echo`: the request body back. */
#include <stdio.h>

int main(void) {
  char buf[4096];
  size_t n;
  printf("Content-Type: application/octet-stream\n\n");
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
  return 0;
}
