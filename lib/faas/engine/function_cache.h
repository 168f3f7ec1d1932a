// Compiled functions: one Module + InstancePre per (ABI, module digest),
// built once and shared by every request (and every thread) after. A deploy
// compiles the module to check it and hands the result over (insert), so the
// version's first request does not compile it again; after a restart the
// first request compiles. Versions are immutable, so entries never go stale;
// they are only dropped when no version uses their module any more.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "faas/core/status.h"
#include "faas/registry/registry.h"
#include "wisp/wisp.h"

namespace wisp::faas {

struct PreparedFunction {
  Module module;
  InstancePre pre;
};

class FunctionCache {
 public:
  FunctionCache(const Engine& engine, const Linker& stdio_linker, const Linker& http_linker,
                const Registry& registry)
      : engine_(engine), stdio_linker_(stdio_linker), http_linker_(http_linker), registry_(registry) {}

  // Compiles and links `bytes` for `abi` without caching it: what a deploy
  // checks before it writes anything. The message says why a module is refused.
  Result<std::shared_ptr<const PreparedFunction>> prepare(std::span<const uint8_t> bytes, Abi abi) const;
  // The prepared function of a stored version, compiled on first use.
  Result<std::shared_ptr<const PreparedFunction>> get(const VersionInfo& version);
  // Keeps what prepare() made for `version` (a deploy that just committed).
  void insert(const VersionInfo& version, std::shared_ptr<const PreparedFunction> prepared);
  bool contains(Abi abi, const std::string& sha256) const;
  void forget_unused(const Catalog& catalog);

  // Modules compiled so far (by prepare() and get()); tests use it to prove a
  // request did not compile again.
  uint64_t compile_count() const { return compiles_.load(std::memory_order_relaxed); }

 private:
  const Engine& engine_;
  const Linker& stdio_linker_;
  const Linker& http_linker_;
  const Registry& registry_;
  mutable std::atomic<uint64_t> compiles_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const PreparedFunction>> entries_;  // key: cache_key()
};

// Module::compile plus the ABI's structural checks (exports it must have).
Result<Module> compile_for_abi(const Engine& engine, std::span<const uint8_t> bytes, Abi abi);

}  // namespace wisp::faas
