// Instruction immediates land where ast::Imm documents them.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "wasm_bytes.h"

namespace wisp::binary {
namespace {

using namespace wisp::binary::test;
using ast::Instr;
using ast::Opcode;

// Decodes a single () -> () function (with a memory, a table and a data count
// of 1 declared) whose body is `code`, and returns the function.
ast::Function decode_body(const Bytes& code) {
  Bytes bytes = header();
  append(bytes, section(1, vec({{0x60, 0x00, 0x00}, {0x60, 0x01, 0x7f, 0x01, 0x7f}})));
  append(bytes, section(3, vec({uleb(0)})));
  append(bytes, section(4, vec({{0x70, 0x00, 0x01}})));
  append(bytes, section(5, vec({{0x00, 0x01}})));
  append(bytes, section(12, uleb(1)));
  Bytes body{0x00};
  append(body, code);
  append(bytes, section(10, vec({func_body(body)})));
  append(bytes, section(11, vec({cat({uleb(1), name("d")})})));
  auto m = decode(bytes);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message());
  if (!m || m->functions.size() != 1) return {};
  return std::move(m->functions[0]);
}

TEST(Instructions, EveryOpcodeOfTheTableWithoutImmediatesDecodes) {
  // Driven by the same table the decoder uses: each immediate-free opcode
  // round-trips from its encoding to its enum value.
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    const ast::OpInfo& info = ast::info(op);
    if (info.imm != ast::Imm::None || op == Opcode::End || op == Opcode::Else) continue;
    Bytes code;
    if (info.prefix != 0) {
      code.push_back(info.prefix);
      append(code, uleb(info.code));
    } else {
      code.push_back(static_cast<uint8_t>(info.code));
    }
    code.push_back(0x0b);
    ast::Function fn = decode_body(code);
    ASSERT_EQ(fn.body.size(), 2u) << info.text;
    EXPECT_EQ(fn.body[0].op, op) << info.text;
  }
}

TEST(Instructions, BlockTypes) {
  ast::Function fn = decode_body({0x02, 0x40, 0x0b, 0x03, 0x7f, 0x0b, 0x04, 0x01, 0x0b, 0x0b});
  ASSERT_EQ(fn.body.size(), 7u);
  EXPECT_EQ(fn.body[0].op, Opcode::Block);
  EXPECT_EQ(fn.body[0].a, static_cast<uint32_t>(ast::BlockKind::Empty));
  EXPECT_EQ(fn.body[2].op, Opcode::Loop);
  EXPECT_EQ(fn.body[2].a, static_cast<uint32_t>(ast::BlockKind::Value));
  EXPECT_EQ(fn.body[2].b, 0x7fu);
  EXPECT_EQ(fn.body[4].op, Opcode::If);
  EXPECT_EQ(fn.body[4].a, static_cast<uint32_t>(ast::BlockKind::TypeIndex));
  EXPECT_EQ(fn.body[4].b, 1u);
}

TEST(Instructions, BranchesAndCalls) {
  ast::Function fn = decode_body(
      {0x0c, 0x00, 0x0d, 0x02, 0x0e, 0x03, 0x05, 0x06, 0x07, 0x08, 0x10, 0x81, 0x01, 0x11, 0x01, 0x00, 0x0b});
  ASSERT_EQ(fn.body.size(), 6u);
  EXPECT_EQ(fn.body[0].op, Opcode::Br);
  EXPECT_EQ(fn.body[0].a, 0u);
  EXPECT_EQ(fn.body[1].op, Opcode::BrIf);
  EXPECT_EQ(fn.body[1].a, 2u);
  const Instr& table = fn.body[2];
  EXPECT_EQ(table.op, Opcode::BrTable);
  EXPECT_EQ(table.b, 3u);
  ASSERT_EQ(fn.label_tables.size(), table.a + 4);
  EXPECT_EQ(fn.label_tables[table.a + 0], 5u);
  EXPECT_EQ(fn.label_tables[table.a + 2], 7u);
  EXPECT_EQ(fn.label_tables[table.a + 3], 8u);  // default
  EXPECT_EQ(fn.body[3].op, Opcode::Call);
  EXPECT_EQ(fn.body[3].a, 129u);
  EXPECT_EQ(fn.body[4].op, Opcode::CallIndirect);
  EXPECT_EQ(fn.body[4].a, 1u);  // type
  EXPECT_EQ(fn.body[4].b, 0u);  // table
}

TEST(Instructions, VariablesAndSelect) {
  ast::Function fn = decode_body({0x20, 0x03, 0x21, 0x04, 0x22, 0x05, 0x23, 0x06, 0x24, 0x07, 0x25, 0x00,
                                  0x26, 0x01, 0x1b, 0x1c, 0x01, 0x7e, 0x0b});
  ASSERT_EQ(fn.body.size(), 10u);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(fn.body[i].a, i < 5 ? i + 3 : i - 5) << i;
  EXPECT_EQ(fn.body[5].op, Opcode::TableGet);
  EXPECT_EQ(fn.body[7].op, Opcode::Select);
  EXPECT_EQ(fn.body[8].op, Opcode::SelectT);
  EXPECT_EQ(fn.body[8].a, 1u);
  EXPECT_EQ(fn.body[8].b, 0x7eu);
}

TEST(Instructions, Constants) {
  Bytes code = cat({{0x41},
                    sleb(-1),
                    {0x42},
                    sleb(INT64_MIN),
                    {0x43, 0x00, 0x00, 0xc0, 0x7f},
                    {0x44, 1, 2, 3, 4, 5, 6, 7, 8},
                    {0x0b}});
  ast::Function fn = decode_body(code);
  ASSERT_EQ(fn.body.size(), 5u);
  EXPECT_EQ(fn.body[0].c, 0xffffffffu);  // zero-extended bits
  EXPECT_EQ(fn.body[1].c, 0x8000000000000000u);
  EXPECT_EQ(fn.body[2].c, 0x7fc00000u);
  EXPECT_EQ(fn.body[3].c, 0x0807060504030201u);
}

TEST(Instructions, MemoryInstructions) {
  Bytes code = {0x28, 0x02, 0x10,                          // i32.load align=2 offset=16
                0x3b, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f,  // i32.store16 offset=2^32-1
                0x3f, 0x00, 0x40, 0x00,                    // memory.size, memory.grow
                0xfc, 0x08, 0x00, 0x00,                    // memory.init 0
                0xfc, 0x09, 0x00,                          // data.drop 0
                0xfc, 0x0a, 0x00, 0x00,                    // memory.copy
                0xfc, 0x0b, 0x00,                          // memory.fill
                0x0b};
  ast::Function fn = decode_body(code);
  ASSERT_EQ(fn.body.size(), 9u);
  EXPECT_EQ(fn.body[0].op, Opcode::I32Load);
  EXPECT_EQ(fn.body[0].a, 2u);
  EXPECT_EQ(fn.body[0].b, 0u);
  EXPECT_EQ(fn.body[0].c, 16u);
  EXPECT_EQ(fn.body[1].op, Opcode::I32Store16);
  EXPECT_EQ(fn.body[1].c, 0xffffffffu);
  EXPECT_EQ(fn.body[2].op, Opcode::MemorySize);
  EXPECT_EQ(fn.body[3].op, Opcode::MemoryGrow);
  EXPECT_EQ(fn.body[4].op, Opcode::MemoryInit);
  EXPECT_EQ(fn.body[4].a, 0u);
  EXPECT_EQ(fn.body[5].op, Opcode::DataDrop);
  EXPECT_EQ(fn.body[6].op, Opcode::MemoryCopy);
  EXPECT_EQ(fn.body[7].op, Opcode::MemoryFill);
}

TEST(Instructions, TableAndReferenceInstructions) {
  Bytes code = {0xfc, 0x0c, 0x02, 0x03,  // table.init elem=2 table=3
                0xfc, 0x0d, 0x04,        // elem.drop 4
                0xfc, 0x0e, 0x05, 0x06,  // table.copy dst=5 src=6
                0xfc, 0x0f, 0x07,        // table.grow 7
                0xfc, 0x10, 0x08,        // table.size 8
                0xfc, 0x11, 0x09,        // table.fill 9
                0xd0, 0x6f, 0xd1, 0xd2, 0x0a, 0x0b};
  ast::Function fn = decode_body(code);
  ASSERT_EQ(fn.body.size(), 10u);
  EXPECT_EQ(fn.body[0].op, Opcode::TableInit);
  EXPECT_EQ(fn.body[0].a, 2u);
  EXPECT_EQ(fn.body[0].b, 3u);
  EXPECT_EQ(fn.body[1].a, 4u);
  EXPECT_EQ(fn.body[2].op, Opcode::TableCopy);
  EXPECT_EQ(fn.body[2].a, 5u);
  EXPECT_EQ(fn.body[2].b, 6u);
  EXPECT_EQ(fn.body[3].a, 7u);
  EXPECT_EQ(fn.body[4].a, 8u);
  EXPECT_EQ(fn.body[5].a, 9u);
  EXPECT_EQ(fn.body[6].op, Opcode::RefNull);
  EXPECT_EQ(fn.body[6].a, 0x6fu);
  EXPECT_EQ(fn.body[7].op, Opcode::RefIsNull);
  EXPECT_EQ(fn.body[8].op, Opcode::RefFunc);
  EXPECT_EQ(fn.body[8].a, 10u);
}

TEST(Instructions, SimdImmediates) {
  Bytes code = {0xfd, 0x0c};  // v128.const
  for (uint8_t i = 0; i < 16; ++i) code.push_back(0xa0 + i);
  append(code, {0xfd, 0x0d});  // i8x16.shuffle
  for (uint8_t i = 0; i < 16; ++i) code.push_back(31 - i);
  append(code, {0xfd, 0x15, 0x0f,              // i8x16.extract_lane_s 15
                0xfd, 0x54, 0x00, 0x20, 0x03,  // v128.load8_lane align=0 offset=32 lane=3
                0xfd, 0x00, 0x04, 0x08,        // v128.load align=4 offset=8
                0xfd, 0xff, 0x01,              // f64x2.convert_low_i32x4_u (code 255)
                0x0b});
  ast::Function fn = decode_body(code);
  ASSERT_EQ(fn.body.size(), 7u);
  ASSERT_EQ(fn.v128_consts.size(), 2u);
  EXPECT_EQ(fn.body[0].op, Opcode::V128Const);
  EXPECT_EQ(fn.v128_consts[fn.body[0].a].bytes[15], 0xaf);
  EXPECT_EQ(fn.body[1].op, Opcode::I8x16Shuffle);
  EXPECT_EQ(fn.v128_consts[fn.body[1].a].bytes[0], 31);
  EXPECT_EQ(fn.body[2].op, Opcode::I8x16ExtractLaneS);
  EXPECT_EQ(fn.body[2].lane, 15);
  EXPECT_EQ(fn.body[3].op, Opcode::V128Load8Lane);
  EXPECT_EQ(fn.body[3].a, 0u);
  EXPECT_EQ(fn.body[3].c, 32u);
  EXPECT_EQ(fn.body[3].lane, 3);
  EXPECT_EQ(fn.body[4].op, Opcode::V128Load);
  EXPECT_EQ(fn.body[4].a, 4u);
  EXPECT_EQ(fn.body[5].op, Opcode::F64x2ConvertLowI32x4U);
}

TEST(Instructions, IfElseEnd) {
  ast::Function fn = decode_body({0x41, 0x01, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0b, 0x0b});
  ASSERT_EQ(fn.body.size(), 7u);
  EXPECT_EQ(fn.body[3].op, Opcode::Else);
  EXPECT_EQ(fn.body[5].op, Opcode::End);
  EXPECT_EQ(fn.body[6].op, Opcode::End);
}

}  // namespace
}  // namespace wisp::binary
