// Prints argv and the environment exactly as the guest sees them.
#include <stdio.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  int n = 0;
  for (char** e = environ; e && *e; ++e, ++n) printf("env=%s\n", *e);
  printf("envc=%d\n", n);
  return 0;
}
