// A snapshot of one instance's state (linear memory, mutable globals, table
// contents, dropped segments), taken after its initialisation so that later
// instances of the same module start from it instead of running data
// segments, the start function and an initialiser such as WASI's
// `_initialize` again. Memory comes back copy-on-write from a MemoryImage.
//
// Only state that a fresh instance can reproduce by itself is captured:
// references are kept as function indices of the instance, so an instance
// whose tables or globals point outside itself (another instance's functions,
// externrefs) or that imports a memory, a table or a mutable global cannot be
// captured.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ast/module.h"
#include "runtime/memory_image.h"
#include "wisp/error.h"

namespace wisp::runtime {

struct ModuleInst;

struct InstanceImage {
  const ast::Module* module = nullptr;  // what it was captured from
  // Memory 0 (a module defines at most one): its size and contents.
  uint64_t memory_pages = 0;
  std::shared_ptr<const MemoryImage> memory;
  // A reference is stored as function index + 1 (0: null).
  struct GlobalValue {
    uint32_t index = 0;  // in the global index space; only defined, mutable globals
    uint64_t bits[2] = {0, 0};
  };
  std::vector<GlobalValue> globals;
  std::vector<std::vector<uint32_t>> tables;  // per defined table, its elements
  std::vector<bool> data_dropped;
  std::vector<bool> elem_dropped;
};

// Fails with ErrorCode::NotCapturable naming the reason.
Expected<std::shared_ptr<const InstanceImage>> capture_instance(const ModuleInst& inst);

// Puts `image`'s globals, table contents and dropped segments into `inst`,
// a fresh instance of the same module whose memory was created from the image.
Expected<void> restore_instance(ModuleInst& inst, const InstanceImage& image);

}  // namespace wisp::runtime
