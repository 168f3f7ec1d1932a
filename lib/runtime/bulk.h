// Bulk memory and table operations shared by instantiation and the
// interpreter. Each returns false when the access is out of bounds (the caller
// traps with "out of bounds memory access" / "out of bounds table access");
// on failure nothing has been written.
#pragma once

#include <cstdint>

#include "runtime/instances.h"

namespace wisp::runtime {

bool memory_init(ModuleInst& inst, uint32_t data_index, MemoryInst& mem, uint64_t dst, uint64_t src,
                 uint64_t n);
bool memory_copy(MemoryInst& dst_mem, MemoryInst& src_mem, uint64_t dst, uint64_t src, uint64_t n);
bool memory_fill(MemoryInst& mem, uint64_t dst, uint8_t value, uint64_t n);

bool table_init(ModuleInst& inst, uint32_t elem_index, TableInst& table, uint64_t dst, uint64_t src,
                uint64_t n);
bool table_copy(TableInst& dst_table, TableInst& src_table, uint64_t dst, uint64_t src, uint64_t n);
bool table_fill(TableInst& table, uint64_t dst, void* ref, uint64_t n);

}  // namespace wisp::runtime
