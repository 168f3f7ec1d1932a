// fannkuch-redux: for every permutation of 0..n-1, repeatedly reverse the
// first k+1 elements where k is the first element, until the first element is
// 0, and count the reversals ("flips"). Prints the largest flip count and a
// checksum that adds the flip counts of even-numbered permutations and
// subtracts those of odd-numbered ones. Measures tight integer loops over
// tiny arrays, unpredictable branches and byte-sized memory traffic.
// SIZE = n (number of elements, 3..12; n! permutations).
// bench-quick: 9
//
// Permutations are visited in the order fixed by the usual definition of the
// benchmark (rotate the first r+1 elements left, r counting like an odometer
// with digit r running 0..r), so the published results hold: n=7 gives
// checksum 228 and 16 flips.
#include <string.h>

#include "kernel_util.h"

#define MAX_N 12

static int count_flips(const uint8_t* perm, int n) {
  if (perm[0] == 0) return 0;
  uint8_t work[MAX_N];
  memcpy(work, perm, (size_t)n);
  int flips = 0;
  for (int first = work[0]; first != 0; first = work[0]) {
    for (int lo = 0, hi = first; lo < hi; ++lo, --hi) {
      uint8_t t = work[lo];
      work[lo] = work[hi];
      work[hi] = t;
    }
    ++flips;
  }
  return flips;
}

static void rotate_prefix_left(uint8_t* perm, int length) {
  uint8_t first = perm[0];
  memmove(perm, perm + 1, (size_t)(length - 1));
  perm[length - 1] = first;
}

int main(int argc, char** argv) {
  int n = (int)kernel_size_arg(argc, argv, 10, MAX_N);
  if (n < 3) {  // the odometer below needs at least two digits
    fprintf(stderr, "fannkuch: n must be at least 3\n");
    return 2;
  }

  uint8_t perm[MAX_N];
  int odometer[MAX_N] = {0};
  for (int i = 0; i < n; ++i) perm[i] = (uint8_t)i;

  int64_t checksum = 0;
  int max_flips = 0;
  uint64_t index = 0;
  for (;;) {
    int flips = count_flips(perm, n);
    if (flips > max_flips) max_flips = flips;
    checksum += (index & 1) ? -flips : flips;
    ++index;

    // Advance the odometer: digit r counts rotations of the first r+1 elements;
    // after r+1 rotations that prefix is back where it started, so carry.
    int r = 1;
    while (r < n) {
      rotate_prefix_left(perm, r + 1);
      if (++odometer[r] <= r) break;
      odometer[r] = 0;
      ++r;
    }
    if (r == n) break;
  }

  printf("fannkuch n=%d permutations=%llu\n", n, (unsigned long long)index);
  printf("checksum: %lld\n", (long long)checksum);
  printf("max flips: %d\n", max_flips);
  return 0;
}
