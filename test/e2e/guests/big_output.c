// stdio ABI guest: writes QUERY_STRING bytes of 'x' to stdout.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char* q = getenv("QUERY_STRING");
  long n = q ? strtol(q, NULL, 10) : 0;
  for (long i = 0; i < n; ++i) putchar('x');
  return 0;
}
