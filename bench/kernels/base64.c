// base64: encodes a 64 KiB pseudo-random buffer as base64 (RFC 4648 standard
// alphabet, with padding), decodes it back and checks the round trip, SIZE
// times, changing one byte of the input each round. Prints an FNV-1a hash of
// all encodings. Measures table lookups, byte loads and stores, and shifts.
// SIZE = number of rounds.
// bench-quick: 120
#include <string.h>

#include "kernel_util.h"

#define INPUT_BYTES (64 * 1024 + 2)  // + 2 so the last group needs padding

static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(const uint8_t* in, size_t length, char* out) {
  size_t o = 0, i = 0;
  for (; i + 3 <= length; i += 3) {
    uint32_t group = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = kAlphabet[group >> 18];
    out[o++] = kAlphabet[(group >> 12) & 63];
    out[o++] = kAlphabet[(group >> 6) & 63];
    out[o++] = kAlphabet[group & 63];
  }
  size_t rest = length - i;
  if (rest > 0) {
    uint32_t group = (uint32_t)in[i] << 16 | (rest == 2 ? (uint32_t)in[i + 1] << 8 : 0);
    out[o++] = kAlphabet[group >> 18];
    out[o++] = kAlphabet[(group >> 12) & 63];
    out[o++] = rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return o;
}

// Reverse table: character -> 6-bit value, or 0xff for characters outside the
// alphabet (and for '=', handled separately).
static uint8_t decode_table[256];

static void build_decode_table(void) {
  memset(decode_table, 0xff, sizeof decode_table);
  for (int v = 0; v < 64; ++v) decode_table[(uint8_t)kAlphabet[v]] = (uint8_t)v;
}

// Returns the decoded length, or SIZE_MAX on malformed input.
static size_t decode(const char* in, size_t length, uint8_t* out) {
  if (length % 4 != 0) return SIZE_MAX;
  size_t o = 0;
  for (size_t i = 0; i < length; i += 4) {
    int padding = (in[i + 3] == '=') + (in[i + 2] == '=');
    if (padding > 0 && i + 4 != length) return SIZE_MAX;
    uint32_t group = 0;
    for (int k = 0; k < 4 - padding; ++k) {
      uint8_t v = decode_table[(uint8_t)in[i + (size_t)k]];
      if (v == 0xff) return SIZE_MAX;
      group |= (uint32_t)v << (18 - 6 * k);
    }
    out[o++] = (uint8_t)(group >> 16);
    if (padding < 2) out[o++] = (uint8_t)(group >> 8);
    if (padding < 1) out[o++] = (uint8_t)group;
  }
  return o;
}

int main(int argc, char** argv) {
  uint32_t rounds = kernel_size_arg(argc, argv, 1200, 1000000);
  build_decode_table();
  uint8_t* input = kernel_alloc(INPUT_BYTES);
  char* encoded = kernel_alloc((INPUT_BYTES + 2) / 3 * 4);
  uint8_t* decoded = kernel_alloc(INPUT_BYTES);
  KernelRng rng = {64};
  for (size_t i = 0; i < INPUT_BYTES; ++i) input[i] = (uint8_t)kernel_rng_next(&rng);

  uint64_t hash = KERNEL_FNV_OFFSET;
  size_t encoded_length = 0;
  for (uint32_t round = 0; round < rounds; ++round) {
    input[(round * 7919u) % INPUT_BYTES] ^= (uint8_t)(round | 1);
    encoded_length = encode(input, INPUT_BYTES, encoded);
    size_t decoded_length = decode(encoded, encoded_length, decoded);
    if (decoded_length != INPUT_BYTES || memcmp(decoded, input, INPUT_BYTES) != 0) {
      fprintf(stderr, "base64 round trip failed in round %u\n", round);
      return 1;
    }
    hash = kernel_fnv_bytes(hash, encoded, encoded_length);
  }
  printf("base64 rounds=%u bytes=%d encoded=%zu\n", rounds, INPUT_BYTES, encoded_length);
  printf("round trips ok, encodings fnv1a: %016llx\n", (unsigned long long)hash);
  free(input);
  free(encoded);
  free(decoded);
  return 0;
}
