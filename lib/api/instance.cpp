// Instance exports and what a host function sees of its caller.
#include "api/module_impl.h"

namespace wisp {

std::optional<Extern> Instance::get_export(std::string_view name) const { return inst_->find_export(name); }

template <class T>
static std::optional<T> export_as(const runtime::ModuleInst* inst, std::string_view name) {
  std::optional<Extern> e = inst->find_export(name);
  if (!e) return std::nullopt;
  if (const T* v = std::get_if<T>(&*e)) return *v;
  return std::nullopt;
}

std::optional<Func> Instance::get_func(std::string_view name) const { return export_as<Func>(inst_, name); }
std::optional<Memory> Instance::get_memory(std::string_view name) const {
  return export_as<Memory>(inst_, name);
}
std::optional<Global> Instance::get_global(std::string_view name) const {
  return export_as<Global>(inst_, name);
}
std::optional<Table> Instance::get_table(std::string_view name) const {
  return export_as<Table>(inst_, name);
}
std::vector<std::pair<std::string, Extern>> Instance::exports() const { return inst_->exports; }

std::optional<Memory> Caller::memory(uint32_t index) const {
  if (!instance_ || index >= instance_->memories.size()) return std::nullopt;
  return Memory(instance_->memories[index]);
}

std::optional<Extern> Caller::get_export(std::string_view name) const {
  if (!instance_) return std::nullopt;
  return instance_->find_export(name);
}

}  // namespace wisp
