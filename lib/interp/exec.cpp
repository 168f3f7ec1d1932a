// The dispatch loop: direct threading with GCC's computed goto. Each Op holds
// its handler's address; handlers live in handlers_*.inc by category and are
// textually included into the one function that owns the labels.
#include "interp/exec.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "interp/code.h"
#include "interp/float_ops.h"
#include "interp/simd/simd_ops.h"
#include "runtime/bulk.h"
#include "runtime/native_instance.h"

namespace wisp::interp {
namespace {

struct Frame {
  const Op* ret;
  uint64_t* fp;
  runtime::ModuleInst* inst;
};

inline V128 load_v128(const uint64_t* p) {
  V128 v;
  std::memcpy(v.bytes, p, 16);
  return v;
}
inline void store_v128(uint64_t* p, const V128& v) { std::memcpy(p, v.bytes, 16); }

// Calls a host function with arguments read from (and results written to) the
// slots at `args`.
TrapOr<void> call_host_slots(detail::StoreImpl& store, runtime::FuncInst* f, uint64_t* args,
                             runtime::ModuleInst* caller) {
  const FuncType& type = *f->type;
  std::vector<Value> in;
  in.reserve(type.params.size());
  uint32_t slot = 0;
  for (ValType t : type.params) {
    in.push_back(runtime::value_from_bits(t, args + slot));
    slot += slot_count(t);
  }
  std::vector<Value> out;
  out.reserve(type.results.size());
  for (ValType t : type.results) out.push_back(Value::zero(t));
  Caller c(*store.owner, caller);
  store.host_calls++;
  TrapOr<void> r = (*f->host)(c, in, out);
  if (!r) return r;
  slot = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    runtime::value_to_bits(out[i], args + slot);
    slot += slot_count(type.results[i]);
  }
  return {};
}

// A call from interpreted code to a function without interpreter code (host or
// natively compiled). Nested wasm runs use the value stack above this frame.
TrapOr<void> call_external(detail::StoreImpl& store, runtime::FuncInst* f, uint64_t* args,
                           runtime::ModuleInst* caller) {
  uint32_t param_slots = 0, result_slots = 0;
  for (ValType t : f->type->params) param_slots += slot_count(t);
  for (ValType t : f->type->results) result_slots += slot_count(t);
  uint64_t* const saved_top = store.stack.top;
  store.stack.top = args + std::max(param_slots, result_slots);
  TrapOr<void> r =
      f->is_host() ? call_host_slots(store, f, args, caller) : runtime::call_native(store, f, args);
  store.stack.top = saved_top;
  return r;
}

// Name of the function whose code contains `pc`.
std::string frame_name(const runtime::ModuleInst* inst, const Op* pc) {
  if (inst)
    for (const runtime::FuncInst* f : inst->funcs)
      if (f->code && f->module == inst && f->code->contains(pc)) return inst->func_name(f->func_index);
  return "?";
}

constexpr size_t kMaxBacktrace = 64;

// Runs from `pc` in frame `fp` until the entry function returns. With
// store == nullptr it only reports the handler table.
TrapOr<void> run(detail::StoreImpl* store, const Op* pc, uint64_t* fp, runtime::ModuleInst* inst,
                 const void* const** table_out) {
  static const void* const kHandlers[] = {
#define WISP_IOP(Name) &&L_##Name,
#include "interp/iops.def"
#undef WISP_IOP
  };
  if (!store) {
    *table_out = kHandlers;
    return {};
  }

  Op halt;
  halt.handler = &&L_Halt;
  // Return records live in the Store's frame stack, shared with nested runs.
  static_assert(sizeof(Frame) == detail::FrameStack::kWordsPerFrame * sizeof(uint64_t));
  Frame* const frame_base = reinterpret_cast<Frame*>(store->frames.top);
  const uint32_t max_depth = store->engine.impl().config.max_call_depth;
  Frame* const frame_end = std::min(reinterpret_cast<Frame*>(store->frames.base) + max_depth,
                                    reinterpret_cast<Frame*>(store->frames.base) + store->frames.frames - 1);
  Frame* fsp = frame_base;
  *fsp++ = Frame{&halt, fp, inst};
  uint64_t* const stack_end = store->stack.base + store->stack.slots;
  const std::atomic<bool>& interrupt = store->interrupt->requested;
  const bool has_deadline = store->deadline.has_value();
  runtime::FuncInst* callee = nullptr;
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  ErrorCode trap_code = ErrorCode::Unreachable;
  Trap pending;

#define S(field) fp[pc->field]
#define DISPATCH() goto * pc->handler
#define NEXT()  \
  do {          \
    ++pc;       \
    DISPATCH(); \
  } while (0)
#define JUMP()                           \
  do {                                   \
    pc += static_cast<int64_t>(pc->imm); \
    DISPATCH();                          \
  } while (0)
#define TRAP(code)      \
  do {                  \
    trap_code = (code); \
    goto trap;          \
  } while (0)
#define RELOAD_MEMORY()                                   \
  do {                                                    \
    if (const runtime::MemoryInst* m0_ = inst->memory0) { \
      mem_base = m0_->data();                             \
      mem_size = m0_->size_bytes();                       \
    }                                                     \
  } while (0)
#define PUSH_FRAME()                       \
  do {                                     \
    if (fsp >= frame_end) [[unlikely]]     \
      TRAP(ErrorCode::CallStackExhausted); \
    *fsp++ = Frame{pc + 1, fp, inst};      \
  } while (0)
#define CHECK_BUDGET(cost)                                                                 \
  do {                                                                                     \
    if (interrupt.load(std::memory_order_relaxed)) [[unlikely]] {                          \
      store->interrupt->requested.store(false, std::memory_order_relaxed);                 \
      TRAP(ErrorCode::Interrupted);                                                        \
    }                                                                                      \
    if (store->fuel_enabled) {                                                             \
      if (store->fuel_left < (cost)) {                                                     \
        store->fuel_left = 0;                                                              \
        TRAP(ErrorCode::OutOfFuel);                                                        \
      }                                                                                    \
      store->fuel_left -= (cost);                                                          \
    }                                                                                      \
    if (has_deadline && ++store->deadline_ticks >= 256) {                                  \
      store->deadline_ticks = 0;                                                           \
      if (std::chrono::steady_clock::now() >= *store->deadline) TRAP(ErrorCode::TimedOut); \
    }                                                                                      \
  } while (0)

  RELOAD_MEMORY();
  DISPATCH();

#include "interp/handlers_control.inc"
#include "interp/handlers_convert.inc"
#include "interp/handlers_float.inc"
#include "interp/handlers_int.inc"
#include "interp/handlers_memory.inc"
#include "interp/handlers_simd.inc"
#include "interp/handlers_table.inc"
#include "interp/handlers_variable.inc"

trap:
  pending = Trap(trap_code);
trap_pending : {
  std::vector<std::string> names;
  names.push_back(frame_name(inst, pc));
  for (Frame* f = fsp - 1; f > frame_base && names.size() < kMaxBacktrace; --f)
    names.push_back(frame_name(f->inst, f->ret - 1));
  // A host trap keeps its own backtrace (from nested runs) innermost.
  pending.backtrace.insert(pending.backtrace.end(), names.begin(), names.end());
  return unexpected(std::move(pending));
}
done:
  return {};

#undef S
#undef DISPATCH
#undef NEXT
#undef JUMP
#undef TRAP
#undef RELOAD_MEMORY
#undef CHECK_BUDGET
#undef PUSH_FRAME
}

}  // namespace

void resolve_handlers(CompiledFunc& f) {
  const void* const* table = nullptr;
  (void)run(nullptr, nullptr, nullptr, nullptr, &table);
  for (Op& op : f.code) op.handler = table[reinterpret_cast<uintptr_t>(op.handler)];
}

namespace {

// Runs interpreted function `f` with its arguments in `args` (slot layout),
// which are copied to the top of the value stack; results are copied back.
TrapOr<void> run_interpreted(detail::StoreImpl& store, runtime::FuncInst* f, uint64_t* args) {
  if (store.nested_runs >= kMaxNestedRuns) return make_trap(ErrorCode::CallStackExhausted);
  if (!store.ensure_stack()) return make_trap(ErrorCode::CallStackExhausted, "cannot map the value stack");
  const CompiledFunc& code = *f->code;
  uint64_t* fp = store.stack.top;
  uint64_t* const end = store.stack.base + store.stack.slots;
  uint32_t result_slots = 0;
  for (ValType t : f->type->results) result_slots += slot_count(t);
  if (fp + std::max({code.frame_slots, code.param_slots, result_slots}) > end)
    return make_trap(ErrorCode::CallStackExhausted);
  std::copy(args, args + code.param_slots, fp);
  if (store.deadline) store.deadline_ticks = 255;  // read the clock at the first check
  store.nested_runs++;
  TrapOr<void> r = run(&store, code.code.data(), fp, f->module, nullptr);
  store.nested_runs--;
  if (!r) return r;
  std::copy(fp, fp + result_slots, args);
  return {};
}

}  // namespace

TrapOr<void> invoke(detail::StoreImpl& store, runtime::FuncInst* f, std::span<const Value> args,
                    std::span<Value> results) {
  if (f->is_host()) {
    Caller c(*store.owner, nullptr);
    store.host_calls++;
    return (*f->host)(c, args, results);
  }
  uint32_t param_slots = 0, result_slots = 0;
  for (const Value& v : args) param_slots += slot_count(v.type());
  for (ValType t : f->type->results) result_slots += slot_count(t);
  // Small signatures (nearly all) stay off the heap.
  uint64_t inline_slots[16];
  std::vector<uint64_t> heap_slots;
  uint64_t* slots = inline_slots;
  if (std::max(param_slots, result_slots) > std::size(inline_slots)) {
    heap_slots.resize(std::max(param_slots, result_slots));
    slots = heap_slots.data();
  }
  uint32_t slot = 0;
  for (const Value& v : args) {
    runtime::value_to_bits(v, slots + slot);
    slot += slot_count(v.type());
  }
  TrapOr<void> r = f->is_native() ? runtime::call_native(store, f, slots) : run_interpreted(store, f, slots);
  if (!r) return r;
  slot = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const ValType t = f->type->results[i];
    results[i] = runtime::value_from_bits(t, slots + slot);
    slot += slot_count(t);
  }
  return {};
}

uint32_t array_bridge(void* callee, uint64_t* slots, WispVmContext* caller_vmctx) {
  auto* f = static_cast<runtime::FuncInst*>(callee);
  auto& caller = *static_cast<runtime::NativeInstance*>(caller_vmctx->runtime_data);
  detail::StoreImpl& store = *caller.store;
  TrapOr<void> r =
      f->is_host() ? call_host_slots(store, f, slots, caller.inst) : run_interpreted(store, f, slots);
  // An interrupt signal that came while the host function ran found no
  // compiled code to stop; a loop calling host functions would miss them all.
  if (r && f->is_host() && store.interrupt->requested.load(std::memory_order_relaxed))
    return static_cast<uint32_t>(ErrorCode::Interrupted) + 1;
  if (r) return 0;
  const ErrorCode code = r.error().code;
  store.pending_trap = std::move(r).error();
  return static_cast<uint32_t>(code) + 1;
}

}  // namespace wisp::interp

namespace wisp::interp {

std::string disassemble(const CompiledFunc& f) {
  static constexpr std::string_view kNames[] = {
#define WISP_IOP(Name) #Name,
#include "interp/iops.def"
#undef WISP_IOP
  };
  const void* const* table = nullptr;
  (void)run(nullptr, nullptr, nullptr, nullptr, &table);
  std::string out;
  for (size_t i = 0; i < f.code.size(); ++i) {
    const Op& op = f.code[i];
    std::string_view name = "?";
    for (size_t k = 0; k < static_cast<size_t>(Iop::Count_); ++k)
      if (table[k] == op.handler) name = kNames[k];
    out += std::to_string(i) + ": " + std::string(name) + " a=" + std::to_string(op.a) +
           " b=" + std::to_string(op.b) + " c=" + std::to_string(op.c) + " d=" + std::to_string(op.d) +
           " imm=" + std::to_string(static_cast<int64_t>(op.imm)) + "\n";
  }
  return out;
}

}  // namespace wisp::interp
