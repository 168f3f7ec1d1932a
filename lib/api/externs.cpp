// Memory, Table and Global handles.
#include "api/module_impl.h"

namespace wisp {

Expected<Memory> Memory::create(Store& store, Desc desc) {
  if (desc.max_pages && *desc.max_pages < desc.min_pages)
    return make_error(ErrorCode::InvalidArgument, "memory minimum above maximum");
  WISP_ASSIGN_OR_RETURN(
      auto mem, runtime::MemoryInst::create(store.impl().budget, store.impl().engine.impl().memory_pool,
                                            desc.min_pages, desc.max_pages));
  return Memory(store.impl().add(std::move(mem)));
}

uint8_t* Memory::data() const { return m_->data(); }
uint64_t Memory::size_bytes() const { return m_->size_bytes(); }
uint64_t Memory::pages() const { return m_->pages(); }
std::optional<uint64_t> Memory::grow(uint64_t delta) const { return m_->grow(delta); }

std::optional<std::span<uint8_t>> Memory::span(uint64_t offset, uint64_t len) const {
  const uint64_t size = m_->size_bytes();
  if (offset > size || len > size - offset) return std::nullopt;
  return std::span<uint8_t>(m_->data() + offset, len);
}

Expected<Table> Table::create(Store& store, Desc desc, Value init) {
  if (!is_ref(desc.elem) || init.type() != desc.elem)
    return make_error(ErrorCode::InvalidArgument, "bad table type");
  if (desc.max && *desc.max < desc.min)
    return make_error(ErrorCode::InvalidArgument, "table minimum above maximum");
  auto t = std::make_unique<runtime::TableInst>(store.impl().budget, desc.elem, desc.max);
  if (!t->grow(desc.min, init.ref()))
    return make_error(ErrorCode::ResourceLimit, "table minimum above the store's limit");
  return Table(store.impl().add(std::move(t)));
}

ValType Table::elem_type() const { return t_->elem_type(); }
uint32_t Table::size() const { return t_->size(); }

std::optional<Value> Table::get(uint32_t index) const {
  if (index >= t_->size()) return std::nullopt;
  return t_->elem_type() == ValType::FuncRef ? Value::funcref(t_->get(index))
                                             : Value::externref(t_->get(index));
}

bool Table::set(uint32_t index, Value value) const {
  if (index >= t_->size() || value.type() != t_->elem_type()) return false;
  t_->set(index, value.ref());
  return true;
}

std::optional<uint32_t> Table::grow(uint32_t delta, Value init) const {
  if (init.type() != t_->elem_type()) return std::nullopt;
  return t_->grow(delta, init.ref());
}

Expected<Global> Global::create(Store& store, Value value, bool mut) {
  auto g = std::make_unique<runtime::GlobalInst>();
  g->type = value.type();
  g->mut = mut;
  g->set(value);
  return Global(store.impl().add(std::move(g)));
}

ValType Global::type() const { return g_->type; }
bool Global::is_mutable() const { return g_->mut; }
Value Global::get() const { return g_->get(); }

Expected<void> Global::set(Value value) const {
  if (!g_->mut) return make_error(ErrorCode::InvalidArgument, "global is immutable");
  if (value.type() != g_->type) return make_error(ErrorCode::InvalidArgument, "global type mismatch");
  g_->set(value);
  return {};
}

}  // namespace wisp
