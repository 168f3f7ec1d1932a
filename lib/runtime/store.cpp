#include "runtime/store.h"

namespace wisp::detail {

StoreImpl::StoreImpl(const Engine& e) : engine(e) {}

StoreImpl::~StoreImpl() {
  if (stack.base)
    engine.impl().stack_pool.release(
        {stack.base, stack.slots, frames.base, frames.frames * FrameStack::kWordsPerFrame});
}

bool StoreImpl::ensure_stack() {
  if (stack.base) return true;
  std::optional<runtime::InterpStacks> s = engine.impl().stack_pool.acquire();
  if (!s) return false;
  stack.base = stack.top = s->values;
  stack.slots = s->value_slots;
  frames.base = frames.top = s->frames;
  frames.frames = s->frame_words / FrameStack::kWordsPerFrame;
  return true;
}

runtime::FuncInst* StoreImpl::new_host_func(const FuncType& type, std::shared_ptr<const HostFunc> fn) {
  return new_host_func(engine.impl().types.intern(type), std::move(fn));
}

runtime::FuncInst* StoreImpl::new_host_func(runtime::InternedType t, std::shared_ptr<const HostFunc> fn) {
  auto f = std::make_unique<runtime::FuncInst>();
  f->type = t.type;
  f->type_id = t.id;
  f->host = std::move(fn);
  f->vm.array_code = engine.impl().bridge;
  f->vm.vmctx = f.get();
  f->vm.type_id = t.id;
  return add(std::move(f));
}

}  // namespace wisp::detail
