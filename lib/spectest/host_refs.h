// Host references of the spec suite: `(ref.extern N)` names the Nth host
// reference. Each number gets its own stable, non-null address so the engine
// can store it as an opaque externref and hand it back unchanged.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include "wisp/types.h"

namespace wisp::spectest {

class HostRefs {
 public:
  // The reference for number `n`; the same number always gives the same reference.
  Ref ref_for(uint64_t n) {
    auto it = by_number_.find(n);
    if (it != by_number_.end()) return it->second.get();
    auto cell = std::make_unique<uint64_t>(n);
    Ref ref = cell.get();
    by_number_.emplace(n, std::move(cell));
    by_ref_.emplace(ref, n);
    return ref;
  }

  // The number behind a reference made by ref_for, if it is one.
  std::optional<uint64_t> number_of(Ref ref) const {
    auto it = by_ref_.find(ref);
    if (it == by_ref_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<uint64_t, std::unique_ptr<uint64_t>> by_number_;
  std::unordered_map<Ref, uint64_t> by_ref_;
};

}  // namespace wisp::spectest
