// Guests that go wrong on purpose, chosen by argv[1]: traps with a
// backtrace, endless loops (--timeout, --fuel), memory hunger (--max-memory),
// a long sleep (--timeout must end it too).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void crash_here(int depth) {
  if (depth == 0) __builtin_trap();
  crash_here(depth - 1);
  __asm__ volatile("");
}

__attribute__((noinline)) int divide(volatile int a, volatile int b) { return a / b; }

__attribute__((noinline)) void spin_forever(void) {
  volatile uint64_t i = 0;
  for (;;) ++i;
}

// The store after the call keeps the compiler from turning the recursion
// into a loop; nothing lives on the shadow stack, so the engine's call depth
// limit is what stops it.
int depth_counter;
__attribute__((noinline)) int recurse(int n) {
  ++depth_counter;
  int r = recurse(n + 1);
  --depth_counter;
  return r + n;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "unreachable")) crash_here(2);
  if (!strcmp(mode, "divzero")) printf("%d\n", divide(1, 0));
  if (!strcmp(mode, "loop")) spin_forever();
  if (!strcmp(mode, "sleep")) {
    sleep(30);  // poll_oneoff with a 30 s clock
    printf("woke up\n");
  }
  if (!strcmp(mode, "stack")) printf("%d\n", recurse(0));
  if (!strcmp(mode, "oob")) {
    volatile uint32_t* p = (uint32_t*)(uintptr_t)0xFFFFFFF0u;
    *p = 1;
  }
  if (!strcmp(mode, "grow")) {
    // Each block is kept and touched, so the allocations cannot be optimised away.
    static char* volatile last;
    size_t mib = 0;
    for (;;) {
      char* block = malloc(1 << 20);
      if (!block) break;
      block[0] = 1;
      last = block;
      ++mib;
    }
    printf("allocated_mib=%zu\n", mib);
    return 3;
  }
  printf("unknown mode\n");
  return 0;
}
