// random_get fills buffers with bytes that differ between calls.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

int main(void) {
  unsigned char a[64], b[64];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  int r1 = __wasi_random_get(a, sizeof a);
  int r2 = __wasi_random_get(b, sizeof b);
  int zeros = 0;
  for (int i = 0; i < 64; ++i) zeros += a[i] == 0;
  printf("rc=%d,%d differ=%d mostly_nonzero=%d\n", r1, r2, memcmp(a, b, sizeof a) != 0, zeros < 16);
  static unsigned char big[1 << 20];
  printf("big_rc=%d\n", __wasi_random_get(big, sizeof big));
  printf("zero_len_rc=%d\n", __wasi_random_get(a, 0));
  return 0;
}
