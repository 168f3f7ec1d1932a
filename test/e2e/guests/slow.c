// stdio ABI guest: busy-waits QUERY_STRING milliseconds, then answers.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

int main(void) {
  const char* q = getenv("QUERY_STRING");
  long ms = q ? strtol(q, NULL, 10) : 0;
  double end = now_ms() + (double)ms;
  while (now_ms() < end) {}
  printf("slept %ld\n", ms);
  return 0;
}
