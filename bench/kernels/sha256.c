// sha256: SHA-256 (FIPS 180-4) of a SIZE MiB buffer of pseudo-random bytes.
// Measures 32-bit rotates, shifts, xors and adds in a long dependency chain,
// plus big-endian loads. The program first checks itself against the
// standard's example digests and exits with status 1 if any differs.
// SIZE = buffer size in MiB.
// bench-quick: 5
//
// The round constants and the initial hash value are derived here the way the
// standard defines them (fractional parts of cube and square roots of the
// first primes), using exact integer roots, instead of being typed in.
#include <string.h>

#include "kernel_util.h"

typedef unsigned __int128 u128;

static uint32_t round_constants[64];
static uint32_t initial_hash[8];

// floor(target^(1/power)) for power 2 or 3, by bisection on exact integers.
static uint64_t integer_root(u128 target, int power) {
  uint64_t lo = 0, hi = 1ull << 40;  // roots needed here are below 2^36
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    u128 value = (u128)mid * mid;
    if (power == 3) value *= mid;
    if (value <= target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// K[t]: the first 32 bits of the fractional part of the cube root of the t-th
// prime, i.e. floor(cbrt(p) * 2^32) mod 2^32 = floor(cbrt(p * 2^96)) mod 2^32.
// H0[t]: the same with square roots of the first eight primes.
static void derive_constants(void) {
  int found = 0;
  for (uint32_t candidate = 2; found < 64; ++candidate) {
    int is_prime = 1;
    for (uint32_t d = 2; d * d <= candidate; ++d) {
      if (candidate % d == 0) {
        is_prime = 0;
        break;
      }
    }
    if (!is_prime) continue;
    round_constants[found] = (uint32_t)integer_root((u128)candidate << 96, 3);
    if (found < 8) initial_hash[found] = (uint32_t)integer_root((u128)candidate << 64, 2);
    ++found;
  }
}

typedef struct {
  uint32_t state[8];
  uint8_t block[64];
  uint32_t block_used;
  uint64_t total_bytes;
} Sha256;

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t state[8], const uint8_t block[64]) {
  uint32_t w[64];
  for (int t = 0; t < 16; ++t) {
    const uint8_t* p = block + 4 * t;
    w[t] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
  }
  for (int t = 16; t < 64; ++t) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; ++t) {
    uint32_t big_sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t choose = (e & f) ^ (~e & g);
    uint32_t t1 = h + big_sigma1 + choose + round_constants[t] + w[t];
    uint32_t big_sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = big_sigma0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

static void sha256_init(Sha256* ctx) {
  memcpy(ctx->state, initial_hash, sizeof initial_hash);
  ctx->block_used = 0;
  ctx->total_bytes = 0;
}

static void sha256_update(Sha256* ctx, const uint8_t* data, size_t length) {
  ctx->total_bytes += length;
  if (ctx->block_used > 0) {
    size_t take = 64 - ctx->block_used;
    if (take > length) take = length;
    memcpy(ctx->block + ctx->block_used, data, take);
    ctx->block_used += (uint32_t)take;
    data += take;
    length -= take;
    if (ctx->block_used < 64) return;
    compress(ctx->state, ctx->block);
    ctx->block_used = 0;
  }
  for (; length >= 64; data += 64, length -= 64) compress(ctx->state, data);
  memcpy(ctx->block, data, length);
  ctx->block_used = (uint32_t)length;
}

// Padding: a 1 bit, zeros up to 56 mod 64 bytes, then the message length in
// bits as a 64-bit big-endian number.
static void sha256_final(Sha256* ctx, uint8_t digest[32]) {
  uint64_t bit_length = ctx->total_bytes * 8;
  uint8_t pad[72] = {0x80};
  size_t pad_length = (ctx->block_used < 56 ? 56 : 120) - ctx->block_used;
  for (int i = 0; i < 8; ++i) pad[pad_length + (size_t)i] = (uint8_t)(bit_length >> (56 - 8 * i));
  sha256_update(ctx, pad, pad_length + 8);
  for (int i = 0; i < 8; ++i) {
    digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
    digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
    digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
    digest[4 * i + 3] = (uint8_t)ctx->state[i];
  }
}

static void to_hex(const uint8_t digest[32], char out[65]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) {
    out[2 * i] = digits[digest[i] >> 4];
    out[2 * i + 1] = digits[digest[i] & 15];
  }
  out[64] = '\0';
}

static int check_example(const char* message, const char* expected_hex) {
  Sha256 ctx;
  uint8_t digest[32];
  char hex[65];
  sha256_init(&ctx);
  sha256_update(&ctx, (const uint8_t*)message, strlen(message));
  sha256_final(&ctx, digest);
  to_hex(digest, hex);
  if (strcmp(hex, expected_hex) == 0) return 1;
  fprintf(stderr, "sha256 self-test failed for \"%s\": got %s, want %s\n", message, hex, expected_hex);
  return 0;
}

int main(int argc, char** argv) {
  uint32_t mebibytes = kernel_size_arg(argc, argv, 48, 512);
  derive_constants();
  int ok = check_example("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ok &= check_example("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ok &= check_example("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  if (!ok) return 1;

  size_t length = (size_t)mebibytes << 20;
  uint8_t* buffer = kernel_alloc(length);
  KernelRng rng = {2024};
  for (size_t i = 0; i < length; i += 8) {
    uint64_t r = kernel_rng_next(&rng);
    for (int b = 0; b < 8; ++b) buffer[i + (size_t)b] = (uint8_t)(r >> (8 * b));
  }

  // Feed the buffer in uneven pieces so the partial-block path is exercised too.
  Sha256 ctx;
  sha256_init(&ctx);
  size_t offset = 0, piece = 1;
  while (offset < length) {
    size_t take = length - offset < piece ? length - offset : piece;
    sha256_update(&ctx, buffer + offset, take);
    offset += take;
    piece = piece * 3 + 1;
    if (piece > 1000000) piece = 7;
  }
  uint8_t digest[32];
  char hex[65];
  sha256_final(&ctx, digest);
  to_hex(digest, hex);
  free(buffer);

  printf("sha256 self-test ok\n");
  printf("sha256 of %u MiB: %s\n", mebibytes, hex);
  return 0;
}
