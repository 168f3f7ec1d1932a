#include "faas/engine/function_cache.h"

#include <chrono>
#include <cstdio>
#include <set>
#include <vector>

namespace wisp::faas {
namespace {

// One module serves both ABIs differently (other imports, other entry point).
std::string cache_key(Abi abi, const std::string& sha256) {
  return std::string(abi_name(abi)) + ":" + sha256;
}

}  // namespace

Result<void> check_abi(const Module& module, Abi abi) {
  if (abi == Abi::Stdio) {
    auto start = module.export_func_type("_start");
    if (!start) return fail(FailKind::Invalid, "stdio functions must export \"_start\" (a WASI command)");
    if (!start->params.empty() || !start->results.empty())
      return fail(FailKind::Invalid, "\"_start\" must take and return nothing");
  } else {
    auto handle = module.export_func_type("wisp_handle");
    if (!handle) return fail(FailKind::Invalid, "http functions must export \"wisp_handle\"");
    if (!handle->params.empty() || handle->results.size() > 1 ||
        (handle->results.size() == 1 && handle->results[0] != ValType::I32))
      return fail(FailKind::Invalid, "\"wisp_handle\" must have type [] -> [] or [] -> [i32]");
  }
  for (const auto& import : module.imports()) {
    bool known =
        import.module == "wasi_snapshot_preview1" || (abi == Abi::Http && import.module == "wisp_http");
    if (!known)
      return fail(FailKind::Invalid, "unsupported import " + import.module + "." + import.name + " (the " +
                                         std::string(abi_name(abi)) + " abi offers wasi_snapshot_preview1" +
                                         (abi == Abi::Http ? " and wisp_http)" : ")"));
  }
  return {};
}

Result<Module> compile_for_abi(const Engine& engine, std::span<const uint8_t> bytes, Abi abi) {
  auto module = Module::compile(engine, bytes, Strategy::Interpreter);
  if (!module) return fail(FailKind::Invalid, "invalid module: " + module.error().message());
  WISP_TRY(check_abi(*module, abi));
  return std::move(*module);
}

FunctionCache::~FunctionCache() {
  // A server shutting down does not wait for a big module's native compile.
  std::lock_guard lock(mutex_);
  stopping_.store(true);
  cancel_compile_.store(true);
}

Result<std::shared_ptr<const PreparedFunction>> FunctionCache::link(Module module, Abi abi) const {
  const Linker& linker = abi == Abi::Http ? http_linker_ : stdio_linker_;
  auto pre = linker.instantiate_pre(module);
  if (!pre) return fail(FailKind::Invalid, "module cannot be linked: " + pre.error().message());
  return std::make_shared<const PreparedFunction>(std::move(module), std::move(*pre));
}

Result<std::shared_ptr<const PreparedFunction>> FunctionCache::prepare(std::span<const uint8_t> bytes,
                                                                       Abi abi) const {
  compiles_.fetch_add(1, std::memory_order_relaxed);
  WISP_ASSIGN_OR_RETURN(Module module, compile_for_abi(engine_, bytes, abi));
  return link(std::move(module), abi);
}

Result<std::shared_ptr<const PreparedFunction>> FunctionCache::get(const VersionInfo& version) {
  const Abi abi = version.config.abi;
  std::string key = cache_key(abi, version.sha256);
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  }
  // Compile outside the lock: other functions keep running meanwhile. Two
  // threads may compile the same module once; the first insert wins.
  WISP_ASSIGN_OR_RETURN(auto bytes, registry_.module_bytes(version.sha256));
  std::shared_ptr<const PreparedFunction> prepared;
  if (native_.enabled) {
    // Compiled before (an earlier run of the server): native from the start.
    if (auto cached = Module::cached(engine_, bytes); cached && *cached && check_abi(**cached, abi)) {
      auto linked = link(std::move(**cached), abi);
      if (linked) prepared = std::move(*linked);
    }
  }
  if (!prepared) {
    WISP_ASSIGN_OR_RETURN(prepared, prepare(bytes, abi));
  }
  bool interpreted = !prepared->module.is_native();
  std::shared_ptr<const PreparedFunction> out;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = entries_.emplace(key, std::move(prepared));
    out = it->second;
    if (!inserted) return out;
  }
  if (interpreted) upgrade_later(version, std::make_shared<const std::vector<uint8_t>>(std::move(bytes)));
  return out;
}

void FunctionCache::insert(const VersionInfo& version, std::shared_ptr<const PreparedFunction> prepared) {
  bool interpreted = !prepared->module.is_native();
  {
    std::lock_guard lock(mutex_);
    if (!entries_.emplace(cache_key(version.config.abi, version.sha256), std::move(prepared)).second) return;
  }
  if (interpreted) upgrade_later(version, nullptr);
}

void FunctionCache::upgrade_later(const VersionInfo& version,
                                  std::shared_ptr<const std::vector<uint8_t>> bytes) {
  if (!native_.enabled) return;
  background_.submit([this, key = cache_key(version.config.abi, version.sha256), abi = version.config.abi,
                      sha256 = version.sha256, bytes = std::move(bytes)] {
    if (bytes) return upgrade(key, abi, *bytes);
    // Read here rather than in the deploy that queued this: a deploy answers
    // without reading its module back.
    if (auto read = registry_.module_bytes(sha256)) upgrade(key, abi, *read);
  });
}

void FunctionCache::upgrade(const std::string& key, Abi abi, const std::vector<uint8_t>& bytes) {
  {
    std::lock_guard lock(mutex_);
    if (!entries_.contains(key)) return;  // no version uses the module any more
    compiling_ = key;
    cancel_compile_.store(stopping_.load());
  }
  native_started_.fetch_add(1, std::memory_order_relaxed);
  const auto started = std::chrono::steady_clock::now();
  const std::string label =
      "module " + key.substr(key.find(':') + 1, 12) + " (" + std::string(abi_name(abi)) + ")";
  // Runs on the background queue, which returns the memory LLVM freed (and
  // the interpreted module this replaces) to the kernel after the job.
  auto module = Module::compile(engine_, bytes, Strategy::Native, &cancel_compile_);
  {
    std::lock_guard lock(mutex_);
    compiling_.clear();
  }
  if (stopping_.load()) return;
  if (!module && module.error().code == ErrorCode::Interrupted) {
    // Its function was removed meanwhile (forget_unused): a compile of a big
    // module holds hundreds of MiB and would end in a cache entry no one reads.
    if (native_.notice) native_.notice(label + " not compiled: no version uses it any more");
    return;
  }
  if (!module) {
    if (native_.notice) native_.notice(label + " stays interpreted: " + module.error().message());
    return;
  }
  auto prepared = link(std::move(*module), abi);
  if (!prepared) {
    if (native_.notice) native_.notice(label + " stays interpreted: " + prepared.error().message);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    it->second = std::move(*prepared);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.2f s", seconds);
  if (native_.notice) native_.notice(label + " runs natively now (compiled in " + took + ")");
}

bool FunctionCache::contains_key(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return entries_.contains(key);
}

bool FunctionCache::is_native(Abi abi, const std::string& sha256) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(cache_key(abi, sha256));
  return it != entries_.end() && it->second->module.is_native();
}

bool FunctionCache::contains(Abi abi, const std::string& sha256) const {
  return contains_key(cache_key(abi, sha256));
}

void FunctionCache::forget_unused(const Catalog& catalog) {
  std::set<std::string> used;
  for (const auto& [name, f] : catalog.functions)
    for (const auto& [n, v] : f.versions) used.insert(cache_key(v.config.abi, v.sha256));
  std::vector<std::shared_ptr<const PreparedFunction>> dropped;
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (used.contains(it->first)) {
        ++it;
        continue;
      }
      dropped.push_back(std::move(it->second));
      it = entries_.erase(it);
    }
    if (!compiling_.empty() && !used.contains(compiling_)) cancel_compile_.store(true);
  }
  // Freed here, outside the lock (requests still running keep their
  // reference), and the memory handed back to the kernel at once: a
  // 100k-function module is tens of MiB the allocator would otherwise keep.
  // Not on the background queue, where it would wait behind a compile that
  // may take minutes.
  if (dropped.empty()) return;
  dropped.clear();
  return_freed_memory();
}

}  // namespace wisp::faas
