// Decoding of the binary format's type encodings: value, reference, function,
// table, memory and global types, and limits.
#pragma once

#include "ast/module.h"
#include "binary/reader.h"

namespace wisp::binary {

// Type bytes are read as signed 7-bit LEB128 (as the reference interpreter
// does), so a byte with the continuation bit is "integer representation too long".
Expected<ValType> read_value_type(Reader& r);
Expected<ValType> read_ref_type(Reader& r);
// After the leading 0x60 form byte has been checked by the caller's loop.
Expected<FuncType> read_func_type(Reader& r);
Expected<ast::Limits> read_limits(Reader& r);
Expected<ast::TableType> read_table_type(Reader& r);
Expected<ast::MemoryType> read_memory_type(Reader& r);
Expected<ast::GlobalType> read_global_type(Reader& r);

// A signed 7-bit type byte: returns the byte when it has no continuation bit.
Expected<uint8_t> read_type_byte(Reader& r);

}  // namespace wisp::binary
