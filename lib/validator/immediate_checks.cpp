// Immediates that refer to the module (indices) or constrain the instruction
// itself (alignment, lanes). Checked before any operand is popped, as the
// reference interpreter does, so the first error reported matches the suite.
#include <string>

#include "validator/function_checker.h"

namespace wisp::validator {
namespace {

using ast::Imm;

constexpr uint32_t kShuffleLanes = 32;  // lanes of the two concatenated inputs

Unexpected<Error> lane_error(uint32_t lane, uint32_t lanes) {
  return make_error(ErrorCode::InvalidLaneIndex,
                    "lane " + std::to_string(lane) + " of " + std::to_string(lanes));
}

}  // namespace

Expected<void> FunctionChecker::check_memory_index(uint32_t index) const {
  if (index >= c_.memories.size()) return index_error(ErrorCode::UnknownMemory, index);
  return {};
}

Expected<void> FunctionChecker::check_table_index(uint32_t index) const {
  if (index >= c_.tables.size()) return index_error(ErrorCode::UnknownTable, index);
  return {};
}

Expected<void> FunctionChecker::check_elem_index(uint32_t index) const {
  if (index >= c_.elems.size()) return index_error(ErrorCode::UnknownElemSegment, index);
  return {};
}

Expected<void> FunctionChecker::check_data_index(uint32_t index) const {
  // Bodies are decoded before the data section, so single-pass consumers
  // need the data count section to know the data index space in advance.
  if (!c_.has_data_count) return make_error(ErrorCode::DataCountRequired);
  if (index >= c_.num_datas) return index_error(ErrorCode::UnknownDataSegment, index);
  return {};
}

Expected<void> FunctionChecker::check_memarg(const ast::Instr& instr) const {
  const ast::OpInfo& op = ast::info(instr.op);
  WISP_TRY(check_memory_index(instr.b));
  // The alignment hint is an exponent: 2^align must not exceed the access width.
  if (instr.a >= 32 || (uint64_t{1} << instr.a) > op.n) {
    return make_error(ErrorCode::AlignmentTooLarge,
                      "2^" + std::to_string(instr.a) + " for a " + std::to_string(op.n) + "-byte access");
  }
  if (op.imm == Imm::MemArgLane) {
    uint32_t lanes = 16 / op.n;
    if (instr.lane >= lanes) return lane_error(instr.lane, lanes);
  }
  return {};
}

Expected<void> FunctionChecker::check_shuffle(const ast::Instr& instr) const {
  if (instr.a >= func_->v128_consts.size()) {
    return make_error(ErrorCode::InvalidArgument, "i8x16.shuffle without lane indices");
  }
  const V128& lanes = func_->v128_consts[instr.a];
  for (uint8_t lane : lanes.bytes) {
    if (lane >= kShuffleLanes) return lane_error(lane, kShuffleLanes);
  }
  return {};
}

Expected<void> FunctionChecker::check_immediates(const ast::Instr& instr) {
  const ast::OpInfo& op = ast::info(instr.op);
  switch (op.imm) {
    case Imm::FuncIdx:
      if (instr.a >= c_.funcs.size()) return index_error(ErrorCode::UnknownFunction, instr.a);
      return {};
    case Imm::CallIndirect:
      if (!c_.type(instr.a)) return index_error(ErrorCode::UnknownType, instr.a);
      WISP_TRY(check_table_index(instr.b));
      if (c_.tables[instr.b].elem != ValType::FuncRef) {
        return make_error(ErrorCode::TypeMismatch,
                          "call_indirect through a table that does not hold funcref");
      }
      return {};
    case Imm::SelectT:
      if (instr.a != 1) return make_error(ErrorCode::InvalidResultArity, "select takes exactly one type");
      if (!is_valtype_byte(instr.b)) return make_error(ErrorCode::MalformedValueType);
      return {};
    case Imm::RefType:
      if (!is_valtype_byte(instr.a) || !is_ref(static_cast<ValType>(instr.a))) {
        return make_error(ErrorCode::MalformedReferenceType);
      }
      return {};
    case Imm::GlobalIdx:
      if (instr.a >= c_.globals.size()) return index_error(ErrorCode::UnknownGlobal, instr.a);
      return {};
    case Imm::TableIdx: return check_table_index(instr.a);
    case Imm::ElemIdx: return check_elem_index(instr.a);
    case Imm::DataIdx: return check_data_index(instr.a);
    case Imm::MemArg:
    case Imm::MemArgLane: return check_memarg(instr);
    case Imm::MemIdx: return check_memory_index(instr.a);
    case Imm::Lane:
      if (instr.lane >= op.n) return lane_error(instr.lane, op.n);
      return {};
    case Imm::Shuffle: return check_shuffle(instr);
    case Imm::TableCopy:
      WISP_TRY(check_table_index(instr.a));
      WISP_TRY(check_table_index(instr.b));
      if (c_.tables[instr.a].elem != c_.tables[instr.b].elem) {
        return make_error(ErrorCode::TypeMismatch, "table.copy between tables of different element types");
      }
      return {};
    case Imm::TableInit:
      WISP_TRY(check_table_index(instr.b));
      WISP_TRY(check_elem_index(instr.a));
      if (c_.tables[instr.b].elem != c_.elems[instr.a]) {
        return make_error(ErrorCode::TypeMismatch, "table.init from a segment of a different element type");
      }
      return {};
    case Imm::MemoryCopy: WISP_TRY(check_memory_index(instr.a)); return check_memory_index(instr.b);
    case Imm::MemoryInit: WISP_TRY(check_memory_index(instr.b)); return check_data_index(instr.a);
    default: return {};
  }
}

}  // namespace wisp::validator
