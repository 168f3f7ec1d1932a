// Engine and Module: compile = decode + validate + intern types + lower.
#include "api/module_impl.h"
#include "binary/decoder.h"
#include "validator/validator.h"

namespace wisp {

Engine::Engine() : Engine(EngineConfig{}) {}
Engine::Engine(EngineConfig config) : impl_(std::make_shared<detail::EngineImpl>()) {
  impl_->config = config;
}
const EngineConfig& Engine::config() const { return impl_->config; }

Expected<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  WISP_ASSIGN_OR_RETURN(ast::Module m, binary::decode(bytes));
  WISP_TRY(validator::validate(m));
  auto impl = std::make_shared<detail::ModuleImpl>(engine);
  impl->module = std::move(m);
  for (const FuncType& t : impl->module.types) impl->types.push_back(engine.impl().types.intern(t));
  WISP_ASSIGN_OR_RETURN(impl->code, interp::lower_module(impl->module, impl->types));
  for (const auto& f : impl->code.funcs) impl->code_ptrs.push_back(f.get());
  return Module(std::move(impl));
}

std::vector<ImportDesc> Module::imports() const {
  std::vector<ImportDesc> out;
  for (const ast::Import& i : impl_->module.imports)
    out.push_back(ImportDesc{i.module, i.name, static_cast<ExternKind>(i.kind)});
  return out;
}

std::vector<ExportDesc> Module::exports() const {
  std::vector<ExportDesc> out;
  for (const ast::Export& e : impl_->module.exports)
    out.push_back(ExportDesc{e.name, static_cast<ExternKind>(e.kind)});
  return out;
}

std::optional<FuncType> Module::export_func_type(std::string_view name) const {
  for (const ast::Export& e : impl_->module.exports)
    if (e.kind == ast::ExternKind::Func && e.name == name) return impl_->module.func_type(e.index);
  return std::nullopt;
}

std::string_view extern_kind_name(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "unknown";
}

ExternKind extern_kind(const Extern& e) { return static_cast<ExternKind>(e.index()); }

std::string Trap::message() const { return format_message(code, detail); }

}  // namespace wisp
