// wisp's embedding API. The vocabulary follows wasmtime's:
//   Engine (per process) -> Module (validated, immutable, shareable across threads)
//   -> Linker (host functions, filled once) -> InstancePre (imports resolved)
//   -> Store (per request: the isolation unit, holds limits) -> Instance, Func, Memory, Table, Global.
// A Store and everything created in it belong to one thread at a time; handles
// (Func, Memory, ...) are small values valid as long as their Store lives.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wisp/error.h"
#include "wisp/types.h"

namespace wisp {

namespace detail {
struct EngineImpl;
struct ModuleImpl;
struct StoreImpl;
struct LinkerImpl;
struct InstancePreImpl;
}  // namespace detail

namespace runtime {
struct FuncInst;
class MemoryInst;
class TableInst;
struct GlobalInst;
struct ModuleInst;
struct InstanceImage;
}  // namespace runtime

class Store;

// A guest trap: the code is one of the Execute-phase codes of error_codes.def.
struct Trap {
  ErrorCode code = ErrorCode::Unreachable;
  std::string detail;
  // Innermost frame first, e.g. "fib" or "func[3]" when the name section has no name.
  std::vector<std::string> backtrace;
  // For ErrorCode::Exit (WASI proc_exit): the guest's exit status.
  int exit_code = 0;

  Trap() = default;
  Trap(ErrorCode c, std::string d = {}) : code(c), detail(std::move(d)) {}  // NOLINT
  std::string message() const;
};

template <class T>
using TrapOr = Expected<T, Trap>;

inline Unexpected<Trap> make_trap(ErrorCode code, std::string detail = {}) {
  return {Trap(code, std::move(detail))};
}

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
std::string_view extern_kind_name(ExternKind kind);

struct ImportDesc {
  std::string module;
  std::string name;
  ExternKind kind;
};

struct ExportDesc {
  std::string name;
  ExternKind kind;
};

// How Module::compile prepares code: lowered for the interpreter (fast to
// compile), or compiled to native code for this CPU through LLVM (fast to run).
enum class Strategy : uint8_t { Interpreter, Native };

struct EngineConfig {
  // Nested wasm calls allowed before the guest traps with "call stack exhausted"
  // (interpreter; native code is bounded by `native_stack_bytes` instead).
  uint32_t max_call_depth = 20000;
  // Machine stack that natively compiled code may use below the host's call
  // (never more than the thread has); deeper recursion traps with "call stack
  // exhausted", after which the pages it touched are returned to the kernel.
  size_t native_stack_bytes = 1u << 20;
  // Bytes of interpreter value stack per Store execution.
  size_t value_stack_bytes = 16u << 20;
  // Linear memories and interpreter stacks kept, reset, for the next Stores
  // when their Store dies (0: unmap them instead). A pooled memory is zeroed
  // with memset up to `memory_keep_resident_bytes` (its pages stay mapped, so
  // the next instance does not fault them in again) and returned to the
  // kernel beyond.
  size_t pool_capacity = 32;
  uint64_t memory_keep_resident_bytes = 128u << 10;

  Strategy strategy = Strategy::Interpreter;
  // Native compilation: LLVM optimisation level (0..3) and parallel partitions.
  unsigned opt_level = 2;
  unsigned compile_threads = 2;
  // Native compilation: directory of the compiled-code cache (keyed by module
  // hash, wisp version and CPU), or empty for none.
  std::string cache_dir;
  // Native code: list compiled functions in /tmp/perf-<pid>.map as they are
  // loaded, so `perf report`/`perf top` name them (the wisp CLI sets this
  // when WISP_PERF_MAP=1). Loading fails when the file cannot be written.
  bool perf_map = false;
};

class Engine {
 public:
  Engine();
  explicit Engine(EngineConfig config);
  const EngineConfig& config() const;
  const detail::EngineImpl& impl() const { return *impl_; }

 private:
  std::shared_ptr<detail::EngineImpl> impl_;
};

class Module {
 public:
  // Decode, validate and prepare a module for execution. Fails with a Decode
  // or Validate phase error carrying the spec's message.
  static Expected<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // The same with an explicit strategy, whatever the Engine's default: one
  // Engine (and its Linkers) can serve interpreted and native modules side by
  // side, e.g. interpreting a function until its native code is ready.
  static Expected<Module> compile(const Engine& engine, std::span<const uint8_t> bytes, Strategy strategy);
  // The same, giving up soon after another thread sets `*cancel` (an
  // Interrupted error): a native compile of a big module takes seconds, and a
  // server shutting down should not wait for it.
  static Expected<Module> compile(const Engine& engine, std::span<const uint8_t> bytes, Strategy strategy,
                                  const std::atomic<bool>* cancel);
  // A natively compiled module from an artifact written by serialize(). The
  // artifact is verified first: one altered or missing byte, another wisp
  // version or another CPU is an error, never code that runs.
  static Expected<Module> deserialize(const Engine& engine, std::span<const uint8_t> artifact);
  // The natively compiled module from the engine's cache (EngineConfig::cache_dir)
  // when a valid entry exists; nothing otherwise. Fails only when `bytes` do
  // not decode or validate.
  static Expected<std::optional<Module>> cached(const Engine& engine, std::span<const uint8_t> bytes);
  // Whether `bytes` start like an artifact (as opposed to a .wasm module).
  static bool is_artifact(std::span<const uint8_t> bytes);

  // The artifact of a natively compiled module (fails for interpreted ones).
  Expected<std::vector<uint8_t>> serialize() const;
  bool is_native() const;
  // Whether the last compile() of this module was served by the cache.
  bool from_cache() const;

  std::vector<ImportDesc> imports() const;
  std::vector<ExportDesc> exports() const;
  // Signature of an exported function, if `name` exports one.
  std::optional<FuncType> export_func_type(std::string_view name) const;

  const detail::ModuleImpl& impl() const { return *impl_; }
  std::shared_ptr<const detail::ModuleImpl> shared_impl() const { return impl_; }

 private:
  explicit Module(std::shared_ptr<const detail::ModuleImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::ModuleImpl> impl_;
};

class Memory {
 public:
  struct Desc {
    uint64_t min_pages = 0;
    std::optional<uint64_t> max_pages;
  };
  static constexpr uint64_t kPageSize = 65536;

  static Expected<Memory> create(Store& store, Desc desc);

  uint8_t* data() const;
  uint64_t size_bytes() const;
  uint64_t pages() const;
  // Grows by `delta` pages; returns the old size in pages, or nothing when the
  // module's maximum or the Store's memory limit forbids it.
  std::optional<uint64_t> grow(uint64_t delta) const;
  // A bounds-checked view for host functions: nothing when [offset, offset+len) is outside memory.
  std::optional<std::span<uint8_t>> span(uint64_t offset, uint64_t len) const;

  runtime::MemoryInst* raw() const { return m_; }
  explicit Memory(runtime::MemoryInst* m) : m_(m) {}

 private:
  runtime::MemoryInst* m_;
};

class Table {
 public:
  struct Desc {
    ValType elem = ValType::FuncRef;
    uint32_t min = 0;
    std::optional<uint32_t> max;
  };
  static Expected<Table> create(Store& store, Desc desc, Value init);

  ValType elem_type() const;
  uint32_t size() const;
  std::optional<Value> get(uint32_t index) const;
  bool set(uint32_t index, Value value) const;
  // Returns the old size, or nothing when growth is not allowed.
  std::optional<uint32_t> grow(uint32_t delta, Value init) const;

  runtime::TableInst* raw() const { return t_; }
  explicit Table(runtime::TableInst* t) : t_(t) {}

 private:
  runtime::TableInst* t_;
};

class Global {
 public:
  static Expected<Global> create(Store& store, Value value, bool mut);

  ValType type() const;
  bool is_mutable() const;
  Value get() const;
  // Fails when the global is immutable or the value has the wrong type.
  Expected<void> set(Value value) const;

  runtime::GlobalInst* raw() const { return g_; }
  explicit Global(runtime::GlobalInst* g) : g_(g) {}

 private:
  runtime::GlobalInst* g_;
};

class Caller;
// A host function: reads `args`, writes `results` (sized to the signature's
// results), and may trap (e.g. WASI proc_exit returns ErrorCode::Exit).
using HostFunc =
    std::function<TrapOr<void>(Caller& caller, std::span<const Value> args, std::span<Value> results)>;

class Func {
 public:
  // A host function owned by `store`.
  static Func create(Store& store, FuncType type, HostFunc fn);

  const FuncType& type() const;
  // Calls the function. Argument count and types must match type(); a
  // mismatch is reported as a Trap with ErrorCode::InvalidArgument.
  TrapOr<std::vector<Value>> call(Store& store, std::span<const Value> args) const;
  // This function as a funcref value.
  Value as_ref() const { return Value::funcref(f_); }
  // The function a non-null funcref refers to.
  static Func from_ref(Ref ref) { return Func(static_cast<runtime::FuncInst*>(ref)); }

  runtime::FuncInst* raw() const { return f_; }
  explicit Func(runtime::FuncInst* f) : f_(f) {}

 private:
  runtime::FuncInst* f_;
};

using Extern = std::variant<Func, Table, Memory, Global>;
ExternKind extern_kind(const Extern& e);

class Instance {
 public:
  std::optional<Extern> get_export(std::string_view name) const;
  std::optional<Func> get_func(std::string_view name) const;
  std::optional<Memory> get_memory(std::string_view name) const;
  std::optional<Global> get_global(std::string_view name) const;
  std::optional<Table> get_table(std::string_view name) const;
  std::vector<std::pair<std::string, Extern>> exports() const;

  runtime::ModuleInst* raw() const { return inst_; }
  explicit Instance(runtime::ModuleInst* inst) : inst_(inst) {}

 private:
  runtime::ModuleInst* inst_;
};

// What a host function sees of its caller.
class Caller {
 public:
  Caller(Store& store, runtime::ModuleInst* instance) : store_(store), instance_(instance) {}
  Store& store() const { return store_; }
  // The calling instance's memory `index` (WASI uses memory 0), if it has one.
  std::optional<Memory> memory(uint32_t index = 0) const;
  std::optional<Extern> get_export(std::string_view name) const;

 private:
  Store& store_;
  runtime::ModuleInst* instance_;
};

struct StoreLimits {
  // Upper bound on the bytes of all linear memories of the Store together.
  uint64_t max_memory_bytes = UINT64_MAX;
  // Upper bound on the elements of any one table.
  uint32_t max_table_elements = 10'000'000;
};

// Thread-safe: lets another thread stop the guest running in a Store; the
// guest traps with ErrorCode::Interrupted soon: interpreted code at its next
// loop header or call; natively compiled code wherever it is (the thread
// running it receives SIGURG, see lib/aot/invoke.h), or as a host function it
// called returns.
// Each request stops one run: a request made while nothing runs stops the
// next run, and the Store runs normally after the trap. interrupt() takes a
// lock: call it from a thread, not from a signal handler.
class InterruptHandle {
 public:
  void interrupt() const;
  explicit InterruptHandle(std::shared_ptr<void> state) : state_(std::move(state)) {}

 private:
  std::shared_ptr<void> state_;
};

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;
  void set_limits(StoreLimits limits);
  const StoreLimits& limits() const;
  // Execution stops with ErrorCode::OutOfFuel once `fuel` units (about one
  // per instruction) are used; nothing means unlimited. Fuel is charged in
  // blocks where the interpreter checks it: entering a function pays for its
  // body once, each loop iteration pays for the loop body.
  void set_fuel(std::optional<uint64_t> fuel);
  std::optional<uint64_t> fuel_remaining() const;
  // Execution stops with ErrorCode::TimedOut after `deadline`.
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline);
  std::optional<std::chrono::steady_clock::time_point> deadline() const;
  InterruptHandle interrupt_handle();
  // For host functions that block (sleeps, polls): true once per interrupt()
  // of one of this Store's handles, which it then counts as delivered; the
  // host function should return an ErrorCode::Interrupted trap.
  bool consume_interrupt();

  // Host function calls made in this Store so far (an embedder can tell
  // whether an initialiser reached outside the guest).
  uint64_t host_calls() const;

  // Embedder data for host functions (e.g. the WASI context).
  void set_user_data(std::shared_ptr<void> data);
  template <class T>
  T* user_data() const {
    return static_cast<T*>(raw_user_data());
  }

  detail::StoreImpl& impl() { return *impl_; }
  const detail::StoreImpl& impl() const { return *impl_; }

 private:
  void* raw_user_data() const;
  std::unique_ptr<detail::StoreImpl> impl_;
};

// An instance's state captured after its initialisation: linear memory
// (shared copy-on-write by the instances made from it), mutable globals, table
// contents and dropped segments. Immutable, usable from any thread and Store.
class InstanceImage {
 public:
  // Bytes of linear memory captured.
  uint64_t memory_bytes() const;

  const runtime::InstanceImage& impl() const { return *impl_; }
  explicit InstanceImage(std::shared_ptr<const runtime::InstanceImage> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const runtime::InstanceImage> impl_;
};

class InstancePre {
 public:
  // A fresh instance in `store`; runs data/element initialisation and the start function.
  Expected<Instance> instantiate(Store& store) const;
  // A fresh instance in `store` in the state `image` captured: segments, the
  // start function and whatever ran before the capture are not run again.
  Expected<Instance> instantiate(Store& store, const InstanceImage& image) const;
  // The current state of `instance` (made by this InstancePre), typically
  // right after an initialiser such as WASI's `_initialize` returned. Fails
  // with ErrorCode::NotCapturable when a fresh instance could not reproduce
  // it: an imported memory, table or mutable global, or a table or global
  // holding an externref or another instance's function. Effects outside
  // the instance (host calls, WASI output) are not part of an image: capture
  // only what ran without them (see Store::host_calls).
  Expected<InstanceImage> capture(const Instance& instance) const;
  const Module& module() const;

  explicit InstancePre(std::shared_ptr<const detail::InstancePreImpl> impl) : impl_(std::move(impl)) {}

 private:
  Expected<Instance> instantiate_in(Store& store, const runtime::InstanceImage* image) const;
  std::shared_ptr<const detail::InstancePreImpl> impl_;
};

class Linker {
 public:
  explicit Linker(const Engine& engine);
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // A host function usable from every Store.
  Expected<void> func_new(std::string_view module, std::string_view name, FuncType type, HostFunc fn);
  // Same, with the wasm signature deduced from a C++ callable (see host_func.h).
  template <class F>
  Expected<void> func_wrap(std::string_view module, std::string_view name, F&& fn);
  // An item owned by one Store (e.g. an export of a registered instance); a
  // Linker holding such items may only instantiate into that Store.
  Expected<void> define(std::string_view module, std::string_view name, Extern item);
  // Every export of `instance` under module name `module` (the spec suite's `register`).
  Expected<void> define_instance(std::string_view module, const Instance& instance);
  // Later definitions replace earlier ones instead of failing with "duplicate definition".
  void allow_shadowing(bool allow);

  // Resolves imports once; the result instantiates cheaply, many times.
  Expected<InstancePre> instantiate_pre(const Module& module) const;
  // Link errors: "unknown import", "incompatible import type". A trap during
  // initialisation or in the start function fails with Phase::Instantiate.
  Expected<Instance> instantiate(Store& store, const Module& module) const;

  const detail::LinkerImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<detail::LinkerImpl> impl_;
};

}  // namespace wisp

#include "wisp/host_func.h"
