// poll_oneoff with clock subscriptions (relative, absolute, bad clock) and fd
// subscriptions (readable stdin pipe, writable stdout, bad fd).
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t;
  (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
  return t;
}

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud, __wasi_clockid_t id, __wasi_timestamp_t timeout,
                                       __wasi_subclockflags_t flags) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = ud;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = id;
  s.u.u.clock.timeout = timeout;
  s.u.u.clock.flags = flags;
  return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t ud, __wasi_eventtype_t type, __wasi_fd_t fd) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = ud;
  s.u.tag = type;
  if (type == __WASI_EVENTTYPE_FD_READ)
    s.u.u.fd_read.file_descriptor = fd;
  else
    s.u.u.fd_write.file_descriptor = fd;
  return s;
}

int main(void) {
  __wasi_event_t ev[4];
  __wasi_size_t n = 0;

  __wasi_subscription_t rel = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 20 * 1000000ull, 0);
  __wasi_timestamp_t t0 = mono();
  int rc = __wasi_poll_oneoff(&rel, ev, 1, &n);
  printf("relative rc=%d n=%lu userdata=%llu type=%d waited=%d\n", rc, n, (unsigned long long)ev[0].userdata,
         ev[0].type, mono() - t0 >= 20 * 1000000ull);

  __wasi_timestamp_t now;
  (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now);
  __wasi_subscription_t abs = clock_sub(8, __WASI_CLOCKID_REALTIME, now + 10 * 1000000ull,
                                        __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  rc = __wasi_poll_oneoff(&abs, ev, 1, &n);
  printf("absolute rc=%d n=%lu userdata=%llu\n", rc, n, (unsigned long long)ev[0].userdata);

  // stdin is a pipe the test filled with "ping": readable long before 5 s.
  __wasi_subscription_t two[2] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, 0),
                                  clock_sub(2, __WASI_CLOCKID_MONOTONIC, 5000ull * 1000000ull, 0)};
  t0 = mono();
  rc = __wasi_poll_oneoff(two, ev, 2, &n);
  printf("stdin rc=%d n=%lu userdata=%llu type=%d error=%d nbytes=%llu fast=%d\n", rc, n,
         (unsigned long long)ev[0].userdata, ev[0].type, ev[0].error,
         (unsigned long long)ev[0].fd_readwrite.nbytes, mono() - t0 < 2000ull * 1000000ull);

  __wasi_subscription_t w = fd_sub(3, __WASI_EVENTTYPE_FD_WRITE, 1);
  rc = __wasi_poll_oneoff(&w, ev, 1, &n);
  printf("stdout rc=%d n=%lu userdata=%llu type=%d error=%d\n", rc, n, (unsigned long long)ev[0].userdata, ev[0].type,
         ev[0].error);

  __wasi_subscription_t bad = fd_sub(4, __WASI_EVENTTYPE_FD_READ, 99);
  rc = __wasi_poll_oneoff(&bad, ev, 1, &n);
  printf("badfd rc=%d n=%lu error=%d\n", rc, n, ev[0].error);

  __wasi_subscription_t badclock = clock_sub(5, 42, 0, 0);
  rc = __wasi_poll_oneoff(&badclock, ev, 1, &n);
  printf("badclock rc=%d n=%lu error=%d\n", rc, n, ev[0].error);

  rc = __wasi_poll_oneoff(&rel, ev, 0, &n);
  printf("empty rc=%d\n", rc);
  return 0;
}
