// Decoders of the individual module sections. Each reads one section's
// contents from a reader over the whole module (as the reference interpreter
// does); the caller then checks that it stopped exactly at the declared end.
#pragma once

#include <algorithm>
#include <vector>

#include "ast/module.h"
#include "binary/reader.h"

namespace wisp::binary {

// What the sections leave behind for the checks at the end of the module.
struct DecodeState {
  ast::Module module;
  std::vector<uint32_t> function_types;  // function section, matched with the code section at the end
  std::vector<ast::Function> bodies;     // code section
  bool bodies_use_data_segments = false;
  bool skip_function_bodies = false;  // DecodeOptions::skip_function_bodies
};

// Reads a u32 count and calls `each()` that many times. Every element takes
// at least one byte, so hostile counts fail at the end of the input instead of
// being trusted for allocation (see reserve_for).
template <class F>
Expected<void> read_vec(Reader& r, F&& each) {
  WISP_ASSIGN_OR_RETURN(uint32_t count, r.u32());
  for (uint32_t i = 0; i < count; ++i) WISP_TRY(each());
  return {};
}

// Reserves room for `count` elements, but never more than the bytes left.
template <class T>
void reserve_for(std::vector<T>& v, uint64_t count, const Reader& r) {
  v.reserve(v.size() + static_cast<size_t>(std::min<uint64_t>(count, r.remaining())));
}

Expected<void> decode_type_section(Reader& r, DecodeState& s);
Expected<void> decode_import_section(Reader& r, DecodeState& s);
Expected<void> decode_function_section(Reader& r, DecodeState& s);
Expected<void> decode_table_section(Reader& r, DecodeState& s);
Expected<void> decode_memory_section(Reader& r, DecodeState& s);
Expected<void> decode_global_section(Reader& r, DecodeState& s);
Expected<void> decode_export_section(Reader& r, DecodeState& s);
Expected<void> decode_start_section(Reader& r, DecodeState& s);
Expected<void> decode_data_count_section(Reader& r, DecodeState& s);
// segments.cpp
Expected<void> decode_element_section(Reader& r, DecodeState& s);
Expected<void> decode_data_section(Reader& r, DecodeState& s);
// code.cpp
Expected<void> decode_code_section(Reader& r, DecodeState& s);

}  // namespace wisp::binary
