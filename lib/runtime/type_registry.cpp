#include "runtime/type_registry.h"

namespace wisp::runtime {

InternedType TypeRegistry::intern(const FuncType& type) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(type.params, type.results);
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  types_.push_back(std::make_unique<FuncType>(type));
  InternedType t{static_cast<TypeId>(types_.size() - 1), types_.back().get()};
  index_.emplace(std::move(key), t);
  return t;
}

}  // namespace wisp::runtime
