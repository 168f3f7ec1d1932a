// Module-level rules and constant expressions.
#include <gtest/gtest.h>

#include "test_modules.h"
#include "validator/module_checks.h"
#include "validator/validator.h"

namespace wisp::validator {
namespace {

using namespace testing;

constexpr ValType i32 = ValType::I32;

std::optional<ErrorCode> failure(const ast::Module& m) {
  auto result = validate(m);
  if (result) return std::nullopt;
  return result.error().code;
}

ast::Import global_import(ValType type, bool mut) {
  ast::Import imp;
  imp.module = "env";
  imp.name = "g";
  imp.kind = ast::ExternKind::Global;
  imp.global = {type, mut};
  return imp;
}

ast::Module with_global(ast::ConstExpr init, ValType type = i32) {
  ast::Module m;
  m.globals.push_back(ast::Global{{type, false}, std::move(init)});
  return m;
}

TEST(Module, EmptyModuleIsValid) { EXPECT_EQ(failure(ast::Module{}), std::nullopt); }

TEST(Module, MemoryLimits) {
  EXPECT_EQ(check_memory_type(memory(65536, 65536)).has_value(), true);
  EXPECT_EQ(check_memory_type(memory(65537)).error().code, ErrorCode::MemorySizeTooLarge);
  EXPECT_EQ(check_memory_type(memory(0, 65537)).error().code, ErrorCode::MemorySizeTooLarge);
  EXPECT_EQ(check_memory_type(memory(2, 1)).error().code, ErrorCode::SizeMinimumGreaterThanMaximum);
}

TEST(Module, TableLimits) {
  EXPECT_TRUE(check_table_type(table(ValType::FuncRef, 0, 0xFFFF'FFFFull)).has_value());
  EXPECT_EQ(check_table_type(table(ValType::FuncRef, 0, 0x1'0000'0000ull)).error().code,
            ErrorCode::TableSizeTooLarge);
  EXPECT_EQ(check_table_type(table(ValType::FuncRef, 3, 2)).error().code,
            ErrorCode::SizeMinimumGreaterThanMaximum);
}

TEST(Module, AtMostOneMemory) {
  ast::Module m;
  m.memories = {memory(1), memory(1)};
  EXPECT_EQ(failure(m), ErrorCode::MultipleMemories);
  ast::Module imported;
  ast::Import imp;
  imp.kind = ast::ExternKind::Memory;
  imported.imports.push_back(imp);
  imported.num_imported_memories = 1;
  imported.memories = {memory(1)};
  EXPECT_EQ(failure(imported), ErrorCode::MultipleMemories);
}

TEST(Module, StartFunctionTakesAndReturnsNothing) {
  ast::Module m = returning({}, {});
  m.start = 0;
  EXPECT_EQ(failure(m), std::nullopt);
  m.start = 1;
  EXPECT_EQ(failure(m), ErrorCode::UnknownFunction);
  ast::Module returns = returning({i32}, {op(Opcode::I32Const)});
  returns.start = 0;
  EXPECT_EQ(failure(returns), ErrorCode::StartFunction);
}

TEST(Module, ExportsAreUniqueAndResolve) {
  ast::Module m = returning({}, {});
  m.memories.push_back(memory(0));
  m.exports = {{"a", ast::ExternKind::Func, 0}, {"b", ast::ExternKind::Memory, 0}};
  EXPECT_EQ(failure(m), std::nullopt);
  m.exports.push_back({"a", ast::ExternKind::Memory, 0});
  EXPECT_EQ(failure(m), ErrorCode::DuplicateExportName);
  m.exports.back() = {"c", ast::ExternKind::Global, 0};
  EXPECT_EQ(failure(m), ErrorCode::UnknownGlobal);
  m.exports.back() = {"c", ast::ExternKind::Table, 0};
  EXPECT_EQ(failure(m), ErrorCode::UnknownTable);
}

TEST(Module, FunctionTypeIndexMustExist) {
  ast::Module m = returning({}, {});
  m.functions[0].type_index = 4;
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownType);
  EXPECT_EQ(result.error().detail, "4");
}

TEST(ConstExpr, OnlyConstantInstructions) {
  EXPECT_EQ(failure(with_global(const_expr({op(Opcode::I32Const)}))), std::nullopt);
  EXPECT_EQ(
      failure(with_global(const_expr({op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Add)}))),
      ErrorCode::ConstantExpressionRequired);
  EXPECT_EQ(failure(with_global(const_expr({op(Opcode::Nop), op(Opcode::I32Const)}))),
            ErrorCode::ConstantExpressionRequired);
}

TEST(ConstExpr, ExactlyOneValueOfTheRightType) {
  EXPECT_EQ(failure(with_global(const_expr({}))), ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(with_global(const_expr({op(Opcode::I64Const)}))), ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(with_global(const_expr({op(Opcode::I32Const), op(Opcode::I32Const)}))),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(with_global(const_expr({op(Opcode::RefNull, 0x6F)}), ValType::ExternRef)), std::nullopt);
  EXPECT_EQ(failure(with_global(const_expr({op(Opcode::RefNull, 0x70)}), ValType::ExternRef)),
            ErrorCode::TypeMismatch);
}

TEST(ConstExpr, ErrorNamesTheGlobal) {
  ast::Module m = with_global(const_expr({op(Opcode::I32Const)}));
  m.globals.push_back(ast::Global{{i32, false}, const_expr({op(Opcode::I64Const)})});
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(),
            "type mismatch: constant expression must produce i32, produced [i64] in global 1");
}

TEST(ConstExpr, GlobalGetSeesOnlyImportedImmutableGlobals) {
  ast::Module m = with_global(const_expr({op(Opcode::GlobalGet, 0)}));
  m.imports.push_back(global_import(i32, false));
  m.num_imported_globals = 1;
  EXPECT_EQ(failure(m), std::nullopt);
  m.imports[0].global.mut = true;
  EXPECT_EQ(failure(m), ErrorCode::ConstantExpressionRequired);

  // Index 1 is the defined global itself: not visible in 2.0.
  ast::Module self = with_global(const_expr({op(Opcode::GlobalGet, 1)}));
  self.imports.push_back(global_import(i32, false));
  self.num_imported_globals = 1;
  auto result = validate(self);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownGlobal);
  EXPECT_EQ(result.error().detail, "1");
}

TEST(ElemSegments, ItemsOffsetAndTable) {
  ast::Module m = returning({}, {});
  ast::ElemSegment seg;
  seg.mode = ast::SegmentMode::Active;
  seg.offset = const_expr({op(Opcode::I32Const)});
  seg.items.push_back(const_expr({op(Opcode::RefFunc, 0)}));
  m.elems.push_back(seg);
  EXPECT_EQ(failure(m), ErrorCode::UnknownTable);
  m.tables.push_back(table(ValType::ExternRef));
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);
  m.tables[0].elem = ValType::FuncRef;
  EXPECT_EQ(failure(m), std::nullopt);
  m.elems[0].offset = const_expr({op(Opcode::I64Const)});
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);
  m.elems[0].offset = const_expr({op(Opcode::I32Const)});
  m.elems[0].items.push_back(const_expr({op(Opcode::RefNull, 0x6F)}));
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);
}

TEST(DataSegments, ActiveNeedsMemoryAndI32Offset) {
  ast::Module m;
  ast::DataSegment seg;
  seg.mode = ast::SegmentMode::Active;
  seg.offset = const_expr({op(Opcode::I32Const)});
  m.datas.push_back(seg);
  EXPECT_EQ(failure(m), ErrorCode::UnknownMemory);
  m.memories.push_back(memory(1));
  EXPECT_EQ(failure(m), std::nullopt);
  m.datas[0].offset = const_expr({op(Opcode::F32Const)});
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);
  m.datas[0].mode = ast::SegmentMode::Passive;
  EXPECT_EQ(failure(m), std::nullopt);
}

}  // namespace
}  // namespace wisp::validator
