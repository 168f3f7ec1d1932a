// Function types interned once per Engine, so that every place that compares
// signatures at run time (call_indirect, import matching) compares one integer.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "wisp/types.h"

namespace wisp::runtime {

using TypeId = uint32_t;

// A canonical function type: its id and a stable pointer to the signature.
struct InternedType {
  TypeId id = 0;
  const FuncType* type = nullptr;
};

// Thread-safe: Modules are compiled concurrently against one Engine.
class TypeRegistry {
 public:
  InternedType intern(const FuncType& type);

 private:
  std::mutex mu_;
  std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, InternedType> index_;
  // unique_ptr keeps each FuncType at a fixed address while the vector grows.
  std::vector<std::unique_ptr<FuncType>> types_;
};

}  // namespace wisp::runtime
