// Exits with the status given as argv[1]; "return" uses main's return value,
// anything else calls exit() (proc_exit) from a nested function.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static void leave(int code) {
  printf("exiting with %d\n", code);
  fflush(stdout);
  exit(code);
}

int main(int argc, char** argv) {
  if (argc < 2) return 0;
  if (argc > 2 && !strcmp(argv[2], "return")) return atoi(argv[1]);
  leave(atoi(argv[1]));
  return 99;
}
