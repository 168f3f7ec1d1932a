// Tables, globals and module-instance lookups.
#include "runtime/instances.h"

namespace wisp::runtime {

std::optional<uint32_t> TableInst::grow(uint32_t delta, void* init) {
  const uint32_t old = size();
  const uint64_t wanted = uint64_t{old} + delta;
  const uint64_t limit = std::min<uint64_t>(max_.value_or(UINT32_MAX), budget_.limits.max_table_elements);
  if (wanted > limit) return std::nullopt;
  elems_.resize(wanted, init);
  vm_.elems = elems_.data();
  vm_.size = static_cast<uint32_t>(elems_.size());
  return old;
}

Value value_from_bits(ValType t, const uint64_t* bits) {
  switch (t) {
    case ValType::I32: return Value::i32(static_cast<int32_t>(bits[0]));
    case ValType::I64: return Value::i64(static_cast<int64_t>(bits[0]));
    case ValType::F32: return Value::f32_bits(static_cast<uint32_t>(bits[0]));
    case ValType::F64: return Value::f64_bits(bits[0]);
    case ValType::V128: {
      V128 v;
      std::memcpy(v.bytes, bits, 16);
      return Value::v128(v);
    }
    case ValType::FuncRef: return Value::funcref(reinterpret_cast<Ref>(bits[0]));
    case ValType::ExternRef: return Value::externref(reinterpret_cast<Ref>(bits[0]));
  }
  return Value();
}

void value_to_bits(const Value& v, uint64_t* bits) {
  switch (v.type()) {
    case ValType::I32: bits[0] = static_cast<uint32_t>(v.i32()); break;
    case ValType::I64: bits[0] = static_cast<uint64_t>(v.i64()); break;
    case ValType::F32: bits[0] = v.f32_bits(); break;
    case ValType::F64: bits[0] = v.f64_bits(); break;
    case ValType::V128: std::memcpy(bits, v.v128().bytes, 16); break;
    case ValType::FuncRef:
    case ValType::ExternRef: bits[0] = reinterpret_cast<uint64_t>(v.ref()); break;
  }
}

Value GlobalInst::get() const { return value_from_bits(type, bits); }
void GlobalInst::set(const Value& v) { value_to_bits(v, bits); }

std::optional<Extern> ModuleInst::find_export(std::string_view name) const {
  for (const auto& [n, e] : exports)
    if (n == name) return e;
  return std::nullopt;
}

std::string ModuleInst::func_name(uint32_t func_index) const {
  if (module) {
    auto it = module->names.functions.find(func_index);
    if (it != module->names.functions.end()) return it->second;
  }
  return "func[" + std::to_string(func_index) + "]";
}

}  // namespace wisp::runtime
