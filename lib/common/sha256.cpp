#include "common/sha256.h"

#include <nettle/sha2.h>

namespace wisp {

std::array<uint8_t, 32> sha256(std::span<const uint8_t> bytes) {
  static_assert(SHA256_DIGEST_SIZE == 32);
  std::array<uint8_t, 32> digest{};
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, bytes.size(), bytes.data());
  sha256_digest(&context, digest.size(), digest.data());
  return digest;
}

std::string sha256_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint8_t b : sha256(bytes)) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

}  // namespace wisp
