// SHA-256 of module bytes: the name of a module file in the content store.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wisp::faas {

// Lower-case hex digest (64 characters).
std::string sha256_hex(std::span<const uint8_t> bytes);

}  // namespace wisp::faas
