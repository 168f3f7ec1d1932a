#include "runtime/store.h"

#include <sys/mman.h>

namespace wisp::detail {

ValueStack::~ValueStack() {
  if (base) munmap(base, slots * sizeof(uint64_t));
}

FrameStack::~FrameStack() {
  if (base) munmap(base, frames * kWordsPerFrame * sizeof(uint64_t));
}

StoreImpl::StoreImpl(const Engine& e) : engine(e) {}

bool StoreImpl::ensure_stack() {
  if (stack.base) return true;
  const size_t bytes = std::max<size_t>(engine.impl().config.value_stack_bytes, 64 * 1024);
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  stack.base = static_cast<uint64_t*>(p);
  stack.slots = bytes / sizeof(uint64_t);
  stack.top = stack.base;
  // One record per wasm frame plus one per nested invocation's entry.
  const size_t n = size_t{engine.impl().config.max_call_depth} + 300;
  void* f = mmap(nullptr, n * FrameStack::kWordsPerFrame * sizeof(uint64_t), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (f == MAP_FAILED) return false;
  frames.base = frames.top = static_cast<uint64_t*>(f);
  frames.frames = n;
  return true;
}

runtime::FuncInst* StoreImpl::new_host_func(const FuncType& type, std::shared_ptr<const HostFunc> fn) {
  auto f = std::make_unique<runtime::FuncInst>();
  runtime::InternedType t = engine.impl().types.intern(type);
  f->type = t.type;
  f->type_id = t.id;
  f->host = std::move(fn);
  f->vm.array_code = engine.impl().bridge;
  f->vm.vmctx = f.get();
  f->vm.type_id = t.id;
  return add(std::move(f));
}

}  // namespace wisp::detail
