// Compiled functions: one Module + InstancePre per (ABI, module digest),
// built on first use and shared by every request (and every thread) after.
// Versions are immutable, so entries never go stale; they are only dropped
// when no version uses their module any more.
#pragma once

#include <map>
#include <memory>
#include <mutex>
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

  Result<std::shared_ptr<const PreparedFunction>> get(const VersionInfo& version);
  void forget_unused(const Catalog& catalog);

 private:
  const Engine& engine_;
  const Linker& stdio_linker_;
  const Linker& http_linker_;
  const Registry& registry_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const PreparedFunction>> entries_;  // key: abi + ":" + sha256
};

// Module::compile plus the ABI's structural checks (exports it must have);
// what a deploy runs before it writes anything.
Result<Module> compile_for_abi(const Engine& engine, std::span<const uint8_t> bytes, Abi abi);

}  // namespace wisp::faas
