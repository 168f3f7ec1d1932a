#include "runtime/native_instance.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

#include "aot/invoke.h"

namespace wisp::runtime {
namespace {

constexpr uint32_t kGrowRefused = 0xFFFFFFFFu;
constexpr uint32_t kMaxNativeNesting = 256;

NativeInstance& owner(WispVmContext* ctx) { return *static_cast<NativeInstance*>(ctx->runtime_data); }

uint32_t native_memory_grow(WispVmContext* ctx, uint32_t memory, uint32_t delta_pages) {
  std::optional<uint64_t> old = owner(ctx).inst->memories[memory]->grow(delta_pages);
  return old ? static_cast<uint32_t>(*old) : kGrowRefused;
}

uint32_t native_table_grow(WispVmContext* ctx, uint32_t table, void* init, uint32_t delta) {
  std::optional<uint32_t> old = owner(ctx).inst->tables[table]->grow(delta, init);
  return old ? *old : kGrowRefused;
}

constexpr WispVmBuiltins kBuiltins{&native_memory_grow, &native_table_grow};

// pthread_getattr_np reads /proc for the main thread: ask once per thread.
uintptr_t cached_stack_limit() {
  thread_local const uintptr_t limit = aot::thread_stack_limit();
  return limit;
}

// The lowest address compiled code called from `frame` may use.
uintptr_t native_stack_limit(uintptr_t frame, size_t budget) {
  const uintptr_t thread_limit = cached_stack_limit();
  return frame > budget ? std::max(thread_limit, frame - budget) : thread_limit;
}

// After a runaway recursion: the stack pages below this frame are dead, and
// without this they would stay resident for the thread's lifetime (a server's
// worker keeps every page a guest's recursion ever touched).
void release_stack_below(uintptr_t frame, uintptr_t limit) {
  constexpr uintptr_t kMargin = 64 * 1024;  // signal frames, the red zone, this call
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t top = (frame - kMargin) & ~(page - 1);
  const uintptr_t bottom = (limit + page - 1) & ~(page - 1);
  if (top > bottom) ::madvise(reinterpret_cast<void*>(bottom), top - bottom, MADV_DONTNEED);
}

}  // namespace

ModuleInst::ModuleInst() = default;
ModuleInst::~ModuleInst() = default;

void attach_native(detail::StoreImpl& store, ModuleInst& inst, std::span<const InternedType> types) {
  auto n = std::make_unique<NativeInstance>();
  n->store = &store;
  n->inst = &inst;
  const ast::Module& m = *inst.module;
  for (MemoryInst* mem : inst.memories) n->memories.push_back(mem->vm());
  for (TableInst* t : inst.tables) n->tables.push_back(t->vm());
  for (GlobalInst* g : inst.globals) n->globals.push_back(reinterpret_cast<uint8_t*>(g->bits));
  for (FuncInst* f : inst.funcs) n->funcs.push_back(&f->vm);
  for (const InternedType& t : types) n->type_ids.push_back(t.id);
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const std::vector<uint8_t>& bytes = m.datas[i].bytes;
    n->datas.push_back(WispVmDataSegment{bytes.data(), inst.data_dropped[i] ? 0 : bytes.size()});
  }
  for (const std::vector<void*>& items : inst.elems)
    n->elems.push_back(WispVmElemSegment{items.data(), static_cast<uint32_t>(items.size()), 0});

  WispVmContext& c = n->ctx;
  c.memories = n->memories.data();
  c.tables = n->tables.data();
  c.globals = n->globals.data();
  c.funcs = n->funcs.data();
  c.type_ids = n->type_ids.data();
  c.datas = n->datas.data();
  c.elems = n->elems.data();
  c.builtins = &kBuiltins;
  c.stack_limit = &store.native_stack_limit;
  static_assert(sizeof(std::atomic<bool>) == 1);
  c.interrupt_flag = reinterpret_cast<const volatile uint8_t*>(&store.interrupt->requested);
  c.runtime_data = n.get();
  inst.native = std::move(n);
}

TrapOr<void> call_native(detail::StoreImpl& store, FuncInst* f, uint64_t* slots) {
  if (store.fuel_enabled)
    return make_trap(ErrorCode::InvalidArgument,
                     "fuel metering needs the interpreter (compiled code has no fuel)");
  if (f->vm.array_code == nullptr)
    return make_trap(ErrorCode::InvalidArgument, "function has no entry point");
  // Host -> wasm -> host -> ... re-entries each keep C++ frames between
  // compiled ones; bound them like the interpreter bounds its nested runs.
  if (store.native_depth >= kMaxNativeNesting) return make_trap(ErrorCode::CallStackExhausted);
  const bool outermost = store.native_depth == 0;
  detail::InterruptState& interrupt = *store.interrupt;
  uint64_t watch = 0;
  const uintptr_t frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (outermost) {
    store.native_stack_limit = native_stack_limit(frame, store.engine.impl().config.native_stack_bytes);
    if (store.deadline) {
      if (std::chrono::steady_clock::now() >= *store.deadline) return make_trap(ErrorCode::TimedOut);
      watch = store.engine.impl().watchdog.arm(*store.deadline, store.interrupt);
    }
  }
  if (outermost) {
    std::lock_guard<std::mutex> lock(interrupt.mu);
    interrupt.native_running = true;
    interrupt.native_thread = pthread_self();
    interrupt.watchdog = &store.engine.impl().watchdog;
  }
  store.native_depth++;
  std::optional<ErrorCode> trap = aot::call(f->vm.array_code, f->vm.vmctx, slots,
                                            reinterpret_cast<const volatile uint8_t*>(&interrupt.requested));
  store.native_depth--;
  if (outermost) {
    std::lock_guard<std::mutex> lock(interrupt.mu);
    interrupt.native_running = false;
    interrupt.watchdog = nullptr;
  }
  if (watch) store.engine.impl().watchdog.disarm(watch);
  // A deadline that passed while this call ran: the flag is the watchdog's, not the embedder's.
  const bool timed_out = outermost && interrupt.deadline_passed.exchange(false, std::memory_order_relaxed);
  if (timed_out) interrupt.requested.store(false, std::memory_order_relaxed);
  if (!trap) {
    store.pending_trap.reset();
    return {};
  }
  if (outermost && *trap == ErrorCode::CallStackExhausted)
    release_stack_below(frame, store.native_stack_limit);
  if (*trap == ErrorCode::Interrupted) {
    interrupt.requested.store(false, std::memory_order_relaxed);
    if (timed_out || (store.deadline && std::chrono::steady_clock::now() >= *store.deadline)) {
      store.pending_trap.reset();
      return make_trap(ErrorCode::TimedOut);
    }
  }
  if (store.pending_trap && store.pending_trap->code == *trap) {
    Trap t = std::move(*store.pending_trap);
    store.pending_trap.reset();
    return unexpected(std::move(t));
  }
  store.pending_trap.reset();
  return make_trap(*trap);
}

}  // namespace wisp::runtime
