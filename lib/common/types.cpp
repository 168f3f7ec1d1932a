#include "wisp/types.h"

namespace wisp {

std::string_view valtype_name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "unknown";
}

bool is_valtype_byte(uint32_t byte) {
  if (byte > 0xFF) return false;
  switch (static_cast<ValType>(byte)) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64:
    case ValType::V128:
    case ValType::FuncRef:
    case ValType::ExternRef: return true;
  }
  return false;
}

}  // namespace wisp
