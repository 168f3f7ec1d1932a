#include "binary/names.h"

#include "binary/reader.h"
#include "binary/sections.h"

namespace wisp::binary {
namespace {

enum class NameSubsection : uint8_t { Module = 0, Functions = 1, Locals = 2 };

// vec(index name) into `out`.
Expected<void> read_name_map(Reader& r, std::map<uint32_t, std::string>& out) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(uint32_t index, r.u32());
    WISP_ASSIGN_OR_RETURN(std::string name, r.name());
    out.insert_or_assign(index, std::move(name));
    return {};
  });
}

// Decodes one subsection's contents into `names`; the subsection must be used up exactly.
Expected<void> read_subsection(uint8_t id, Reader& r, ast::Names& names) {
  switch (static_cast<NameSubsection>(id)) {
    case NameSubsection::Module: {
      WISP_ASSIGN_OR_RETURN(std::string name, r.name());
      names.module = std::move(name);
      break;
    }
    case NameSubsection::Functions: WISP_TRY(read_name_map(r, names.functions)); break;
    case NameSubsection::Locals:
      WISP_TRY(read_vec(r, [&]() -> Expected<void> {
        WISP_ASSIGN_OR_RETURN(uint32_t func, r.u32());
        return read_name_map(r, names.locals[func]);
      }));
      break;
    default: return {};  // subsections of later proposals: not ours to interpret
  }
  if (!r.at_end()) return r.fail(ErrorCode::SectionSizeMismatch);
  return {};
}

}  // namespace

ast::Names decode_name_section(std::span<const uint8_t> contents, size_t base_offset) {
  ast::Names names;
  Reader r(contents, base_offset);
  while (!r.at_end()) {
    auto id = r.u8();
    if (!id) break;
    auto size = r.length();
    if (!size) break;
    Reader sub(contents.subspan(r.pos(), *size), r.offset());
    r.seek(r.pos() + *size);
    // Decode into a fresh value so a broken subsection leaves nothing half-written.
    ast::Names part;
    if (!read_subsection(*id, sub, part)) break;
    switch (static_cast<NameSubsection>(*id)) {
      case NameSubsection::Module: names.module = std::move(part.module); break;
      case NameSubsection::Functions: names.functions = std::move(part.functions); break;
      case NameSubsection::Locals: names.locals = std::move(part.locals); break;
      default: break;
    }
  }
  return names;
}

}  // namespace wisp::binary
