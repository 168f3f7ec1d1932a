// Helpers shared by the compute kernels: the size argument, a PRNG and a
// checksum hash. Everything here uses fixed-width integer arithmetic only, so a
// kernel prints byte-identical output natively and as wasm32 (where `long` and
// pointers are 32 bits wide).
#ifndef WISP_BENCH_KERNEL_UTIL_H
#define WISP_BENCH_KERNEL_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

// argv[1] as a size in [1, max], or `fallback` when there is no argument.
// Anything else is a usage error (exit status 2) rather than a silent default,
// so a typo never produces a benchmark of the wrong size.
static inline uint32_t kernel_size_arg(int argc, char** argv, uint32_t fallback, uint32_t max) {
  if (argc < 2) return fallback;
  char* end = NULL;
  unsigned long long value = strtoull(argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || value == 0 || value > max) {
    fprintf(stderr, "usage: %s [SIZE]   (SIZE in 1..%u, default %u)\n", argv[0], max, fallback);
    exit(2);
  }
  return (uint32_t)value;
}

// SplitMix64: one 64-bit add and two multiply-xorshift rounds per number.
// Good enough statistics for test data, and trivially the same on every target.
typedef struct {
  uint64_t state;
} KernelRng;

static inline uint64_t kernel_rng_next(KernelRng* rng) {
  uint64_t z = (rng->state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// 64-bit FNV-1a, used to fold large results into one printable number.
#define KERNEL_FNV_OFFSET 0xcbf29ce484222325ull
#define KERNEL_FNV_PRIME 0x100000001b3ull

static inline uint64_t kernel_fnv_bytes(uint64_t hash, const void* data, size_t length) {
  const unsigned char* bytes = (const unsigned char*)data;
  for (size_t i = 0; i < length; ++i) hash = (hash ^ bytes[i]) * KERNEL_FNV_PRIME;
  return hash;
}

static inline uint64_t kernel_fnv_u64(uint64_t hash, uint64_t value) {
  for (int i = 0; i < 8; ++i) hash = (hash ^ ((value >> (8 * i)) & 0xff)) * KERNEL_FNV_PRIME;
  return hash;
}

// malloc that never returns NULL: a kernel that cannot get its memory fails
// loudly instead of measuring a crash.
static inline void* kernel_alloc(size_t bytes) {
  void* p = malloc(bytes);
  if (p == NULL) {
    fprintf(stderr, "out of memory allocating %zu bytes\n", bytes);
    exit(1);
  }
  return p;
}

#endif  // WISP_BENCH_KERNEL_UTIL_H
