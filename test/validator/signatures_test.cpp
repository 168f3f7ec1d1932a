// The compile-time parse of the opcode table's signature column.
#include "validator/signatures.h"

#include <gtest/gtest.h>

namespace wisp::validator {
namespace {

using ast::Opcode;

TEST(Signatures, ParsedFromOpcodeTable) {
  const FixedSignature& add = signature(Opcode::I32Add);
  EXPECT_TRUE(add.fixed);
  ASSERT_EQ(add.num_inputs, 2);
  EXPECT_EQ(add.inputs[0], ValType::I32);
  EXPECT_EQ(add.inputs[1], ValType::I32);
  ASSERT_EQ(add.num_outputs, 1);
  EXPECT_EQ(add.outputs[0], ValType::I32);

  const FixedSignature& store = signature(Opcode::F64Store);
  ASSERT_EQ(store.num_inputs, 2);
  EXPECT_EQ(store.inputs[0], ValType::I32);
  EXPECT_EQ(store.inputs[1], ValType::F64);
  EXPECT_EQ(store.num_outputs, 0);

  const FixedSignature& replace = signature(Opcode::I64x2ReplaceLane);
  ASSERT_EQ(replace.num_inputs, 2);
  EXPECT_EQ(replace.inputs[0], ValType::V128);
  EXPECT_EQ(replace.inputs[1], ValType::I64);
}

TEST(Signatures, SpecialInstructionsAreNotFixed) {
  EXPECT_FALSE(signature(Opcode::Block).fixed);
  EXPECT_FALSE(signature(Opcode::Select).fixed);
  EXPECT_FALSE(signature(Opcode::LocalGet).fixed);
  EXPECT_FALSE(signature(Opcode::TableGrow).fixed);
  // Empty but fixed: elem.drop has signature ":".
  EXPECT_TRUE(signature(Opcode::ElemDrop).fixed);
  EXPECT_EQ(signature(Opcode::ElemDrop).num_inputs, 0);
}

}  // namespace
}  // namespace wisp::validator
