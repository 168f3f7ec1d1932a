// The AOT tier: validated modules -> native code for the host CPU (through
// LLVM, kept entirely inside lib/aot's .cpp files) -> loaded, callable code.
//
//   ObjectCode code = compile(module);            // relocatable objects + target facts
//   auto loaded = LoadedCode::load(code);        // linked into executable memory
//   loaded->array_code(func_index)               // WispVmArrayFn, see vmctx.h
//
// Compiled functions reach their instance only through a WispVmContext
// (vmctx.h) that the caller fills; calls into compiled code must go through
// aot::call (invoke.h) so traps unwind to the caller.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aot/vmctx.h"
#include "ast/module.h"
#include "wisp/error.h"

namespace wisp::aot {

// What native code was compiled for; artifacts record it and refuse to load
// on a CPU that differs.
struct TargetInfo {
  std::string triple;    // "x86_64-pc-linux-gnu"
  std::string cpu;       // "znver3", "skylake", ...
  std::string features;  // "+sse4.2,+avx2,-avx512f,..." (sorted, as LLVM reports them)
  friend bool operator==(const TargetInfo&, const TargetInfo&) = default;
};

// The CPU this process runs on.
TargetInfo host_target();

struct CompileOptions {
  unsigned opt_level = 2;  // 0..3, LLVM's new pass manager pipelines
  unsigned threads = 2;    // partitions are compiled on this many threads at once
  // Checked between functions and partitions: once set, compile() stops soon
  // and fails with ErrorCode::Interrupted (a server shutting down).
  const std::atomic<bool>* cancel = nullptr;
};

// Native code of one module: one relocatable object per partition.
struct ObjectCode {
  TargetInfo target;
  std::vector<std::vector<uint8_t>> objects;
  uint32_t num_imported_funcs = 0;
  uint32_t num_funcs = 0;  // imported + defined
  // Indexed by function index: whether the objects define an array entry.
  std::vector<bool> has_array_entry;
};

// Translates every function of `module` (validated) and emits object code.
Expected<ObjectCode> compile(const ast::Module& module, const CompileOptions& options = {});

// Symbol names shared by the code generator and the loader.
std::string native_symbol(uint32_t func_index);
std::string array_symbol(uint32_t func_index);

// ObjectCode linked into executable memory of this process.
class LoadedCode {
 public:
  // Fails when `code` was compiled for another CPU or does not link.
  static Expected<std::unique_ptr<LoadedCode>> load(const ObjectCode& code);
  ~LoadedCode();
  LoadedCode(const LoadedCode&) = delete;
  LoadedCode& operator=(const LoadedCode&) = delete;

  // Typed native entry of a defined function (see WispVmFuncRef::native_code);
  // null for imported functions.
  void* native_code(uint32_t func_index) const;
  // Array entry of a function that can escape its module (exported, in an
  // element segment, named by ref.func, or the start function); null otherwise.
  WispVmArrayFn array_code(uint32_t func_index) const;

  // Where each compiled function landed (typed and array entries alike), for
  // profilers (perf_map.h).
  struct Symbol {
    uintptr_t address = 0;
    size_t size = 0;
    uint32_t func_index = 0;
    bool array_entry = false;
  };
  const std::vector<Symbol>& symbols() const;

  struct Impl;

 private:
  explicit LoadedCode(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wisp::aot
