#include "aot/helpers.h"

#include <cmath>
#include <cstring>

#include "aot/invoke.h"
#include "wisp/error.h"

namespace {

[[noreturn]] void trap(WispVmContext* vmctx, wisp::ErrorCode code) {
  wisp_aot_trap(vmctx, static_cast<uint32_t>(code));
}

// [start, start + n) inside [0, size)? Computed in 64 bits: no wrap-around.
bool in_range(uint64_t start, uint64_t n, uint64_t size) { return start <= size && n <= size - start; }

// Called after a bulk operation: an interrupt signal that came while it ran
// landed in host code and was ignored (invoke.h), and a loop spending its
// time in these helpers would miss every repetition of it.
void stop_if_interrupted(WispVmContext* vmctx) {
  if (*vmctx->interrupt_flag != 0) trap(vmctx, wisp::ErrorCode::Interrupted);
}

}  // namespace

extern "C" {

void wisp_aot_memory_fill(WispVmContext* vmctx, uint32_t mem, uint32_t dst, uint32_t value, uint32_t n) {
  WispVmMemory* m = vmctx->memories[mem];
  if (!in_range(dst, n, m->size_bytes)) trap(vmctx, wisp::ErrorCode::OutOfBoundsMemoryAccess);
  std::memset(m->base + dst, static_cast<int>(value & 0xFF), n);
  stop_if_interrupted(vmctx);
}

void wisp_aot_memory_copy(WispVmContext* vmctx, uint32_t dst_mem, uint32_t src_mem, uint32_t dst,
                          uint32_t src, uint32_t n) {
  WispVmMemory* d = vmctx->memories[dst_mem];
  WispVmMemory* s = vmctx->memories[src_mem];
  if (!in_range(dst, n, d->size_bytes) || !in_range(src, n, s->size_bytes))
    trap(vmctx, wisp::ErrorCode::OutOfBoundsMemoryAccess);
  std::memmove(d->base + dst, s->base + src, n);
  stop_if_interrupted(vmctx);
}

void wisp_aot_memory_init(WispVmContext* vmctx, uint32_t mem, uint32_t seg, uint32_t dst, uint32_t src,
                          uint32_t n) {
  WispVmMemory* m = vmctx->memories[mem];
  const WispVmDataSegment& d = vmctx->datas[seg];
  if (!in_range(dst, n, m->size_bytes) || !in_range(src, n, d.size))
    trap(vmctx, wisp::ErrorCode::OutOfBoundsMemoryAccess);
  if (n != 0) std::memcpy(m->base + dst, d.bytes + src, n);
  stop_if_interrupted(vmctx);
}

void wisp_aot_data_drop(WispVmContext* vmctx, uint32_t seg) { vmctx->datas[seg].size = 0; }

void wisp_aot_table_fill(WispVmContext* vmctx, uint32_t table, uint32_t dst, void* ref, uint32_t n) {
  WispVmTable* t = vmctx->tables[table];
  if (!in_range(dst, n, t->size)) trap(vmctx, wisp::ErrorCode::OutOfBoundsTableAccess);
  for (uint32_t i = 0; i < n; ++i) t->elems[dst + i] = ref;
  stop_if_interrupted(vmctx);
}

void wisp_aot_table_copy(WispVmContext* vmctx, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                         uint32_t src, uint32_t n) {
  WispVmTable* d = vmctx->tables[dst_table];
  WispVmTable* s = vmctx->tables[src_table];
  if (!in_range(dst, n, d->size) || !in_range(src, n, s->size))
    trap(vmctx, wisp::ErrorCode::OutOfBoundsTableAccess);
  if (n != 0) std::memmove(d->elems + dst, s->elems + src, n * sizeof(void*));
  stop_if_interrupted(vmctx);
}

void wisp_aot_table_init(WispVmContext* vmctx, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src,
                         uint32_t n) {
  WispVmTable* t = vmctx->tables[table];
  const WispVmElemSegment& e = vmctx->elems[seg];
  if (!in_range(dst, n, t->size) || !in_range(src, n, e.size))
    trap(vmctx, wisp::ErrorCode::OutOfBoundsTableAccess);
  for (uint32_t i = 0; i < n; ++i) t->elems[dst + i] = e.items[src + i];
  stop_if_interrupted(vmctx);
}

void wisp_aot_elem_drop(WispVmContext* vmctx, uint32_t seg) { vmctx->elems[seg].size = 0; }

}  // extern "C"

namespace wisp::aot {
namespace {

// libm / libc entry points LLVM may emit calls to (rounding without SSE4.1,
// memcpy/memset from loop idioms).
float roundeven_f32(float x) { return std::nearbyint(x); }
double roundeven_f64(double x) { return std::nearbyint(x); }

const RuntimeSymbol kSymbols[] = {
    {"wisp_aot_trap", reinterpret_cast<void*>(&wisp_aot_trap)},
    {"wisp_aot_memory_fill", reinterpret_cast<void*>(&wisp_aot_memory_fill)},
    {"wisp_aot_memory_copy", reinterpret_cast<void*>(&wisp_aot_memory_copy)},
    {"wisp_aot_memory_init", reinterpret_cast<void*>(&wisp_aot_memory_init)},
    {"wisp_aot_data_drop", reinterpret_cast<void*>(&wisp_aot_data_drop)},
    {"wisp_aot_table_fill", reinterpret_cast<void*>(&wisp_aot_table_fill)},
    {"wisp_aot_table_copy", reinterpret_cast<void*>(&wisp_aot_table_copy)},
    {"wisp_aot_table_init", reinterpret_cast<void*>(&wisp_aot_table_init)},
    {"wisp_aot_elem_drop", reinterpret_cast<void*>(&wisp_aot_elem_drop)},
    {"memcpy", reinterpret_cast<void*>(static_cast<void* (*)(void*, const void*, size_t)>(&std::memcpy))},
    {"memmove", reinterpret_cast<void*>(static_cast<void* (*)(void*, const void*, size_t)>(&std::memmove))},
    {"memset", reinterpret_cast<void*>(static_cast<void* (*)(void*, int, size_t)>(&std::memset))},
    {"ceilf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::ceilf))},
    {"floorf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::floorf))},
    {"truncf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::truncf))},
    {"roundevenf", reinterpret_cast<void*>(&roundeven_f32)},
    {"nearbyintf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::nearbyintf))},
    {"ceil", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::ceil))},
    {"floor", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::floor))},
    {"trunc", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::trunc))},
    {"roundeven", reinterpret_cast<void*>(&roundeven_f64)},
    {"nearbyint", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::nearbyint))},
    {"fminf", reinterpret_cast<void*>(static_cast<float (*)(float, float)>(&::fminf))},
    {"fmaxf", reinterpret_cast<void*>(static_cast<float (*)(float, float)>(&::fmaxf))},
    {"fmin", reinterpret_cast<void*>(static_cast<double (*)(double, double)>(&::fmin))},
    {"fmax", reinterpret_cast<void*>(static_cast<double (*)(double, double)>(&::fmax))},
};

}  // namespace

const RuntimeSymbol* runtime_symbols(size_t* count) {
  *count = sizeof(kSymbols) / sizeof(kSymbols[0]);
  return kSymbols;
}

}  // namespace wisp::aot
