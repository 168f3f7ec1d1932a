#include "binary/type_reader.h"

#include <algorithm>

namespace wisp::binary {

Expected<uint8_t> read_type_byte(Reader& r) {
  WISP_ASSIGN_OR_RETURN(uint8_t b, r.u8());
  // A 7-bit signed LEB128 fits in one byte; a continuation bit makes it too long.
  if (b & 0x80) return r.fail(ErrorCode::IntegerRepresentationTooLong);
  return b;
}

Expected<ValType> read_value_type(Reader& r) {
  size_t start = r.pos();
  WISP_ASSIGN_OR_RETURN(uint8_t b, read_type_byte(r));
  if (!is_valtype_byte(b)) return r.fail_at(ErrorCode::MalformedValueType, start);
  return static_cast<ValType>(b);
}

Expected<ValType> read_ref_type(Reader& r) {
  size_t start = r.pos();
  WISP_ASSIGN_OR_RETURN(uint8_t b, read_type_byte(r));
  auto t = static_cast<ValType>(b);
  if (t != ValType::FuncRef && t != ValType::ExternRef) {
    return r.fail_at(ErrorCode::MalformedReferenceType, start);
  }
  return t;
}

Expected<FuncType> read_func_type(Reader& r) {
  size_t start = r.pos();
  WISP_ASSIGN_OR_RETURN(uint8_t form, read_type_byte(r));
  if (form != 0x60) return r.fail_at(ErrorCode::MalformedFuncType, start);
  FuncType type;
  for (std::vector<ValType>* list : {&type.params, &type.results}) {
    WISP_ASSIGN_OR_RETURN(uint32_t count, r.u32());
    // Each type takes a byte: never reserve more than the bytes left.
    list->reserve(std::min<size_t>(count, r.remaining()));
    for (uint32_t i = 0; i < count; ++i) {
      WISP_ASSIGN_OR_RETURN(ValType t, read_value_type(r));
      list->push_back(t);
    }
  }
  return type;
}

Expected<ast::Limits> read_limits(Reader& r) {
  // The flags are a 1-bit LEB128 in 2.0: 0 = min only, 1 = min and max.
  WISP_ASSIGN_OR_RETURN(uint64_t flags, r.uleb(1));
  ast::Limits limits;
  WISP_ASSIGN_OR_RETURN(limits.min, r.u32());
  if (flags == 1) {
    WISP_ASSIGN_OR_RETURN(uint32_t max, r.u32());
    limits.max = max;
  }
  return limits;
}

Expected<ast::TableType> read_table_type(Reader& r) {
  ast::TableType table;
  WISP_ASSIGN_OR_RETURN(table.elem, read_ref_type(r));
  WISP_ASSIGN_OR_RETURN(table.limits, read_limits(r));
  return table;
}

Expected<ast::MemoryType> read_memory_type(Reader& r) {
  ast::MemoryType memory;
  WISP_ASSIGN_OR_RETURN(memory.limits, read_limits(r));
  return memory;
}

Expected<ast::GlobalType> read_global_type(Reader& r) {
  ast::GlobalType global;
  WISP_ASSIGN_OR_RETURN(global.type, read_value_type(r));
  size_t at = r.pos();
  WISP_ASSIGN_OR_RETURN(uint8_t mut, r.u8());
  if (mut > 1) return r.fail_at(ErrorCode::MalformedMutability, at);
  global.mut = mut == 1;
  return global;
}

}  // namespace wisp::binary
