// hello: the smallest wisp function. Run with `wisp run`, it greets the name
// given as its first argument.
#include <stdio.h>

int main(int argc, char** argv) {
  const char* name = argc > 1 ? argv[1] : "world";
  printf("Hello, %s!\n", name);
  return 0;
}
