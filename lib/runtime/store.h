// The Store: owns every instance object created in it, its limits, fuel,
// deadline and interrupt flag, and the interpreter's value stack.
#pragma once

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "runtime/engine.h"
#include "runtime/instances.h"

namespace wisp::detail {

// Reached through InterruptHandle from any thread.
struct InterruptState {
  std::atomic<bool> requested{false};
  // Set with `requested` by the watchdog when the Store's deadline passed
  // while natively compiled code ran, so the trap reads "timed out".
  std::atomic<bool> deadline_passed{false};

  // Compiled code polls `requested` at function entries only; a loop is
  // stopped by signalling the thread that runs it (aot::interrupt_thread),
  // which the engine's watchdog repeats until the run ends. While
  // `native_running`, the thread is inside call_native and cannot leave it
  // (nor its Store and Engine go away) before taking `mu`.
  std::mutex mu;
  bool native_running = false;
  pthread_t native_thread{};
  Watchdog* watchdog = nullptr;  // the running Store's engine's
};

// Sets `target`'s interrupt flag and, if compiled code is running for it,
// signals that thread now and (through its watchdog) every millisecond until
// the run ends or the flag is consumed.
void request_interrupt(const std::shared_ptr<InterruptState>& target);

// Interpreter stack: an mmap'd region (untouched pages cost nothing) shared by
// nested invocations (host -> wasm -> host -> wasm).
struct ValueStack {
  uint64_t* base = nullptr;
  size_t slots = 0;
  uint64_t* top = nullptr;  // first slot not used by an active invocation
};

// The interpreter's return stack: fixed-size records (three words each),
// room for EngineConfig::max_call_depth frames plus one entry record per
// nested invocation. Running out of it is "call stack exhausted".
struct FrameStack {
  static constexpr size_t kWordsPerFrame = 3;
  uint64_t* base = nullptr;
  size_t frames = 0;
  uint64_t* top = nullptr;  // first free record
};

struct StoreImpl {
  explicit StoreImpl(const Engine& e);
  ~StoreImpl();
  StoreImpl(const StoreImpl&) = delete;
  StoreImpl& operator=(const StoreImpl&) = delete;

  Engine engine;
  Store* owner = nullptr;  // updated when the Store moves
  runtime::StoreBudget budget;

  // Execution control.
  bool fuel_enabled = false;
  uint64_t fuel_left = 0;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  uint32_t deadline_ticks = 0;  // the clock is read only every few hundred checks
  std::shared_ptr<InterruptState> interrupt = std::make_shared<InterruptState>();
  std::shared_ptr<void> user_data;
  uint64_t host_calls = 0;  // counted where every host function is entered (lib/interp/exec.cpp)

  // Execution state of the interpreter.
  ValueStack stack;
  FrameStack frames;
  uint32_t nested_runs = 0;

  // Execution state of natively compiled code: the address below which its
  // frames trap (set when the outermost native call starts on a thread), how
  // deep native calls nest, and the full Trap of a host or interpreted
  // function while compiled frames unwind past it.
  uintptr_t native_stack_limit = 0;
  uint32_t native_depth = 0;
  std::optional<Trap> pending_trap;

  // Everything created in this Store; pointers to them stay valid until it dies.
  std::vector<std::unique_ptr<runtime::FuncInst>> funcs;
  std::vector<std::unique_ptr<runtime::TableInst>> tables;
  std::vector<std::unique_ptr<runtime::MemoryInst>> memories;
  std::vector<std::unique_ptr<runtime::GlobalInst>> globals;
  std::vector<std::unique_ptr<runtime::ModuleInst>> instances;

  runtime::FuncInst* add(std::unique_ptr<runtime::FuncInst> f) {
    return funcs.emplace_back(std::move(f)).get();
  }
  runtime::TableInst* add(std::unique_ptr<runtime::TableInst> t) {
    return tables.emplace_back(std::move(t)).get();
  }
  runtime::MemoryInst* add(std::unique_ptr<runtime::MemoryInst> m) {
    return memories.emplace_back(std::move(m)).get();
  }
  runtime::GlobalInst* add(std::unique_ptr<runtime::GlobalInst> g) {
    return globals.emplace_back(std::move(g)).get();
  }
  runtime::ModuleInst* add(std::unique_ptr<runtime::ModuleInst> m) {
    return instances.emplace_back(std::move(m)).get();
  }

  // Takes the value and frame stacks from the Engine's pool on first use;
  // false when the system refuses.
  bool ensure_stack();
  // A host function created in this store.
  runtime::FuncInst* new_host_func(const FuncType& type, std::shared_ptr<const HostFunc> fn);
  // The same, for a type already interned in this store's engine.
  runtime::FuncInst* new_host_func(runtime::InternedType type, std::shared_ptr<const HostFunc> fn);
};

}  // namespace wisp::detail
