// Implementation limits. The core spec leaves them to the embedder; wisp uses
// the values the WebAssembly JavaScript API standardises for web engines, so a
// module that loads in a browser loads here, and a few hostile bytes cannot make
// the decoder (and the stages after it) allocate without bound.
#pragma once

#include <cstdint>

namespace wisp::binary::limits {

inline constexpr uint64_t kModuleBytes = 1ull << 30;
inline constexpr uint32_t kFunctions = 1'000'000;
inline constexpr uint32_t kFunctionBodyBytes = 7'654'321;
inline constexpr uint64_t kLocals = 50'000;

}  // namespace wisp::binary::limits
