// A minimal stand-in for the runtime, enough to run AOT-compiled modules in
// tests: it reserves guard-page memories itself, evaluates globals and
// segments, fills the WispVmContext and calls exports through aot::call.
// Host functions are plain callables over array-ABI slots.
#pragma once

#include <pthread.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aot/aot.h"
#include "aot/vmctx.h"
#include "ast/module.h"
#include "wisp/error.h"

namespace wisp::aot::test {

// Reads a fixture assembled by wisp_wat_fixtures.
std::vector<uint8_t> read_fixture(const std::string& name);

// Returns 0, or 1 + ErrorCode to trap.
using HostFn = std::function<uint32_t(uint64_t* slots)>;

struct CallResult {
  std::optional<ErrorCode> trap;
  std::vector<uint64_t> slots;  // results, one per slot
  uint32_t i32(size_t i = 0) const { return static_cast<uint32_t>(slots.at(i)); }
  uint64_t i64(size_t i = 0) const { return slots.at(i); }
  float f32(size_t i = 0) const;
  double f64(size_t i = 0) const;
};

uint64_t arg_f32(float f);
uint64_t arg_f64(double d);

class Instance {
 public:
  // Decodes, validates, compiles and instantiates; imports are host
  // functions looked up as "module.name" in `hosts`.
  static Expected<std::unique_ptr<Instance>> create(const std::vector<uint8_t>& wasm,
                                                    std::map<std::string, HostFn> hosts = {},
                                                    CompileOptions options = {});
  // Same, with code compiled earlier (e.g. read from an artifact).
  static Expected<std::unique_ptr<Instance>> create_from_code(const std::vector<uint8_t>& wasm,
                                                              ObjectCode code,
                                                              std::map<std::string, HostFn> hosts = {});
  ~Instance();

  CallResult call(const std::string& export_name, std::vector<uint64_t> args = {});
  uint8_t* memory() const { return memories_.empty() ? nullptr : memories_[0]->base; }
  uint64_t memory_size() const { return memories_.empty() ? 0 : memories_[0]->size_bytes; }
  // From another thread: sets the interrupt flag and, as the runtime's
  // watchdog does, signals the calling thread until the call returns (loops
  // in compiled code do not poll the flag).
  void interrupt();
  const ast::Module& module() const { return module_; }
  const ObjectCode& object_code() const { return code_; }

 private:
  Instance() = default;
  Expected<void> instantiate(std::map<std::string, HostFn>& hosts);
  uint64_t eval_const(const ast::ConstExpr& expr);

  ast::Module module_;
  ObjectCode code_;
  std::unique_ptr<LoadedCode> loaded_;
  WispVmContext ctx_{};
  WispVmBuiltins builtins_{};
  uintptr_t stack_limit_ = 0;
  std::atomic<uint8_t> interrupt_flag_{0};
  std::atomic<bool> calling_{false};
  pthread_t caller_{};

  struct HostRecord {
    HostFn fn;
  };
  std::vector<std::unique_ptr<HostRecord>> hosts_;
  std::vector<std::unique_ptr<WispVmMemory>> memories_;
  std::vector<std::optional<uint64_t>> memory_max_;
  std::vector<WispVmMemory*> memory_ptrs_;
  std::vector<std::unique_ptr<WispVmTable>> tables_;
  std::vector<std::vector<void*>> table_elems_;
  std::vector<std::optional<uint64_t>> table_max_;
  std::vector<WispVmTable*> table_ptrs_;
  std::vector<std::unique_ptr<std::array<uint64_t, 2>>> global_cells_;
  std::vector<uint8_t*> global_ptrs_;
  std::vector<std::unique_ptr<WispVmFuncRef>> func_refs_;
  std::vector<WispVmFuncRef*> func_ptrs_;
  std::vector<uint32_t> type_ids_;
  std::vector<WispVmDataSegment> datas_;
  std::vector<std::vector<void*>> elem_items_;
  std::vector<WispVmElemSegment> elems_;

  friend uint32_t driver_memory_grow(WispVmContext*, uint32_t, uint32_t);
  friend uint32_t driver_table_grow(WispVmContext*, uint32_t, void*, uint32_t);
  friend uint32_t driver_host_call(void*, uint64_t*, WispVmContext*);
};

}  // namespace wisp::aot::test
