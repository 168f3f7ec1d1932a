// clock_res_get / clock_time_get on every clock, plus a sleep (poll_oneoff).
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <wasi/api.h>

static uint64_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  (void)__wasi_clock_time_get(id, 1, &t);
  return t;
}

int main(void) {
  const __wasi_clockid_t ids[] = {__WASI_CLOCKID_REALTIME, __WASI_CLOCKID_MONOTONIC,
                                  __WASI_CLOCKID_PROCESS_CPUTIME_ID, __WASI_CLOCKID_THREAD_CPUTIME_ID};
  for (int i = 0; i < 4; ++i) {
    __wasi_timestamp_t res = 0, t = 0;
    int r1 = __wasi_clock_res_get(ids[i], &res);
    int r2 = __wasi_clock_time_get(ids[i], 1, &t);
    printf("clock%d res_ok=%d time_ok=%d\n", i, r1 == 0 && res > 0 && res <= 1000000000, r2 == 0 && t > 0);
  }
  __wasi_timestamp_t t;
  printf("bad_clock_res=%d\n", __wasi_clock_res_get(99, &t));
  printf("bad_clock_time=%d\n", __wasi_clock_time_get(99, 1, &t));
  printf("realtime_s=%llu\n", (unsigned long long)(now(__WASI_CLOCKID_REALTIME) / 1000000000ull));

  uint64_t a = now(__WASI_CLOCKID_MONOTONIC), b = now(__WASI_CLOCKID_MONOTONIC);
  printf("monotonic_nondecreasing=%d\n", b >= a);

  uint64_t cpu0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
  volatile uint64_t sink = 0;
  for (uint64_t i = 0; i < 3000000; ++i) sink += i;
  printf("cpu_advanced=%d\n", now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > cpu0);

  uint64_t s0 = now(__WASI_CLOCKID_MONOTONIC);
  struct timespec ts = {0, 50 * 1000 * 1000};
  int rc = nanosleep(&ts, NULL);
  uint64_t slept = now(__WASI_CLOCKID_MONOTONIC) - s0;
  printf("nanosleep_rc=%d slept_at_least_50ms=%d\n", rc, slept >= 50000000ull);
  printf("time_libc_ok=%d\n", time(NULL) > 1600000000);
  return 0;
}
