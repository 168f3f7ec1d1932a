// Compiled functions: one Module + InstancePre per (ABI, module digest),
// built once and shared by every request (and every thread) after. A deploy
// compiles the module to check it and hands the result over (insert), so the
// version's first request does not compile it again; after a restart the
// first request compiles. Versions are immutable, so entries never go stale;
// they are only dropped when no version uses their module any more.
//
// With native compilation on, that first compile is the interpreter's (fast,
// so a deploy returns at once) and a background thread compiles the module to
// native code, then swaps the entry: requests already running keep the
// interpreted function they hold, later ones get native code. Native code is
// kept in the Engine's code cache (EngineConfig::cache_dir), so after a
// restart a module compiled before starts natively.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "faas/core/status.h"
#include "faas/engine/background_queue.h"
#include "faas/engine/init_image.h"
#include "faas/registry/registry.h"
#include "wisp/wisp.h"

namespace wisp::faas {

struct PreparedFunction {
  PreparedFunction(Module m, InstancePre p) : module(std::move(m)), pre(std::move(p)) {}
  Module module;
  InstancePre pre;
  mutable InitImage image;  // filled by the first request that can capture one
};

// Background native compilation; `notice` hears one line per module that
// switched to native code or could not (for the server's output).
struct NativeTier {
  bool enabled = false;
  std::function<void(const std::string&)> notice;
};

class FunctionCache {
 public:
  FunctionCache(const Engine& engine, const Linker& stdio_linker, const Linker& http_linker,
                const Registry& registry, NativeTier native = {})
      : engine_(engine),
        stdio_linker_(stdio_linker),
        http_linker_(http_linker),
        registry_(registry),
        native_(std::move(native)) {}
  ~FunctionCache();

  // Compiles and links `bytes` for `abi` without caching it: what a deploy
  // checks before it writes anything. The message says why a module is refused.
  Result<std::shared_ptr<const PreparedFunction>> prepare(std::span<const uint8_t> bytes, Abi abi) const;
  // The prepared function of a stored version, compiled on first use.
  Result<std::shared_ptr<const PreparedFunction>> get(const VersionInfo& version);
  // Keeps what prepare() made for `version` (a deploy that just committed).
  void insert(const VersionInfo& version, std::shared_ptr<const PreparedFunction> prepared);
  bool contains(Abi abi, const std::string& sha256) const;
  // Whether requests for this module get native code now.
  bool is_native(Abi abi, const std::string& sha256) const;
  // Drops the entries no version in `catalog` uses, and stops the native
  // compile of such a module if one is under way.
  void forget_unused(const Catalog& catalog);

  // Modules compiled so far (by prepare() and get()); tests use it to prove a
  // request did not compile again.
  uint64_t compile_count() const { return compiles_.load(std::memory_order_relaxed); }
  // Waits until the background native compilations asked for so far are done.
  void wait_for_native() { background_.wait_idle(); }
  // Native compiles started so far (tests: one is under way once this grew).
  uint64_t native_compiles_started() const { return native_started_.load(std::memory_order_relaxed); }

 private:
  // Links a compiled module for `abi`.
  Result<std::shared_ptr<const PreparedFunction>> link(Module module, Abi abi) const;
  // Queues the native compile of a module whose entry is interpreted (`bytes`
  // null: read from the registry by the background thread).
  void upgrade_later(const VersionInfo& version, std::shared_ptr<const std::vector<uint8_t>> bytes);
  void upgrade(const std::string& key, Abi abi, const std::vector<uint8_t>& bytes);
  bool contains_key(const std::string& key) const;

  const Engine& engine_;
  const Linker& stdio_linker_;
  const Linker& http_linker_;
  const Registry& registry_;
  const NativeTier native_;
  mutable std::atomic<uint64_t> compiles_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const PreparedFunction>> entries_;  // key: cache_key()
  std::atomic<uint64_t> native_started_{0};
  // The native compile under way (key, empty when none) and what stops it:
  // a server shutting down, or the removal of the last version using the
  // module (forget_unused). Both guarded by mutex_ where they are set.
  std::string compiling_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> cancel_compile_{false};
  BackgroundQueue background_{10};     // last: its thread stops before the entries die
};

// The ABI's structural checks (exports it must have, imports it offers).
Result<void> check_abi(const Module& module, Abi abi);
// Module::compile (interpreted) plus check_abi.
Result<Module> compile_for_abi(const Engine& engine, std::span<const uint8_t> bytes, Abi abi);

}  // namespace wisp::faas
