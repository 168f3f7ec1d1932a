#include "faas/engine/function_cache.h"

#include <set>

namespace wisp::faas {
namespace {

// One module serves both ABIs differently (other imports, other entry point).
std::string cache_key(Abi abi, const std::string& sha256) {
  return std::string(abi_name(abi)) + ":" + sha256;
}

}  // namespace

Result<Module> compile_for_abi(const Engine& engine, std::span<const uint8_t> bytes, Abi abi) {
  auto module = Module::compile(engine, bytes);
  if (!module) return fail(FailKind::Invalid, "invalid module: " + module.error().message());
  if (abi == Abi::Stdio) {
    auto start = module->export_func_type("_start");
    if (!start) return fail(FailKind::Invalid, "stdio functions must export \"_start\" (a WASI command)");
    if (!start->params.empty() || !start->results.empty())
      return fail(FailKind::Invalid, "\"_start\" must take and return nothing");
  } else {
    auto handle = module->export_func_type("wisp_handle");
    if (!handle) return fail(FailKind::Invalid, "http functions must export \"wisp_handle\"");
    if (!handle->params.empty() || handle->results.size() > 1 ||
        (handle->results.size() == 1 && handle->results[0] != ValType::I32))
      return fail(FailKind::Invalid, "\"wisp_handle\" must have type [] -> [] or [] -> [i32]");
  }
  for (const auto& import : module->imports()) {
    bool known =
        import.module == "wasi_snapshot_preview1" || (abi == Abi::Http && import.module == "wisp_http");
    if (!known)
      return fail(FailKind::Invalid, "unsupported import " + import.module + "." + import.name + " (the " +
                                         std::string(abi_name(abi)) + " abi offers wasi_snapshot_preview1" +
                                         (abi == Abi::Http ? " and wisp_http)" : ")"));
  }
  return std::move(*module);
}

Result<std::shared_ptr<const PreparedFunction>> FunctionCache::prepare(std::span<const uint8_t> bytes,
                                                                      Abi abi) const {
  compiles_.fetch_add(1, std::memory_order_relaxed);
  WISP_ASSIGN_OR_RETURN(Module module, compile_for_abi(engine_, bytes, abi));
  const Linker& linker = abi == Abi::Http ? http_linker_ : stdio_linker_;
  auto pre = linker.instantiate_pre(module);
  if (!pre) return fail(FailKind::Invalid, "module cannot be linked: " + pre.error().message());
  return std::make_shared<const PreparedFunction>(PreparedFunction{std::move(module), std::move(*pre)});
}

Result<std::shared_ptr<const PreparedFunction>> FunctionCache::get(const VersionInfo& version) {
  std::string key = cache_key(version.config.abi, version.sha256);
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  }
  // Compile outside the lock: other functions keep running meanwhile. Two
  // threads may compile the same module once; the first insert wins.
  WISP_ASSIGN_OR_RETURN(auto bytes, registry_.module_bytes(version.sha256));
  WISP_ASSIGN_OR_RETURN(auto prepared, prepare(bytes, version.config.abi));
  std::lock_guard lock(mutex_);
  auto [it, inserted] = entries_.emplace(key, std::move(prepared));
  return it->second;
}

void FunctionCache::insert(const VersionInfo& version, std::shared_ptr<const PreparedFunction> prepared) {
  std::lock_guard lock(mutex_);
  entries_.emplace(cache_key(version.config.abi, version.sha256), std::move(prepared));
}

bool FunctionCache::contains(Abi abi, const std::string& sha256) const {
  std::lock_guard lock(mutex_);
  return entries_.contains(cache_key(abi, sha256));
}

void FunctionCache::forget_unused(const Catalog& catalog) {
  std::set<std::string> used;
  for (const auto& [name, f] : catalog.functions)
    for (const auto& [n, v] : f.versions) used.insert(cache_key(v.config.abi, v.sha256));
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();)
    it = used.contains(it->first) ? std::next(it) : entries_.erase(it);
}

}  // namespace wisp::faas
