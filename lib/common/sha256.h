// SHA-256, Nettle's (it uses the CPU's SHA extensions where present): AOT
// artifact checksums and cache keys, module names in the function registry.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace wisp {

std::array<uint8_t, 32> sha256(std::span<const uint8_t> bytes);

// Lower-case hex digest (64 characters).
std::string sha256_hex(std::span<const uint8_t> bytes);

}  // namespace wisp
