#include "runtime/bulk.h"

#include <cstring>

namespace wisp::runtime {
namespace {

// [start, start + n) within [0, size): all operands are at most 2^32 + 2^32, no overflow.
bool in_range(uint64_t start, uint64_t n, uint64_t size) { return start + n <= size; }

}  // namespace

bool memory_init(ModuleInst& inst, uint32_t data_index, MemoryInst& mem, uint64_t dst, uint64_t src,
                 uint64_t n) {
  const auto& seg = inst.module->datas[data_index];
  const uint64_t seg_len = inst.data_dropped[data_index] ? 0 : seg.bytes.size();
  if (!in_range(src, n, seg_len) || !in_range(dst, n, mem.size_bytes())) return false;
  if (n) std::memcpy(mem.data() + dst, seg.bytes.data() + src, n);
  return true;
}

bool memory_copy(MemoryInst& dst_mem, MemoryInst& src_mem, uint64_t dst, uint64_t src, uint64_t n) {
  if (!in_range(src, n, src_mem.size_bytes()) || !in_range(dst, n, dst_mem.size_bytes())) return false;
  if (n) std::memmove(dst_mem.data() + dst, src_mem.data() + src, n);
  return true;
}

bool memory_fill(MemoryInst& mem, uint64_t dst, uint8_t value, uint64_t n) {
  if (!in_range(dst, n, mem.size_bytes())) return false;
  if (n) std::memset(mem.data() + dst, value, n);
  return true;
}

bool table_init(ModuleInst& inst, uint32_t elem_index, TableInst& table, uint64_t dst, uint64_t src,
                uint64_t n) {
  const std::vector<void*>& seg = inst.elems[elem_index];
  if (!in_range(src, n, seg.size()) || !in_range(dst, n, table.size())) return false;
  for (uint64_t i = 0; i < n; ++i) table.set(static_cast<uint32_t>(dst + i), seg[src + i]);
  return true;
}

bool table_copy(TableInst& dst_table, TableInst& src_table, uint64_t dst, uint64_t src, uint64_t n) {
  if (!in_range(src, n, src_table.size()) || !in_range(dst, n, dst_table.size())) return false;
  if (n) std::memmove(dst_table.data() + dst, src_table.data() + src, n * sizeof(void*));
  return true;
}

bool table_fill(TableInst& table, uint64_t dst, void* ref, uint64_t n) {
  if (!in_range(dst, n, table.size())) return false;
  for (uint64_t i = 0; i < n; ++i) table.set(static_cast<uint32_t>(dst + i), ref);
  return true;
}

}  // namespace wisp::runtime
