// Fuzz target: the binary decoder (lib/binary) on arbitrary bytes. Any input
// must decode or fail with a Decode-phase error; never crash, hang or leak.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "binary/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = wisp::binary::decode(std::span<const uint8_t>(data, size));
  if (!module && module.error().phase() != wisp::Phase::Decode) std::abort();
  return 0;
}
