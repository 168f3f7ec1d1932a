#include "validator/context.h"

namespace wisp::validator {
namespace {

// Marks the functions a constant expression names with ref.func.
void collect_refs(const ast::ConstExpr& expr, std::vector<bool>& refs) {
  for (const ast::Instr& instr : expr) {
    if (instr.op == ast::Opcode::RefFunc && instr.a < refs.size()) refs[instr.a] = true;
  }
}

}  // namespace

bool is_index_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::UnknownDataSegment:
    case ErrorCode::UnknownElemSegment:
    case ErrorCode::UnknownFunction:
    case ErrorCode::UnknownGlobal:
    case ErrorCode::UnknownLabel:
    case ErrorCode::UnknownLocal:
    case ErrorCode::UnknownMemory:
    case ErrorCode::UnknownTable:
    case ErrorCode::UnknownType: return true;
    default: return false;
  }
}

Unexpected<Error> with_place(Error error, const std::string& place) {
  if (!is_index_error(error.code)) error.detail = error.detail.empty() ? place : error.detail + " " + place;
  return unexpected(std::move(error));
}

Expected<Context> build_context(const ast::Module& module) {
  Context c;
  c.module = &module;
  for (const ast::Import& imp : module.imports) {
    switch (imp.kind) {
      case ast::ExternKind::Func: {
        const FuncType* type = c.type(imp.type_index);
        if (!type) return index_error(ErrorCode::UnknownType, imp.type_index);
        c.funcs.push_back(type);
        break;
      }
      case ast::ExternKind::Table: c.tables.push_back(imp.table); break;
      case ast::ExternKind::Memory: c.memories.push_back(imp.memory); break;
      case ast::ExternKind::Global: c.globals.push_back(imp.global); break;
    }
  }
  c.num_imported_globals = static_cast<uint32_t>(c.globals.size());
  for (const ast::Function& func : module.functions) {
    const FuncType* type = c.type(func.type_index);
    if (!type) return index_error(ErrorCode::UnknownType, func.type_index);
    c.funcs.push_back(type);
  }
  c.tables.insert(c.tables.end(), module.tables.begin(), module.tables.end());
  c.memories.insert(c.memories.end(), module.memories.begin(), module.memories.end());
  for (const ast::Global& global : module.globals) c.globals.push_back(global.type);
  for (const ast::ElemSegment& seg : module.elems) c.elems.push_back(seg.type);
  c.num_datas = static_cast<uint32_t>(module.datas.size());
  c.has_data_count = module.data_count.has_value();

  // The spec's C.refs: every function index occurring in the module outside
  // function bodies and the start section.
  c.declared_refs.assign(c.funcs.size(), false);
  for (const ast::Global& global : module.globals) collect_refs(global.init, c.declared_refs);
  for (const ast::ElemSegment& seg : module.elems) {
    collect_refs(seg.offset, c.declared_refs);
    for (const ast::ConstExpr& item : seg.items) collect_refs(item, c.declared_refs);
  }
  for (const ast::DataSegment& seg : module.datas) collect_refs(seg.offset, c.declared_refs);
  for (const ast::Export& exp : module.exports) {
    if (exp.kind == ast::ExternKind::Func && exp.index < c.declared_refs.size())
      c.declared_refs[exp.index] = true;
  }
  return c;
}

}  // namespace wisp::validator
