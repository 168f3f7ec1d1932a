// Runtime objects of the spec's store: function, table, memory, global and
// module instances. Every object is owned by exactly one detail::StoreImpl and
// referenced by raw pointer (a funcref is a FuncInst*), valid while it lives.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "aot/vmctx.h"
#include "ast/module.h"
#include "runtime/region_pool.h"
#include "runtime/type_registry.h"
#include "wisp/wisp.h"

namespace wisp::interp {
struct CompiledFunc;
}

namespace wisp::runtime {

// Limits and usage shared by all memories and tables of one Store.
struct StoreBudget {
  StoreLimits limits;
  uint64_t memory_bytes = 0;
};

struct NativeInstance;

// A funcref is a FuncInst* in both tiers: natively compiled code reads it as
// the WispVmFuncRef it starts with, so `vm` must stay the first member.
struct FuncInst {
  // How compiled code calls this function: native entry for compiled wasm,
  // otherwise the array-ABI bridge (host functions, interpreted wasm).
  WispVmFuncRef vm{};
  const FuncType* type = nullptr;  // interned in the Engine
  TypeId type_id = 0;
  // A wasm function: its instance and lowered code. Host functions leave both null.
  ModuleInst* module = nullptr;
  const interp::CompiledFunc* code = nullptr;
  // Index in the module's function index space, for backtrace names.
  uint32_t func_index = 0;
  std::shared_ptr<const HostFunc> host;

  bool is_host() const { return host != nullptr; }
  // Compiled wasm: entered through vm.array_code (the interpreter has no code for it).
  bool is_native() const { return code == nullptr && host == nullptr; }
};

class MemoryInst {
 public:
  static constexpr uint64_t kPageSize = 65536;
  static constexpr uint64_t kMaxPages = 65536;
  // Every address a 32-bit index plus a 32-bit offset can form, plus the widest
  // access, lies inside the reservation; compiled code may rely on the guard.
  static constexpr uint64_t kReservationBytes = (8ull << 30) + kPageSize;

  // Reserves the address space and commits `min_pages`; fails when the
  // Store's budget or the system refuses.
  // The reservation comes from `pool` and goes back to it when the memory
  // dies; the pool (the Engine's) outlives every Store made from it.
  // With `image` (at most min_pages long) the memory starts as a
  // copy-on-write copy of it instead of zeros.
  static Expected<std::unique_ptr<MemoryInst>> create(StoreBudget& budget, MemoryPool& pool,
                                                      uint64_t min_pages, std::optional<uint64_t> max_pages,
                                                      std::shared_ptr<const MemoryImage> image = nullptr);
  ~MemoryInst();
  MemoryInst(const MemoryInst&) = delete;
  MemoryInst& operator=(const MemoryInst&) = delete;

  uint8_t* data() const { return vm_.base; }
  uint64_t size_bytes() const { return vm_.size_bytes; }
  uint64_t pages() const { return vm_.size_bytes / kPageSize; }
  // What compiled code reads: base and current size, kept in step by grow().
  WispVmMemory* vm() { return &vm_; }
  std::optional<uint64_t> max_pages() const { return max_pages_; }
  // Old size in pages, or nothing when the maximum, 65536 pages or the Store's limit forbids it.
  std::optional<uint64_t> grow(uint64_t delta_pages);

 private:
  MemoryInst(StoreBudget& budget, MemoryPool& pool, uint8_t* base, std::optional<uint64_t> max)
      : budget_(budget), pool_(pool), vm_{base, 0}, max_pages_(max) {}
  StoreBudget& budget_;
  MemoryPool& pool_;
  std::shared_ptr<const MemoryImage> image_;  // mapped over the start, handed back with the slot
  WispVmMemory vm_;
  std::optional<uint64_t> max_pages_;
};

class TableInst {
 public:
  TableInst(StoreBudget& budget, ValType elem, std::optional<uint32_t> max)
      : budget_(budget), elem_(elem), max_(max) {}

  ValType elem_type() const { return elem_; }
  uint32_t size() const { return static_cast<uint32_t>(elems_.size()); }
  std::optional<uint32_t> max() const { return max_; }
  void** data() { return elems_.data(); }
  // What compiled code reads: element pointer and size, kept in step by grow().
  WispVmTable* vm() { return &vm_; }
  void* get(uint32_t i) const { return elems_[i]; }
  void set(uint32_t i, void* r) { elems_[i] = r; }
  // Old size, or nothing when the maximum or the Store's limit forbids it.
  std::optional<uint32_t> grow(uint32_t delta, void* init);

 private:
  StoreBudget& budget_;
  ValType elem_;
  std::optional<uint32_t> max_;
  std::vector<void*> elems_;
  WispVmTable vm_{};
};

struct GlobalInst {
  ValType type = ValType::I32;
  bool mut = false;
  // Scalars and references in bits[0] (i32/f32 zero-extended); v128 uses both words.
  alignas(16) uint64_t bits[2] = {0, 0};

  Value get() const;
  void set(const Value& v);
};

// Builds a Value of type `t` from the interpreter's slot representation.
Value value_from_bits(ValType t, const uint64_t* bits);
// Writes `v` in slot representation (one word, two for v128).
void value_to_bits(const Value& v, uint64_t* bits);

struct ModuleInst {
  // Keeps the compiled module (and so `module` and the code) alive.
  std::shared_ptr<const void> owner;
  const ast::Module* module = nullptr;
  std::vector<FuncInst*> funcs;
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  MemoryInst* memory0 = nullptr;  // memories[0], read on every call and return
  std::vector<GlobalInst*> globals;
  // Element segments as evaluated references; a dropped segment is empty.
  std::vector<std::vector<void*>> elems;
  // Data segments dropped by data.drop or by instantiation (active ones).
  std::vector<bool> data_dropped;
  std::vector<std::pair<std::string, Extern>> exports;
  // Set when the module was compiled natively: the VM context its code reads.
  std::unique_ptr<NativeInstance> native;

  ModuleInst();
  ~ModuleInst();

  std::optional<Extern> find_export(std::string_view name) const;
  // "name" from the name section, or "func[N]".
  std::string func_name(uint32_t func_index) const;
};

}  // namespace wisp::runtime
