// The AOT tier: validated modules -> native code for the host CPU (through
// LLVM, kept inside the code generator, a shared object of its own that only
// compiling processes load) -> loaded, callable code.
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

// What native code was compiled for: the platform and wisp's own CPUID
// fingerprint (cpu_id.h), which holds the CPU's feature words, so it can be
// checked without LLVM. The code generator compiles for the CPU it runs on
// (LLVM's name and feature list for it), which this describes.
struct TargetInfo {
  std::string triple;  // kHostTriple
  std::string cpu_id;  // host_cpu_id() of the machine that compiled
  friend bool operator==(const TargetInfo&, const TargetInfo&) = default;
};

// This process's platform and CPU.
TargetInfo host_target();

// Why code compiled for `target` may not run in this process ("compiled for
// another CPU: ..." naming the first feature word that differs), or an
// empty string when it may.
std::string target_mismatch(const TargetInfo& target);

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

// Translates every function of `module` (validated) and emits object code
// for this CPU. The code generator is loaded on first use (codegen_plugin.h);
// when it cannot be, compile() fails and says where it looked.
Expected<ObjectCode> compile(const ast::Module& module, const CompileOptions& options = {});

// Symbol names shared by the code generator and the loader.
inline std::string native_symbol(uint32_t func_index) { return "wisp_f" + std::to_string(func_index); }
inline std::string array_symbol(uint32_t func_index) { return "wisp_a" + std::to_string(func_index); }

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
