// The sections that declare things: types, imports, functions, tables,
// memories, globals, exports, start and data count.
#include "binary/sections.h"

#include "binary/instructions.h"
#include "binary/limits.h"
#include "binary/type_reader.h"

namespace wisp::binary {
namespace {

Expected<ast::ExternKind> read_extern_kind(Reader& r, ErrorCode malformed) {
  size_t at = r.pos();
  WISP_ASSIGN_OR_RETURN(uint8_t kind, r.u8());
  if (kind > static_cast<uint8_t>(ast::ExternKind::Global)) return r.fail_at(malformed, at);
  return static_cast<ast::ExternKind>(kind);
}

}  // namespace

Expected<void> decode_type_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(FuncType type, read_func_type(r));
    s.module.types.push_back(std::move(type));
    return {};
  });
}

Expected<void> decode_import_section(Reader& r, DecodeState& s) {
  ast::Module& m = s.module;
  return read_vec(r, [&]() -> Expected<void> {
    ast::Import imp;
    WISP_ASSIGN_OR_RETURN(imp.module, r.name());
    WISP_ASSIGN_OR_RETURN(imp.name, r.name());
    WISP_ASSIGN_OR_RETURN(imp.kind, read_extern_kind(r, ErrorCode::MalformedImportKind));
    switch (imp.kind) {
      case ast::ExternKind::Func: {
        WISP_ASSIGN_OR_RETURN(imp.type_index, r.u32());
        ++m.num_imported_funcs;
        break;
      }
      case ast::ExternKind::Table: {
        WISP_ASSIGN_OR_RETURN(imp.table, read_table_type(r));
        ++m.num_imported_tables;
        break;
      }
      case ast::ExternKind::Memory: {
        WISP_ASSIGN_OR_RETURN(imp.memory, read_memory_type(r));
        ++m.num_imported_memories;
        break;
      }
      case ast::ExternKind::Global: {
        WISP_ASSIGN_OR_RETURN(imp.global, read_global_type(r));
        ++m.num_imported_globals;
        break;
      }
    }
    m.imports.push_back(std::move(imp));
    return {};
  });
}

Expected<void> decode_function_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    if (s.function_types.size() >= limits::kFunctions) {
      return r.fail_at(ErrorCode::ImplementationLimit, r.pos(), "more than 1000000 functions");
    }
    WISP_ASSIGN_OR_RETURN(uint32_t type_index, r.u32());
    s.function_types.push_back(type_index);
    return {};
  });
}

Expected<void> decode_table_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(ast::TableType table, read_table_type(r));
    s.module.tables.push_back(table);
    return {};
  });
}

Expected<void> decode_memory_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(ast::MemoryType memory, read_memory_type(r));
    s.module.memories.push_back(memory);
    return {};
  });
}

Expected<void> decode_global_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    ast::Global global;
    WISP_ASSIGN_OR_RETURN(global.type, read_global_type(r));
    WISP_ASSIGN_OR_RETURN(global.init, decode_const_expr(r));
    s.module.globals.push_back(std::move(global));
    return {};
  });
}

Expected<void> decode_export_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    ast::Export exp;
    WISP_ASSIGN_OR_RETURN(exp.name, r.name());
    WISP_ASSIGN_OR_RETURN(exp.kind, read_extern_kind(r, ErrorCode::MalformedExportKind));
    WISP_ASSIGN_OR_RETURN(exp.index, r.u32());
    s.module.exports.push_back(std::move(exp));
    return {};
  });
}

Expected<void> decode_start_section(Reader& r, DecodeState& s) {
  WISP_ASSIGN_OR_RETURN(uint32_t func, r.u32());
  s.module.start = func;
  return {};
}

Expected<void> decode_data_count_section(Reader& r, DecodeState& s) {
  WISP_ASSIGN_OR_RETURN(uint32_t count, r.u32());
  s.module.data_count = count;
  return {};
}

}  // namespace wisp::binary
