#include "validator/module_checks.h"

#include <string_view>
#include <unordered_set>

#include "validator/const_expr.h"

namespace wisp::validator {
namespace {

constexpr uint64_t kMaxTableSize = 0xFFFF'FFFFull;  // 2^32 - 1 elements
constexpr uint64_t kMaxMemoryPages = 65536;         // 4 GiB of 64 KiB pages

// Both bounds must be within `range`, and min must not exceed max.
Expected<void> check_limits(const ast::Limits& limits, uint64_t range, ErrorCode too_large) {
  if (limits.min > range) return make_error(too_large);
  if (limits.max && *limits.max > range) return make_error(too_large);
  if (limits.max && limits.min > *limits.max) return make_error(ErrorCode::SizeMinimumGreaterThanMaximum);
  return {};
}

bool is_ref_type(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }

// Runs `check` and names `place` in its error.
template <class Check>
Expected<void> at(const std::string& place, Check&& check) {
  auto result = check();
  if (!result) return with_place(std::move(result).error(), place);
  return {};
}

}  // namespace

Expected<void> check_table_type(const ast::TableType& type) {
  if (!is_ref_type(type.elem)) return make_error(ErrorCode::MalformedReferenceType);
  return check_limits(type.limits, kMaxTableSize, ErrorCode::TableSizeTooLarge);
}

Expected<void> check_memory_type(const ast::MemoryType& type) {
  return check_limits(type.limits, kMaxMemoryPages, ErrorCode::MemorySizeTooLarge);
}

Expected<void> check_imports(const Context& c) {
  // Function type indices were resolved by build_context.
  for (const ast::Import& imp : c.module->imports) {
    if (imp.kind == ast::ExternKind::Table) WISP_TRY(check_table_type(imp.table));
    if (imp.kind == ast::ExternKind::Memory) WISP_TRY(check_memory_type(imp.memory));
  }
  return {};
}

Expected<void> check_tables(const Context& c) {
  for (const ast::TableType& table : c.module->tables) WISP_TRY(check_table_type(table));
  return {};
}

Expected<void> check_memories(const Context& c) {
  for (const ast::MemoryType& memory : c.module->memories) WISP_TRY(check_memory_type(memory));
  // Imported and defined memories share one index space; 2.0 allows one.
  if (c.memories.size() > 1) return make_error(ErrorCode::MultipleMemories);
  return {};
}

Expected<void> check_globals(const Context& c) {
  const std::vector<ast::Global>& globals = c.module->globals;
  for (size_t i = 0; i < globals.size(); ++i) {
    WISP_TRY(at("in global " + std::to_string(c.num_imported_globals + i),
                [&] { return check_const_expr(c, globals[i].init, globals[i].type.type); }));
  }
  return {};
}

Expected<void> check_elems(const Context& c) {
  for (size_t i = 0; i < c.module->elems.size(); ++i) {
    const ast::ElemSegment& seg = c.module->elems[i];
    const std::string place = "in element segment " + std::to_string(i);
    if (!is_ref_type(seg.type)) return make_error(ErrorCode::MalformedReferenceType, place);
    for (const ast::ConstExpr& item : seg.items) {
      WISP_TRY(at(place, [&] { return check_const_expr(c, item, seg.type); }));
    }
    if (seg.mode != ast::SegmentMode::Active) continue;
    if (seg.table >= c.tables.size()) return index_error(ErrorCode::UnknownTable, seg.table);
    WISP_TRY(at(place + " offset", [&] { return check_const_expr(c, seg.offset, ValType::I32); }));
    if (c.tables[seg.table].elem != seg.type) {
      return make_error(ErrorCode::TypeMismatch,
                        "element type differs from table " + std::to_string(seg.table) + " " + place);
    }
  }
  return {};
}

Expected<void> check_datas(const Context& c) {
  for (size_t i = 0; i < c.module->datas.size(); ++i) {
    const ast::DataSegment& seg = c.module->datas[i];
    if (seg.mode != ast::SegmentMode::Active) continue;
    if (seg.memory >= c.memories.size()) return index_error(ErrorCode::UnknownMemory, seg.memory);
    WISP_TRY(at("in data segment " + std::to_string(i) + " offset",
                [&] { return check_const_expr(c, seg.offset, ValType::I32); }));
  }
  return {};
}

Expected<void> check_start(const Context& c) {
  if (!c.module->start) return {};
  uint32_t index = *c.module->start;
  if (index >= c.funcs.size()) return index_error(ErrorCode::UnknownFunction, index);
  const FuncType& type = *c.funcs[index];
  if (!type.params.empty() || !type.results.empty()) {
    return make_error(ErrorCode::StartFunction,
                      "function " + std::to_string(index) + " must take and return nothing");
  }
  return {};
}

Expected<void> check_exports(const Context& c) {
  std::unordered_set<std::string_view> names;
  names.reserve(c.module->exports.size());
  for (const ast::Export& exp : c.module->exports) {
    switch (exp.kind) {
      case ast::ExternKind::Func:
        if (exp.index >= c.funcs.size()) return index_error(ErrorCode::UnknownFunction, exp.index);
        break;
      case ast::ExternKind::Table:
        if (exp.index >= c.tables.size()) return index_error(ErrorCode::UnknownTable, exp.index);
        break;
      case ast::ExternKind::Memory:
        if (exp.index >= c.memories.size()) return index_error(ErrorCode::UnknownMemory, exp.index);
        break;
      case ast::ExternKind::Global:
        if (exp.index >= c.globals.size()) return index_error(ErrorCode::UnknownGlobal, exp.index);
        break;
    }
    if (!names.insert(exp.name).second) return make_error(ErrorCode::DuplicateExportName, exp.name);
  }
  return {};
}

}  // namespace wisp::validator
