#include "runtime/instantiate.h"

#include "runtime/bulk.h"
#include "runtime/const_expr.h"

namespace wisp::runtime {
namespace {

Unexpected<Error> incompatible(const ast::Import& imp, std::string_view why) {
  return make_error(ErrorCode::IncompatibleImportType, imp.module + "." + imp.name + ": " + std::string(why));
}

// Limits subtyping: the provided object's current size must be at least the
// import's minimum, and its maximum (if the import declares one) no larger.
bool limits_match(uint64_t actual_min, std::optional<uint64_t> actual_max, const ast::Limits& want) {
  if (actual_min < want.min) return false;
  if (!want.max) return true;
  return actual_max && *actual_max <= *want.max;
}

Unexpected<Error> trap_during_init(ErrorCode code) {
  Error e(code);
  e.phase_override = Phase::Instantiate;
  e.has_phase_override = true;
  return {e};
}

// Natively compiled code: the VM context its functions read.
void link_native(detail::StoreImpl& store, ModuleInst& inst, const ModuleDef& def) {
  if (def.native.empty()) return;
  attach_native(store, inst, def.types);
  for (size_t i = def.module->num_imported_funcs; i < inst.funcs.size(); ++i)
    inst.funcs[i]->vm.vmctx = &inst.native->ctx;
}

}  // namespace

Expected<void> check_import(const ModuleDef& def, const ast::Import& imp, const Extern& value) {
  switch (imp.kind) {
    case ast::ExternKind::Func: {
      const auto* f = std::get_if<Func>(&value);
      if (!f) return incompatible(imp, "expected a function");
      if (f->raw()->type_id != def.types[imp.type_index].id)
        return incompatible(imp, "function type differs");
      return {};
    }
    case ast::ExternKind::Table: {
      const auto* t = std::get_if<Table>(&value);
      if (!t) return incompatible(imp, "expected a table");
      const TableInst* ti = t->raw();
      if (ti->elem_type() != imp.table.elem) return incompatible(imp, "element type differs");
      std::optional<uint64_t> max;
      if (ti->max()) max = *ti->max();
      if (!limits_match(ti->size(), max, imp.table.limits)) return incompatible(imp, "table limits");
      return {};
    }
    case ast::ExternKind::Memory: {
      const auto* m = std::get_if<Memory>(&value);
      if (!m) return incompatible(imp, "expected a memory");
      const MemoryInst* mi = m->raw();
      if (!limits_match(mi->pages(), mi->max_pages(), imp.memory.limits))
        return incompatible(imp, "memory limits");
      return {};
    }
    case ast::ExternKind::Global: {
      const auto* g = std::get_if<Global>(&value);
      if (!g) return incompatible(imp, "expected a global");
      const GlobalInst* gi = g->raw();
      if (gi->type != imp.global.type || gi->mut != imp.global.mut)
        return incompatible(imp, "global type differs");
      return {};
    }
  }
  return incompatible(imp, "unknown kind");
}

Expected<Instantiated> instantiate(detail::StoreImpl& store, const ModuleDef& def,
                                   std::span<const Extern> imports, const InstanceImage* image) {
  const ast::Module& m = *def.module;
  if (image && image->module != &m)
    return make_error(ErrorCode::InvalidArgument, "instance image of another module");
  if (imports.size() != m.imports.size())
    return make_error(ErrorCode::UnknownImport, "wrong number of imports");
  for (size_t i = 0; i < imports.size(); ++i) WISP_TRY(check_import(def, m.imports[i], imports[i]));

  auto owned = std::make_unique<ModuleInst>();
  ModuleInst* inst = owned.get();
  inst->owner = def.owner;
  inst->module = &m;
  for (const Extern& e : imports) {
    if (auto* f = std::get_if<Func>(&e)) inst->funcs.push_back(f->raw());
    if (auto* t = std::get_if<Table>(&e)) inst->tables.push_back(t->raw());
    if (auto* mem = std::get_if<Memory>(&e)) inst->memories.push_back(mem->raw());
    if (auto* g = std::get_if<Global>(&e)) inst->globals.push_back(g->raw());
  }

  // Allocation: functions first, since global initialisers may take ref.func.
  for (size_t i = 0; i < m.functions.size(); ++i) {
    auto f = std::make_unique<FuncInst>();
    const InternedType& t = def.types[m.functions[i].type_index];
    f->type = t.type;
    f->type_id = t.id;
    f->module = inst;
    f->func_index = m.num_imported_funcs + static_cast<uint32_t>(i);
    f->vm.type_id = t.id;
    if (def.native.empty()) {
      f->code = def.code[i];
      f->vm.array_code = store.engine.impl().bridge;
      f->vm.vmctx = f.get();
    } else {
      f->vm.native_code = def.native.native[f->func_index];
      f->vm.array_code = def.native.array[f->func_index];
    }
    inst->funcs.push_back(store.add(std::move(f)));
  }
  for (const ast::TableType& tt : m.tables) {
    std::optional<uint32_t> max;
    if (tt.limits.max) max = static_cast<uint32_t>(*tt.limits.max);
    auto t = std::make_unique<TableInst>(store.budget, tt.elem, max);
    if (!t->grow(static_cast<uint32_t>(tt.limits.min), nullptr))
      return make_error(ErrorCode::ResourceLimit, "table minimum exceeds the store's table limit");
    inst->tables.push_back(store.add(std::move(t)));
  }
  for (const ast::MemoryType& mt : m.memories) {
    const bool from_image = image && inst->memories.empty();
    WISP_ASSIGN_OR_RETURN(auto mem, MemoryInst::create(store.budget, store.engine.impl().memory_pool,
                                                       from_image ? image->memory_pages : mt.limits.min,
                                                       mt.limits.max, from_image ? image->memory : nullptr));
    inst->memories.push_back(store.add(std::move(mem)));
  }
  if (!inst->memories.empty()) inst->memory0 = inst->memories[0];
  for (const ast::Global& g : m.globals) {
    auto gi = std::make_unique<GlobalInst>();
    gi->type = g.type.type;
    gi->mut = g.type.mut;
    eval_const_expr(g.init, *inst, gi->bits);
    inst->globals.push_back(store.add(std::move(gi)));
  }
  inst->elems.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    for (const ast::ConstExpr& item : m.elems[i].items) {
      uint64_t bits[2];
      eval_const_expr(item, *inst, bits);
      inst->elems[i].push_back(reinterpret_cast<void*>(bits[0]));
    }
  }
  inst->data_dropped.assign(m.datas.size(), false);
  for (const ast::Export& e : m.exports) {
    switch (e.kind) {
      case ast::ExternKind::Func: inst->exports.emplace_back(e.name, Func(inst->funcs[e.index])); break;
      case ast::ExternKind::Table: inst->exports.emplace_back(e.name, Table(inst->tables[e.index])); break;
      case ast::ExternKind::Memory:
        inst->exports.emplace_back(e.name, Memory(inst->memories[e.index]));
        break;
      case ast::ExternKind::Global: inst->exports.emplace_back(e.name, Global(inst->globals[e.index])); break;
    }
  }
  store.add(std::move(owned));
  if (image) {
    WISP_TRY(restore_instance(*inst, *image));
    link_native(store, *inst, def);
    return Instantiated{inst, nullptr};
  }
  // Before any segment runs: a failing instantiation may already have put
  // this instance's functions into an imported table, callable later.
  link_native(store, *inst, def);

  // Segments in order; a trap leaves earlier effects in place.
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ast::ElemSegment& seg = m.elems[i];
    if (seg.mode == ast::SegmentMode::Passive) continue;
    if (seg.mode == ast::SegmentMode::Active) {
      uint64_t off[2];
      eval_const_expr(seg.offset, *inst, off);
      const uint64_t n = inst->elems[i].size();
      if (!table_init(*inst, static_cast<uint32_t>(i), *inst->tables[seg.table],
                      static_cast<uint32_t>(off[0]), 0, n))
        return trap_during_init(ErrorCode::OutOfBoundsTableAccess);
    }
    inst->elems[i].clear();
    if (inst->native) inst->native->elems[i].size = 0;
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const ast::DataSegment& seg = m.datas[i];
    if (seg.mode != ast::SegmentMode::Active) continue;
    uint64_t off[2];
    eval_const_expr(seg.offset, *inst, off);
    if (!memory_init(*inst, static_cast<uint32_t>(i), *inst->memories[seg.memory],
                     static_cast<uint32_t>(off[0]), 0, seg.bytes.size()))
      return trap_during_init(ErrorCode::OutOfBoundsMemoryAccess);
    inst->data_dropped[i] = true;
    if (inst->native) inst->native->datas[i].size = 0;
  }

  Instantiated out{inst, nullptr};
  if (m.start) out.start = inst->funcs[*m.start];
  return out;
}

}  // namespace wisp::runtime
