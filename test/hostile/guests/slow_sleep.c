// Hostile stdio guest: sleeps QUERY_STRING milliseconds (clock poll_oneoff,
// no CPU), then answers. Hundreds of these at once test the queue, not the CPU.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void) {
  const char* q = getenv("QUERY_STRING");
  long ms = q ? strtol(q, NULL, 10) : 0;
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  printf("slept %ld\n", ms);
  return 0;
}
