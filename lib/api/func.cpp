// Func: host functions made in a Store, and calls from the embedder.
#include "api/module_impl.h"
#include "interp/exec.h"

namespace wisp {

Func Func::create(Store& store, FuncType type, HostFunc fn) {
  return Func(store.impl().new_host_func(type, std::make_shared<const HostFunc>(std::move(fn))));
}

const FuncType& Func::type() const { return *f_->type; }

TrapOr<std::vector<Value>> Func::call(Store& store, std::span<const Value> args) const {
  const FuncType& t = *f_->type;
  if (args.size() != t.params.size())
    return make_trap(ErrorCode::InvalidArgument, "wrong number of arguments");
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].type() != t.params[i]) return make_trap(ErrorCode::InvalidArgument, "argument type mismatch");
  std::vector<Value> results;
  results.reserve(t.results.size());
  for (ValType r : t.results) results.push_back(Value::zero(r));
  TrapOr<void> r = interp::invoke(store.impl(), f_, args, results);
  if (!r) return unexpected(std::move(r).error());
  return results;
}

}  // namespace wisp
