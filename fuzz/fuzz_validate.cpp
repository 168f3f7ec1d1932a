// Fuzz target: the validator (lib/validator) on whatever the decoder accepts.
// Decoding errors must be Decode-phase, validation errors Validate-phase;
// validating the same module twice must give the same answer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "binary/decoder.h"
#include "validator/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = wisp::binary::decode(std::span<const uint8_t>(data, size));
  if (!module) {
    if (module.error().phase() != wisp::Phase::Decode) std::abort();
    return 0;
  }
  auto first = wisp::validator::validate(*module);
  if (!first && first.error().phase() != wisp::Phase::Validate) {
    std::fprintf(stderr, "validation error outside the validate phase: %s\n", first.error().message().c_str());
    std::abort();
  }
  auto second = wisp::validator::validate(*module);
  if (first.has_value() != second.has_value()) std::abort();
  if (!first && first.error().code != second.error().code) std::abort();
  return 0;
}
