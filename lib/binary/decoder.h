// The WebAssembly 2.0 binary decoder: bytes -> ast::Module.
//
// Decoding checks only what the binary format itself requires (section order
// and sizes, encodings, LEB128 limits, UTF-8 names, opcodes, immediates);
// indices and types are the validator's business. Error messages are the spec
// test suite's texts, with "at offset 0x.." in the detail.
#pragma once

#include <cstdint>
#include <span>

#include "ast/module.h"
#include "wisp/error.h"

namespace wisp::binary {

Expected<ast::Module> decode(std::span<const uint8_t> bytes);

}  // namespace wisp::binary
