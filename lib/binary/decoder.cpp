// Module level: header, the section sequence (ids, sizes, order, custom
// sections) and the checks that need the whole module.
#include "binary/decoder.h"

#include <algorithm>
#include <string>

#include "binary/limits.h"
#include "binary/names.h"
#include "binary/sections.h"

namespace wisp::binary {
namespace {

enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
};

// Position of a non-custom section in the required order; the data count
// section sits between the element and code sections.
int section_rank(uint8_t id) {
  switch (id) {
    case kDataCount: return kElement + 1;
    case kCode: return kElement + 2;
    case kData: return kElement + 3;
    default: return id;
  }
}

using SectionDecoder = Expected<void> (*)(Reader&, DecodeState&);

SectionDecoder section_decoder(uint8_t id) {
  switch (id) {
    case kType: return decode_type_section;
    case kImport: return decode_import_section;
    case kFunction: return decode_function_section;
    case kTable: return decode_table_section;
    case kMemory: return decode_memory_section;
    case kGlobal: return decode_global_section;
    case kExport: return decode_export_section;
    case kStart: return decode_start_section;
    case kElement: return decode_element_section;
    case kCode: return decode_code_section;
    case kData: return decode_data_section;
    case kDataCount: return decode_data_count_section;
    default: return nullptr;
  }
}

Expected<void> decode_header(Reader& r) {
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  WISP_ASSIGN_OR_RETURN(std::span<const uint8_t> magic, r.bytes(4));
  if (!std::equal(magic.begin(), magic.end(), kMagic)) return r.fail_at(ErrorCode::MagicHeaderNotDetected, 0);
  WISP_ASSIGN_OR_RETURN(std::span<const uint8_t> version, r.bytes(4));
  if (!std::equal(version.begin(), version.end(), kVersion)) {
    return r.fail_at(ErrorCode::UnknownBinaryVersion, 4);
  }
  return {};
}

// A custom section: a UTF-8 name, then uninterpreted bytes up to `end`.
Expected<void> decode_custom_section(Reader& r, size_t end, DecodeState& s) {
  WISP_ASSIGN_OR_RETURN(std::string name, r.name());
  // The name may not run past the section's declared size.
  if (r.pos() > end) return r.fail_at(ErrorCode::UnexpectedEndOfSection, end);
  const size_t contents_offset = r.offset();
  WISP_ASSIGN_OR_RETURN(std::span<const uint8_t> contents, r.bytes(end - r.pos()));
  if (name == "name") s.module.names = decode_name_section(contents, contents_offset);
  s.module.customs.push_back({std::move(name), {contents.begin(), contents.end()}});
  return {};
}

Expected<void> decode_sections(Reader& r, DecodeState& s) {
  int last_rank = 0;
  while (!r.at_end()) {
    const size_t id_pos = r.pos();
    WISP_ASSIGN_OR_RETURN(uint8_t id, r.u8());
    if (id > kDataCount) return r.fail_at(ErrorCode::MalformedSectionId, id_pos);
    if (id != kCustom) {
      // Each non-custom section appears at most once, in order: anything
      // else means the module's last section came earlier.
      const int rank = section_rank(id);
      if (rank <= last_rank) return r.fail_at(ErrorCode::UnexpectedContentAfterLastSection, id_pos);
      last_rank = rank;
    }
    WISP_ASSIGN_OR_RETURN(uint32_t size, r.length());
    const size_t start = r.pos();
    const size_t end = start + size;
    if (id == kCustom) {
      WISP_TRY(decode_custom_section(r, end, s));
    } else {
      WISP_TRY(section_decoder(id)(r, s));
    }
    if (r.pos() != end) return r.fail_at(ErrorCode::SectionSizeMismatch, start);
  }
  return {};
}

// Checks that relate sections to each other, once all are read.
Expected<void> finish(Reader& r, DecodeState& s) {
  ast::Module& m = s.module;
  if (s.function_types.size() != s.bodies.size()) {
    return r.fail_at(ErrorCode::FunctionCodeMismatch, r.size(),
                     std::to_string(s.function_types.size()) + " functions, " +
                         std::to_string(s.bodies.size()) + " bodies");
  }
  if (m.data_count && *m.data_count != m.datas.size()) {
    return r.fail_at(
        ErrorCode::DataCountMismatch, r.size(),
        "count " + std::to_string(*m.data_count) + ", " + std::to_string(m.datas.size()) + " segments");
  }
  if (!m.data_count && s.bodies_use_data_segments) {
    return r.fail_at(ErrorCode::DataCountRequired, r.size(), "memory.init or data.drop used");
  }
  m.functions = std::move(s.bodies);
  for (size_t i = 0; i < m.functions.size(); ++i) m.functions[i].type_index = s.function_types[i];
  return {};
}

}  // namespace

Expected<ast::Module> decode(std::span<const uint8_t> bytes) { return decode(bytes, DecodeOptions{}); }

Expected<ast::Module> decode(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  if (bytes.size() > limits::kModuleBytes) {
    return make_error(ErrorCode::ImplementationLimit, "module larger than 1 GiB");
  }
  Reader r(bytes, 0, ErrorCode::UnexpectedEnd);
  WISP_TRY(decode_header(r));
  // Past the header, running out of bytes is reported as the suite does.
  r.set_end_code(ErrorCode::UnexpectedEndOfSection);
  DecodeState state;
  state.skip_function_bodies = options.skip_function_bodies;
  WISP_TRY(decode_sections(r, state));
  WISP_TRY(finish(r, state));
  return std::move(state.module);
}

}  // namespace wisp::binary
