// The VM context: the one structure natively compiled wasm code reads to reach
// its instance (memories, tables, globals, functions, segments) and the Store's
// execution limits. Plain C layout on purpose: the code generator hard-codes
// these offsets (codegen/vm_types.cpp mirrors them with static_asserts) and the
// runtime fills them when it instantiates an AOT module.
//
// Ownership: everything pointed to is owned by the runtime (Store / instance)
// and must outlive every call into compiled code that uses this context.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WispVmContext WispVmContext;

// Status of an array-ABI call: 0 is success; anything else is 1 + the
// wisp::ErrorCode of the trap that ended the call. `caller_vmctx` is the
// context of the compiled code making the call (null when the runtime calls):
// host functions need it to reach the calling instance's memory.
typedef uint32_t (*WispVmArrayFn)(void* callee_vmctx, uint64_t* slots, WispVmContext* caller_vmctx);

// A function reference, as stored in funcref tables and in `funcs` below.
// Compiled code calls `native_code` when set (typed native ABI: first argument
// `vmctx`, then the wasm parameters, results returned in registers / a struct),
// otherwise `array_code` (arguments in `slots`, results written back to slots
// from slot 0; i32/i64/f32/f64/ref take one 8-byte slot, v128 two).
// Host functions leave native_code null and bridge through array_code.
typedef struct WispVmFuncRef {
  void* native_code;
  WispVmArrayFn array_code;
  void* vmctx;       // callee context: a WispVmContext* for wasm, runtime data for host functions
  uint32_t type_id;  // engine-wide canonical id of the function type (call_indirect compares it)
  uint32_t reserved;
} WispVmFuncRef;

// One linear memory. `base` never moves (the whole range is reserved up front
// with guard pages behind it); `size_bytes` follows memory.grow.
typedef struct WispVmMemory {
  uint8_t* base;
  uint64_t size_bytes;
} WispVmMemory;

// One table: elements are WispVmFuncRef* (funcref) or opaque pointers
// (externref), null for the null reference. `elems` may move on growth.
typedef struct WispVmTable {
  void** elems;
  uint32_t size;
  uint32_t reserved;
} WispVmTable;

// A passive data segment as seen by memory.init; data.drop sets size to 0.
typedef struct WispVmDataSegment {
  const uint8_t* bytes;
  uint64_t size;
} WispVmDataSegment;

// An element segment as evaluated references; elem.drop sets size to 0.
typedef struct WispVmElemSegment {
  void* const* items;
  uint32_t size;
  uint32_t reserved;
} WispVmElemSegment;

// Operations only the runtime can perform (they charge the Store's budget).
typedef struct WispVmBuiltins {
  // Old size in pages, or 0xFFFFFFFF when growth is refused. Must update the
  // memory's WispVmMemory::size_bytes.
  uint32_t (*memory_grow)(WispVmContext* vmctx, uint32_t memory, uint32_t delta_pages);
  // Old size, or 0xFFFFFFFF when refused. Must update WispVmTable::{elems,size}.
  uint32_t (*table_grow)(WispVmContext* vmctx, uint32_t table, void* init, uint32_t delta);
} WispVmBuiltins;

struct WispVmContext {
  WispVmMemory** memories;   // memory index space (imports first)
  WispVmTable** tables;      // table index space
  uint8_t** globals;         // global index space; each points at 16 bytes of storage:
                             // i32/f32 in the low 4 bytes, i64/f64/ref in 8, v128 in 16
  WispVmFuncRef** funcs;     // function index space; imported calls go through these
  const uint32_t* type_ids;  // module type index -> canonical type id
  WispVmDataSegment* datas;  // data segments (active ones dropped after instantiation)
  WispVmElemSegment* elems;  // element segments (active/declarative dropped after instantiation)
  const WispVmBuiltins* builtins;
  // Store-wide execution limits, shared by every instance of the Store.
  const uintptr_t* stack_limit;            // compiled code traps when its frame is below this address
  const volatile uint8_t* interrupt_flag;  // nonzero: trap "interrupted" at the next call (loops: invoke.h)
  void* runtime_data;  // the runtime's own pointer (e.g. its ModuleInst); compiled code ignores it
};

#ifdef __cplusplus
}  // extern "C"
#endif
