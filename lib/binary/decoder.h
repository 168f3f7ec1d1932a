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

struct DecodeOptions {
  // Leaves function bodies undecoded: of the code section only the framing is
  // read (entry count, each entry's size against the body size limit and the
  // section's end), and every function gets the placeholder body
  // `unreachable end` without locals, which validates against any type and
  // traps if ever run. Not checked then: anything inside a body, including
  // the data count section a body's memory.init or data.drop requires.
  //
  // For modules whose bodies are never run from the ast: natively compiled
  // artifacts, whose bodies were decoded and validated in full when their
  // code was compiled (see Module::deserialize).
  bool skip_function_bodies = false;
};

// decode(bytes) with options; decode(bytes, {}) is decode(bytes).
Expected<ast::Module> decode(std::span<const uint8_t> bytes, const DecodeOptions& options);

}  // namespace wisp::binary
