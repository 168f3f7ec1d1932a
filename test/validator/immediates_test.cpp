// Immediates: memory alignment, SIMD lanes, table/memory/segment indices,
// references.
#include <gtest/gtest.h>

#include "test_modules.h"
#include "validator/validator.h"

namespace wisp::validator {
namespace {

using namespace testing;

constexpr ValType i32 = ValType::I32;
constexpr ValType v128 = ValType::V128;

std::optional<ErrorCode> failure(const ast::Module& m) {
  auto result = validate(m);
  if (result) return std::nullopt;
  return result.error().code;
}

ast::Module with_memory(ast::Module m) {
  m.memories.push_back(memory(1));
  return m;
}

TEST(Immediates, AlignmentAtMostNatural) {
  EXPECT_EQ(failure(with_memory(returning({i32}, {op(Opcode::I32Const), mem_op(Opcode::I32Load, 2)}))),
            std::nullopt);
  EXPECT_EQ(failure(with_memory(returning({i32}, {op(Opcode::I32Const), mem_op(Opcode::I32Load, 3)}))),
            ErrorCode::AlignmentTooLarge);
  EXPECT_EQ(failure(with_memory(returning({i32}, {op(Opcode::I32Const), mem_op(Opcode::I32Load8U, 1)}))),
            ErrorCode::AlignmentTooLarge);
  EXPECT_EQ(failure(with_memory(
                returning({}, {op(Opcode::I32Const), op(Opcode::I64Const), mem_op(Opcode::I64Store32, 2)}))),
            std::nullopt);
  EXPECT_EQ(failure(with_memory(returning({v128}, {op(Opcode::I32Const), mem_op(Opcode::V128Load, 4)}))),
            std::nullopt);
  EXPECT_EQ(failure(with_memory(returning({v128}, {op(Opcode::I32Const), mem_op(Opcode::V128Load, 5)}))),
            ErrorCode::AlignmentTooLarge);
  // A huge exponent must not overflow the shift.
  EXPECT_EQ(failure(with_memory(returning({i32}, {op(Opcode::I32Const), mem_op(Opcode::I32Load, 64)}))),
            ErrorCode::AlignmentTooLarge);
}

TEST(Immediates, MemoryInstructionsNeedAMemory) {
  auto result = validate(returning({i32}, {op(Opcode::I32Const), mem_op(Opcode::I32Load, 0)}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownMemory);
  EXPECT_EQ(result.error().detail, "0");
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::MemorySize)})), ErrorCode::UnknownMemory);
  EXPECT_EQ(failure(with_memory(returning({i32}, {op(Opcode::MemorySize)}))), std::nullopt);
  EXPECT_EQ(failure(returning({}, {op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Const),
                                   op(Opcode::MemoryFill)})),
            ErrorCode::UnknownMemory);
}

TEST(Immediates, DataSegmentsNeedDataCount) {
  ast::Module m = with_memory(returning(
      {}, {op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::MemoryInit, 0, 0)}));
  m.datas.push_back(ast::DataSegment{});
  EXPECT_EQ(failure(m), ErrorCode::DataCountRequired);
  m.data_count = 1;
  EXPECT_EQ(failure(m), std::nullopt);
  m.functions[0].body[3].a = 1;
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownDataSegment);
  EXPECT_EQ(result.error().detail, "1");
}

TEST(Immediates, LaneIndicesBelowLaneCount) {
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::V128Const), lane_op(Opcode::I8x16ExtractLaneS, 15)})),
            std::nullopt);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::V128Const), lane_op(Opcode::I8x16ExtractLaneS, 16)})),
            ErrorCode::InvalidLaneIndex);
  EXPECT_EQ(failure(returning(
                {v128}, {op(Opcode::V128Const), op(Opcode::I64Const), lane_op(Opcode::I64x2ReplaceLane, 2)})),
            ErrorCode::InvalidLaneIndex);
  EXPECT_EQ(failure(returning(
                {v128}, {op(Opcode::V128Const), op(Opcode::I64Const), lane_op(Opcode::I64x2ReplaceLane, 1)})),
            std::nullopt);
  // Lane loads: 16 / access width lanes.
  EXPECT_EQ(failure(with_memory(returning({v128}, {op(Opcode::I32Const), op(Opcode::V128Const),
                                                   mem_op(Opcode::V128Load32Lane, 2, 3)}))),
            std::nullopt);
  EXPECT_EQ(failure(with_memory(returning({v128}, {op(Opcode::I32Const), op(Opcode::V128Const),
                                                   mem_op(Opcode::V128Load32Lane, 2, 4)}))),
            ErrorCode::InvalidLaneIndex);
  EXPECT_EQ(failure(with_memory(returning({v128}, {op(Opcode::I32Const), op(Opcode::V128Const),
                                                   mem_op(Opcode::V128Load32Lane, 3, 0)}))),
            ErrorCode::AlignmentTooLarge);
}

TEST(Immediates, ShuffleLanesBelowThirtyTwo) {
  ast::Module m =
      returning({v128}, {op(Opcode::V128Const), op(Opcode::V128Const), op(Opcode::I8x16Shuffle, 0)});
  V128 lanes{};
  for (uint8_t i = 0; i < 16; ++i) lanes.bytes[i] = static_cast<uint8_t>(i * 2 + 1);
  m.functions[0].v128_consts.push_back(lanes);
  EXPECT_EQ(failure(m), std::nullopt);
  m.functions[0].v128_consts[0].bytes[7] = 32;
  EXPECT_EQ(failure(m), ErrorCode::InvalidLaneIndex);
}

TEST(Immediates, TableInstructionsUseTheElementType) {
  ast::Module m = returning({}, {op(Opcode::I32Const), op(Opcode::RefNull, 0x6F), op(Opcode::TableSet, 0)});
  EXPECT_EQ(failure(m), ErrorCode::UnknownTable);
  m.tables.push_back(table(ValType::ExternRef));
  EXPECT_EQ(failure(m), std::nullopt);
  m.tables[0].elem = ValType::FuncRef;
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);

  ast::Module grow =
      returning({i32}, {op(Opcode::RefNull, 0x70), op(Opcode::I32Const), op(Opcode::TableGrow, 0)});
  grow.tables.push_back(table(ValType::FuncRef));
  EXPECT_EQ(failure(grow), std::nullopt);

  ast::Module copy = returning(
      {}, {op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::TableCopy, 0, 1)});
  copy.tables = {table(ValType::FuncRef), table(ValType::ExternRef)};
  EXPECT_EQ(failure(copy), ErrorCode::TypeMismatch);
  copy.tables[1].elem = ValType::FuncRef;
  EXPECT_EQ(failure(copy), std::nullopt);
}

TEST(Immediates, TableInitAndElemDrop) {
  ast::Module m = returning({}, {op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Const),
                                 op(Opcode::TableInit, 0, 0), op(Opcode::ElemDrop, 0)});
  m.tables.push_back(table(ValType::FuncRef));
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownElemSegment);
  EXPECT_EQ(result.error().detail, "0");
  ast::ElemSegment seg;
  seg.type = ValType::ExternRef;
  m.elems.push_back(seg);
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);
  m.elems[0].type = ValType::FuncRef;
  EXPECT_EQ(failure(m), std::nullopt);
}

TEST(Immediates, RefFuncNeedsADeclaration) {
  ast::Module m = returning({ValType::FuncRef}, {op(Opcode::RefFunc, 0)});
  EXPECT_EQ(failure(m), ErrorCode::UndeclaredFunctionReference);
  // Declared by an export.
  ast::Module exported = m;
  exported.exports.push_back(ast::Export{"f", ast::ExternKind::Func, 0});
  EXPECT_EQ(failure(exported), std::nullopt);
  // Declared by a declarative element segment.
  ast::Module declared = m;
  ast::ElemSegment seg;
  seg.mode = ast::SegmentMode::Declarative;
  seg.items.push_back(const_expr({op(Opcode::RefFunc, 0)}));
  declared.elems.push_back(seg);
  EXPECT_EQ(failure(declared), std::nullopt);
  // Declared by a global initialiser.
  ast::Module global = m;
  global.globals.push_back(ast::Global{{ValType::FuncRef, false}, const_expr({op(Opcode::RefFunc, 0)})});
  EXPECT_EQ(failure(global), std::nullopt);
  m.functions[0].body[0].a = 3;
  EXPECT_EQ(failure(m), ErrorCode::UnknownFunction);
}

TEST(Immediates, RefIsNullNeedsAReference) {
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::RefNull, 0x6F), op(Opcode::RefIsNull)})), std::nullopt);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), op(Opcode::RefIsNull)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::Unreachable), op(Opcode::RefIsNull)})), std::nullopt);
}

}  // namespace
}  // namespace wisp::validator
