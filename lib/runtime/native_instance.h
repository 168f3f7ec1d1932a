// The runtime side of natively compiled (AOT) code: the VM context a compiled
// instance reads (aot/vmctx.h), filled from the same runtime objects the
// interpreter uses, and the one way the runtime enters compiled code.
#pragma once

#include <span>
#include <vector>

#include "aot/vmctx.h"
#include "runtime/store.h"

namespace wisp::runtime {

// Entry points of a natively compiled module, indexed by function index
// (imported functions have none; non-escaping functions no array entry).
struct NativeCode {
  std::span<void* const> native;
  std::span<const WispVmArrayFn> array;
  bool empty() const { return native.empty(); }
};

struct NativeInstance {
  WispVmContext ctx{};
  detail::StoreImpl* store = nullptr;
  ModuleInst* inst = nullptr;
  std::vector<WispVmMemory*> memories;
  std::vector<WispVmTable*> tables;
  std::vector<uint8_t*> globals;
  std::vector<WispVmFuncRef*> funcs;
  std::vector<uint32_t> type_ids;
  std::vector<WispVmDataSegment> datas;
  std::vector<WispVmElemSegment> elems;
};

// Builds inst->native once every function, table, memory and global of `inst`
// exists and its active segments are applied (dropped segments read as empty).
void attach_native(detail::StoreImpl& store, ModuleInst& inst, std::span<const InternedType> types);

// Calls compiled function `f` (f->is_native()) with arguments in `slots`;
// results are written back from slot 0. A trap in a host or interpreted
// function below keeps its full Trap (message, exit status); deadlines and
// interruption end the call as they do in the interpreter.
TrapOr<void> call_native(detail::StoreImpl& store, FuncInst* f, uint64_t* slots);

}  // namespace wisp::runtime
