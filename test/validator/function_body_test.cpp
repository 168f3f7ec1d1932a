// Function bodies: the operand/control stack algorithm on hand-built modules.
#include <gtest/gtest.h>

#include "test_modules.h"
#include "validator/validator.h"

namespace wisp::validator {
namespace {

using namespace testing;
using ast::BlockKind;

constexpr ValType i32 = ValType::I32;
constexpr ValType i64 = ValType::I64;
constexpr ValType f32 = ValType::F32;
constexpr ValType f64 = ValType::F64;

// The error code of a failed validation, or nullopt if it passed.
std::optional<ErrorCode> failure(const ast::Module& m) {
  auto result = validate(m);
  if (result) return std::nullopt;
  return result.error().code;
}

TEST(FunctionBody, FixedSignatureFromOpcodeTable) {
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Add)})),
            std::nullopt);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), op(Opcode::I64Const), op(Opcode::I32Add)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I64Const), op(Opcode::I64Const), op(Opcode::I64LtS)})),
            std::nullopt);
  EXPECT_EQ(failure(returning({f64}, {op(Opcode::I64Const), op(Opcode::F64ConvertI64U)})), std::nullopt);
}

TEST(FunctionBody, MissingOperandIsTypeMismatch) {
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), op(Opcode::I32Add)})), ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({}, {op(Opcode::Drop)})), ErrorCode::TypeMismatch);
}

TEST(FunctionBody, ResultsMustMatchExactly) {
  EXPECT_EQ(failure(returning({i32}, {})), ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::F32Const)})), ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({}, {op(Opcode::I32Const)})), ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32, i64}, {op(Opcode::I32Const), op(Opcode::I64Const)})), std::nullopt);
}

TEST(FunctionBody, TypeMismatchDetailNamesThePlace) {
  auto result = validate(returning({}, {op(Opcode::I64Const), op(Opcode::I32Eqz), op(Opcode::Drop)}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(),
            "type mismatch: expected i32 but found i64 in function 0 at instruction 1 (i32.eqz)");
}

TEST(FunctionBody, UnreachableMakesTheStackPolymorphic) {
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::Unreachable), op(Opcode::I32Add)})), std::nullopt);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::Unreachable)})), std::nullopt);
  // Values pushed after unreachable are still typed.
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::Unreachable), op(Opcode::I64Const), op(Opcode::I32Add)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::Unreachable), op(Opcode::I64Const)})),
            ErrorCode::TypeMismatch);
  // Polymorphism ends with the block: the outer stack is typed again.
  EXPECT_EQ(failure(returning({}, {block(Opcode::Block), op(Opcode::Unreachable), op(Opcode::End),
                                   op(Opcode::I32Add), op(Opcode::Drop)})),
            ErrorCode::TypeMismatch);
}

TEST(FunctionBody, BranchesEndReachability) {
  EXPECT_EQ(failure(returning({i32}, {block(Opcode::Block, i32), op(Opcode::I32Const), op(Opcode::Br, 0),
                                      op(Opcode::F64Const), op(Opcode::End)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {block(Opcode::Block, i32), op(Opcode::I32Const), op(Opcode::Br, 0),
                                      op(Opcode::End)})),
            std::nullopt);
  EXPECT_EQ(failure(returning(
                {i32}, {op(Opcode::I32Const), op(Opcode::Return), op(Opcode::I64Const), op(Opcode::Drop)})),
            std::nullopt);
  // br carries the label's values: a block's results, a loop's parameters.
  EXPECT_EQ(failure(returning({i32}, {block(Opcode::Block, i32), op(Opcode::Br, 0), op(Opcode::End)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {block(Opcode::Loop, i32), op(Opcode::Br, 0), op(Opcode::End)})),
            std::nullopt);
}

TEST(FunctionBody, UnknownLabelCarriesIndex) {
  auto result = validate(returning({}, {block(Opcode::Block), op(Opcode::Br, 2), op(Opcode::End)}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownLabel);
  EXPECT_EQ(result.error().detail, "2");
  EXPECT_EQ(failure(returning({}, {block(Opcode::Block), op(Opcode::Br, 1), op(Opcode::End)})), std::nullopt);
}

TEST(FunctionBody, BrIfKeepsOperands) {
  EXPECT_EQ(failure(returning({i32}, {block(Opcode::Block, i32), op(Opcode::I32Const), op(Opcode::I32Const),
                                      op(Opcode::BrIf, 0), op(Opcode::End)})),
            std::nullopt);
  EXPECT_EQ(failure(returning({i32}, {block(Opcode::Block, i32), op(Opcode::I64Const), op(Opcode::I32Const),
                                      op(Opcode::BrIf, 0), op(Opcode::End)})),
            ErrorCode::TypeMismatch);
}

TEST(FunctionBody, MultiValueBlocksWithParameters) {
  // type 1: [i32 i32] -> [i32]
  ast::Module m = returning({i32}, {op(Opcode::I32Const), op(Opcode::I32Const),
                                    block_of_type(Opcode::Block, 1), op(Opcode::I32Add), op(Opcode::End)});
  m.types.push_back(FuncType{{i32, i32}, {i32}});
  EXPECT_EQ(failure(m), std::nullopt);

  // The block sees only its parameters, not the values below them.
  ast::Module hidden =
      returning({i32}, {op(Opcode::I32Const), op(Opcode::I32Const), block_of_type(Opcode::Block, 1),
                        op(Opcode::Drop), op(Opcode::I32Add), op(Opcode::End)});
  hidden.types.push_back(FuncType{{i32}, {i32}});
  EXPECT_EQ(failure(hidden), ErrorCode::TypeMismatch);

  // A loop label takes the parameters: br 0 inside [i64] -> [] needs an i64.
  ast::Module loop = returning({}, {op(Opcode::I64Const), block_of_type(Opcode::Loop, 1), op(Opcode::Drop),
                                    op(Opcode::I64Const), op(Opcode::Br, 0), op(Opcode::End)});
  loop.types.push_back(FuncType{{i64}, {}});
  EXPECT_EQ(failure(loop), std::nullopt);

  ast::Module unknown_type = returning({}, {block_of_type(Opcode::Block, 7), op(Opcode::End)});
  EXPECT_EQ(failure(unknown_type), ErrorCode::UnknownType);
}

TEST(FunctionBody, IfWithoutElseMustPassParamsThrough) {
  ast::Module same = returning(
      {i32}, {op(Opcode::I32Const), op(Opcode::I32Const), block_of_type(Opcode::If, 1), op(Opcode::End)});
  same.types.push_back(FuncType{{i32}, {i32}});
  EXPECT_EQ(failure(same), std::nullopt);

  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), block(Opcode::If, i32), op(Opcode::I32Const),
                                      op(Opcode::End)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), block(Opcode::If, i32), op(Opcode::I32Const),
                                      op(Opcode::Else), op(Opcode::I32Const), op(Opcode::End)})),
            std::nullopt);
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::I32Const), block(Opcode::If, i32), op(Opcode::I32Const),
                                      op(Opcode::Else), op(Opcode::F32Const), op(Opcode::End)})),
            ErrorCode::TypeMismatch);
  // The condition is an i32.
  EXPECT_EQ(failure(returning({}, {op(Opcode::I64Const), block(Opcode::If), op(Opcode::End)})),
            ErrorCode::TypeMismatch);
}

// br_table targets, then default, as the decoder stores them.
ast::Module with_br_table(ast::Module m, std::vector<uint32_t> labels_and_default, size_t instr_index) {
  ast::Function& f = m.functions[0];
  f.body[instr_index].a = static_cast<uint32_t>(f.label_tables.size());
  f.body[instr_index].b = static_cast<uint32_t>(labels_and_default.size() - 1);
  f.label_tables.insert(f.label_tables.end(), labels_and_default.begin(), labels_and_default.end());
  return m;
}

TEST(FunctionBody, BrTableArityAndTypes) {
  // block [i32] { block [] { i32.const; i32.const; br_table 0 1 } }: arity 0 vs 1.
  ast::Module arity = returning(
      {}, {block(Opcode::Block, i32), block(Opcode::Block), op(Opcode::I32Const), op(Opcode::I32Const),
           op(Opcode::BrTable), op(Opcode::End), op(Opcode::I32Const), op(Opcode::End), op(Opcode::Drop)});
  EXPECT_EQ(failure(with_br_table(arity, {0, 1}, 4)), ErrorCode::TypeMismatch);

  // Same arity, different types with a real operand: mismatch.
  ast::Module typed =
      returning({}, {block(Opcode::Block, f64), block(Opcode::Block, f32), op(Opcode::F32Const),
                     op(Opcode::I32Const), op(Opcode::BrTable), op(Opcode::End), op(Opcode::Drop),
                     op(Opcode::F64Const), op(Opcode::End), op(Opcode::Drop)});
  EXPECT_EQ(failure(with_br_table(typed, {0, 1}, 4)), ErrorCode::TypeMismatch);

  // Same shape but the operand comes from a polymorphic stack: valid.
  ast::Module bottom =
      returning({}, {block(Opcode::Block, f64), block(Opcode::Block, f32), op(Opcode::Unreachable),
                     op(Opcode::I32Const), op(Opcode::BrTable), op(Opcode::End), op(Opcode::Drop),
                     op(Opcode::F64Const), op(Opcode::End), op(Opcode::Drop)});
  EXPECT_EQ(failure(with_br_table(bottom, {0, 1, 1}, 4)), std::nullopt);

  ast::Module unknown = returning({}, {op(Opcode::I32Const), op(Opcode::BrTable)});
  EXPECT_EQ(failure(with_br_table(unknown, {0, 3}, 1)), ErrorCode::UnknownLabel);
}

TEST(FunctionBody, UntypedSelectOnlyForNumbersAndVectors) {
  EXPECT_EQ(failure(returning({i64}, {op(Opcode::I64Const), op(Opcode::I64Const), op(Opcode::I32Const),
                                      op(Opcode::Select)})),
            std::nullopt);
  EXPECT_EQ(failure(returning({i64}, {op(Opcode::I64Const), op(Opcode::I32Const), op(Opcode::I32Const),
                                      op(Opcode::Select)})),
            ErrorCode::TypeMismatch);
  EXPECT_EQ(failure(returning({}, {op(Opcode::RefNull, 0x70), op(Opcode::RefNull, 0x70), op(Opcode::I32Const),
                                   op(Opcode::Select), op(Opcode::Drop)})),
            ErrorCode::TypeMismatch);
  // Unknown operands from unreachable code satisfy the rule.
  EXPECT_EQ(failure(returning({i32}, {op(Opcode::Unreachable), op(Opcode::Select)})), std::nullopt);
  EXPECT_EQ(failure(returning(
                {}, {op(Opcode::Unreachable), op(Opcode::Select), op(Opcode::Select), op(Opcode::Drop)})),
            std::nullopt);
}

TEST(FunctionBody, TypedSelect) {
  ast::Instr select_funcref = op(Opcode::SelectT, 1, 0x70);
  EXPECT_EQ(failure(returning({ValType::FuncRef}, {op(Opcode::RefNull, 0x70), op(Opcode::RefNull, 0x70),
                                                   op(Opcode::I32Const), select_funcref})),
            std::nullopt);
  EXPECT_EQ(failure(returning({ValType::FuncRef}, {op(Opcode::RefNull, 0x6F), op(Opcode::RefNull, 0x70),
                                                   op(Opcode::I32Const), select_funcref})),
            ErrorCode::TypeMismatch);
  ast::Instr two_types = op(Opcode::SelectT, 2, 0x7F);
  EXPECT_EQ(failure(returning({i32},
                              {op(Opcode::I32Const), op(Opcode::I32Const), op(Opcode::I32Const), two_types})),
            ErrorCode::InvalidResultArity);
}

TEST(FunctionBody, LocalsAndGlobals) {
  FuncType params{{i32}, {}};
  EXPECT_EQ(failure(one_function(params, {op(Opcode::LocalGet, 1), op(Opcode::LocalSet, 0)}, {i32})),
            std::nullopt);
  EXPECT_EQ(failure(one_function(params, {op(Opcode::LocalGet, 1), op(Opcode::LocalSet, 0)}, {f32})),
            ErrorCode::TypeMismatch);
  auto unknown_local = validate(one_function(params, {op(Opcode::LocalGet, 2), op(Opcode::Drop)}, {i32}));
  ASSERT_FALSE(unknown_local);
  EXPECT_EQ(unknown_local.error().code, ErrorCode::UnknownLocal);
  EXPECT_EQ(unknown_local.error().message(), "unknown local: 2");
  EXPECT_EQ(failure(one_function(params, {op(Opcode::I32Const), op(Opcode::LocalTee, 0), op(Opcode::Drop)})),
            std::nullopt);

  ast::Module globals = returning({}, {op(Opcode::I32Const), op(Opcode::GlobalSet, 0)});
  globals.globals.push_back(ast::Global{{i32, false}, const_expr({op(Opcode::I32Const)})});
  EXPECT_EQ(failure(globals), ErrorCode::ImmutableGlobal);
  globals.globals[0].type.mut = true;
  EXPECT_EQ(failure(globals), std::nullopt);
  globals.functions[0].body[1].a = 1;
  auto unknown_global = validate(globals);
  ASSERT_FALSE(unknown_global);
  EXPECT_EQ(unknown_global.error().code, ErrorCode::UnknownGlobal);
  EXPECT_EQ(unknown_global.error().detail, "1");
}

TEST(FunctionBody, CallsUseTheCalleeType) {
  ast::Module m = returning({i32}, {op(Opcode::I64Const), op(Opcode::Call, 1)});
  ast::Function callee;
  callee.type_index = 1;
  callee.body = {op(Opcode::I32Const), op(Opcode::End)};
  m.types.push_back(FuncType{{i64}, {i32}});
  m.functions.push_back(callee);
  EXPECT_EQ(failure(m), std::nullopt);
  m.functions[0].body[1].a = 2;
  EXPECT_EQ(failure(m), ErrorCode::UnknownFunction);
}

TEST(FunctionBody, CallIndirectNeedsAFuncrefTable) {
  ast::Module m = returning({}, {op(Opcode::I32Const), op(Opcode::CallIndirect, 0, 0)});
  EXPECT_EQ(failure(m), ErrorCode::UnknownTable);
  m.tables.push_back(table(ValType::ExternRef));
  EXPECT_EQ(failure(m), ErrorCode::TypeMismatch);
  m.tables[0].elem = ValType::FuncRef;
  EXPECT_EQ(failure(m), std::nullopt);
  m.functions[0].body[1].a = 5;
  EXPECT_EQ(failure(m), ErrorCode::UnknownType);
}

TEST(FunctionBody, AMillionNestedBlocks) {
  constexpr size_t kDepth = 1'000'000;
  std::vector<ast::Instr> body;
  body.reserve(2 * kDepth + 1);
  for (size_t i = 0; i < kDepth; ++i) body.push_back(block(i % 2 ? Opcode::Loop : Opcode::Block));
  body.push_back(op(Opcode::Br, kDepth - 1));
  for (size_t i = 0; i < kDepth; ++i) body.push_back(op(Opcode::End));
  EXPECT_EQ(failure(returning({}, std::move(body))), std::nullopt);
}

TEST(FunctionBody, BodyMustBeClosed) {
  ast::Module m = returning({}, {block(Opcode::Block)});
  EXPECT_EQ(failure(m), ErrorCode::EndOpcodeExpected);
}

}  // namespace
}  // namespace wisp::validator
