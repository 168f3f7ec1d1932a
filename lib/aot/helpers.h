// Out-of-line operations compiled code calls by symbol name (resolved by the
// loader): bulk memory and table instructions. Each checks its bounds the way
// the spec does (the whole range before any byte moves) and traps through
// wisp_aot_trap. Growth is the runtime's (WispVmBuiltins), not here.
#pragma once

#include <cstdint>
#include <string_view>

#include "aot/vmctx.h"

extern "C" {
void wisp_aot_memory_fill(WispVmContext* vmctx, uint32_t mem, uint32_t dst, uint32_t value, uint32_t n);
void wisp_aot_memory_copy(WispVmContext* vmctx, uint32_t dst_mem, uint32_t src_mem, uint32_t dst,
                          uint32_t src, uint32_t n);
void wisp_aot_memory_init(WispVmContext* vmctx, uint32_t mem, uint32_t seg, uint32_t dst, uint32_t src,
                          uint32_t n);
void wisp_aot_data_drop(WispVmContext* vmctx, uint32_t seg);
void wisp_aot_table_fill(WispVmContext* vmctx, uint32_t table, uint32_t dst, void* ref, uint32_t n);
void wisp_aot_table_copy(WispVmContext* vmctx, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                         uint32_t src, uint32_t n);
void wisp_aot_table_init(WispVmContext* vmctx, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src,
                         uint32_t n);
void wisp_aot_elem_drop(WispVmContext* vmctx, uint32_t seg);
}

namespace wisp::aot {

// Every symbol compiled code may reference, with its address in this process.
struct RuntimeSymbol {
  std::string_view name;
  void* address;
};
const RuntimeSymbol* runtime_symbols(size_t* count);

}  // namespace wisp::aot
