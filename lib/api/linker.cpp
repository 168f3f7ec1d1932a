// Linker (name -> definition), InstancePre (imports resolved once) and
// instantiation, including the start function.
#include "api/module_impl.h"
#include "interp/exec.h"

namespace wisp {
namespace {

std::string qualified(std::string_view module, std::string_view name) {
  std::string s(module);
  s += '.';
  s += name;
  return s;
}

Expected<void> add_definition(detail::LinkerImpl& l, std::string_view module, std::string_view name,
                              detail::Definition def) {
  auto key = std::make_pair(std::string(module), std::string(name));
  auto it = l.defs.find(key);
  if (it != l.defs.end()) {
    if (!l.allow_shadowing) return make_error(ErrorCode::DuplicateDefinition, qualified(module, name));
    it->second = std::move(def);
    return {};
  }
  l.defs.emplace(std::move(key), std::move(def));
  return {};
}

}  // namespace

Linker::Linker(const Engine& engine)
    : impl_(std::make_unique<detail::LinkerImpl>(detail::LinkerImpl{engine, {}, false})) {}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

Expected<void> Linker::func_new(std::string_view module, std::string_view name, FuncType type, HostFunc fn) {
  return add_definition(*impl_, module, name,
                        detail::HostDef{std::move(type), std::make_shared<const HostFunc>(std::move(fn))});
}

Expected<void> Linker::define(std::string_view module, std::string_view name, Extern item) {
  return add_definition(*impl_, module, name, std::move(item));
}

Expected<void> Linker::define_instance(std::string_view module, const Instance& instance) {
  for (auto& [name, item] : instance.exports()) WISP_TRY(define(module, name, item));
  return {};
}

void Linker::allow_shadowing(bool allow) { impl_->allow_shadowing = allow; }

Expected<InstancePre> Linker::instantiate_pre(const Module& module) const {
  auto pre = std::make_shared<detail::InstancePreImpl>(detail::InstancePreImpl{module, {}, {}});
  for (const ast::Import& imp : module.impl().module.imports) {
    auto it = impl_->defs.find(std::make_pair(imp.module, imp.name));
    if (it == impl_->defs.end()) return make_error(ErrorCode::UnknownImport, qualified(imp.module, imp.name));
    // Host functions can be checked now; store items are checked per instantiation.
    if (const auto* host = std::get_if<detail::HostDef>(&it->second)) {
      if (imp.kind != ast::ExternKind::Func)
        return make_error(ErrorCode::IncompatibleImportType,
                          qualified(imp.module, imp.name) + ": expected a function");
      if (host->type != module.impl().module.types[imp.type_index])
        return make_error(ErrorCode::IncompatibleImportType,
                          qualified(imp.module, imp.name) + ": function type differs");
    }
    pre->imports.push_back(it->second);
    pre->import_types.push_back(imp.kind == ast::ExternKind::Func ? module.impl().types[imp.type_index]
                                                                  : runtime::InternedType{});
  }
  return InstancePre(std::move(pre));
}

Expected<Instance> Linker::instantiate(Store& store, const Module& module) const {
  WISP_ASSIGN_OR_RETURN(InstancePre pre, instantiate_pre(module));
  return pre.instantiate(store);
}

const Module& InstancePre::module() const { return impl_->module; }

Expected<Instance> InstancePre::instantiate(Store& store) const { return instantiate_in(store, nullptr); }

Expected<Instance> InstancePre::instantiate(Store& store, const InstanceImage& image) const {
  return instantiate_in(store, &image.impl());
}

Expected<InstanceImage> InstancePre::capture(const Instance& instance) const {
  const runtime::ModuleInst& inst = *instance.raw();
  if (inst.module != &impl_->module.impl().module)
    return make_error(ErrorCode::InvalidArgument, "instance of another module");
  WISP_ASSIGN_OR_RETURN(auto image, runtime::capture_instance(inst));
  return InstanceImage(std::move(image));
}

uint64_t InstanceImage::memory_bytes() const { return impl_->memory ? impl_->memory->size_bytes() : 0; }

Expected<Instance> InstancePre::instantiate_in(Store& store, const runtime::InstanceImage* image) const {
  detail::StoreImpl& s = store.impl();
  std::vector<Extern> externs;
  externs.reserve(impl_->imports.size());
  for (size_t i = 0; i < impl_->imports.size(); ++i) {
    const detail::Definition& def = impl_->imports[i];
    if (const auto* host = std::get_if<detail::HostDef>(&def))
      externs.emplace_back(Func(s.new_host_func(impl_->import_types[i], host->fn)));
    else
      externs.push_back(std::get<Extern>(def));
  }
  const detail::ModuleImpl& m = impl_->module.impl();
  WISP_ASSIGN_OR_RETURN(runtime::Instantiated r,
                        runtime::instantiate(s, m.def(impl_->module.shared_impl()), externs, image));
  if (r.start) {
    TrapOr<void> t = interp::invoke(s, r.start, {}, {});
    if (!t) {
      Error e(t.error().code, t.error().detail);
      e.phase_override = Phase::Instantiate;
      e.has_phase_override = true;
      return unexpected(std::move(e));
    }
  }
  return Instance(r.inst);
}

}  // namespace wisp
