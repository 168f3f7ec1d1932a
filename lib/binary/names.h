// The "name" custom section (module, function and local names).
#pragma once

#include <cstdint>
#include <span>

#include "ast/module.h"

namespace wisp::binary {

// Decodes the contents of a "name" section. Custom sections are never
// validated, so a malformed one is not an error: subsections that decode
// cleanly are kept, decoding stops at the first one that does not.
ast::Names decode_name_section(std::span<const uint8_t> contents, size_t base_offset);

}  // namespace wisp::binary
