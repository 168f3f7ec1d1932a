/* The manifest example's `hello`: prints the GREETING its wisp.toml sets. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char* greeting = getenv("GREETING");
  printf("Content-Type: text/plain\n\n%s\n", greeting ? greeting : "no GREETING");
  return 0;
}
