// The interpreter's internal code: each validated function is lowered once
// (at Module::compile) into a flat array of Ops for a register machine over
// static frame slots. Frame = [params][locals][operand temporaries], 8-byte
// slots, v128 taking two adjacent slots. Every Op names its operand and result
// slots directly; branches carry resolved relative targets.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ast/module.h"
#include "runtime/type_registry.h"
#include "wisp/error.h"

namespace wisp::interp {

enum class Iop : uint16_t {
#define WISP_IOP(Name) Name,
#include "interp/iops.def"
#undef WISP_IOP
  Count_
};

struct Op {
  // Address of the handler (direct threading); an Iop until the function is finalised.
  const void* handler;
  uint32_t a = 0, b = 0, c = 0, d = 0;
  uint64_t imm = 0;
};
static_assert(sizeof(Op) == 32);

struct CompiledFunc {
  std::vector<Op> code;
  std::vector<V128> v128_pool;  // constants and shuffle masks that Ops point at
  const FuncType* type = nullptr;
  uint32_t func_index = 0;
  uint32_t param_slots = 0;
  uint32_t result_slots = 0;
  uint32_t frame_slots = 0;  // at least max(param + local + temporaries, result slots)

  bool contains(const Op* pc) const { return pc >= code.data() && pc < code.data() + code.size(); }
};

// The lowered functions of one module, indexed like ast::Module::functions.
struct CompiledModule {
  std::vector<std::unique_ptr<CompiledFunc>> funcs;
};

// Slots a value of type t takes.
constexpr uint32_t slot_count(ValType t) { return t == ValType::V128 ? 2 : 1; }

// One line per op ("12: I32Add a=3 b=1 c=2 d=0 imm=0"), for tests and debugging.
std::string disassemble(const CompiledFunc& f);

// The module's types, interned: `types[i]` for type index i.
Expected<CompiledModule> lower_module(const ast::Module& module,
                                      std::span<const runtime::InternedType> types);

}  // namespace wisp::interp
