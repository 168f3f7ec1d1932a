// Each section decodes into the right ast::Module fields.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "binary/instructions.h"
#include "wasm_bytes.h"

namespace wisp::binary {
namespace {

using namespace wisp::binary::test;
using ast::Opcode;

ast::Module decode_ok(const Bytes& bytes) {
  auto m = decode(bytes);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message());
  return m ? std::move(*m) : ast::Module{};
}

// i32.const v; end
Bytes i32_const_expr(int32_t v) { return cat({{0x41}, sleb(v), {0x0b}}); }

TEST(Sections, EmptyModule) {
  ast::Module m = decode_ok(header());
  EXPECT_TRUE(m.types.empty());
  EXPECT_TRUE(m.functions.empty());
  EXPECT_FALSE(m.start.has_value());
  EXPECT_FALSE(m.data_count.has_value());
}

TEST(Sections, TypeSection) {
  ast::Module m = decode_ok(module({section(1, vec({{0x60, 0x00, 0x00},
                                                    {0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d},
                                                    {0x60, 0x03, 0x7c, 0x7b, 0x70, 0x01, 0x6f}}))}));
  ASSERT_EQ(m.types.size(), 3u);
  EXPECT_TRUE(m.types[0].params.empty());
  EXPECT_TRUE(m.types[0].results.empty());
  EXPECT_EQ(m.types[1].params, (std::vector<ValType>{ValType::I32, ValType::I64}));
  EXPECT_EQ(m.types[1].results, (std::vector<ValType>{ValType::F32}));
  EXPECT_EQ(m.types[2].params, (std::vector<ValType>{ValType::F64, ValType::V128, ValType::FuncRef}));
  EXPECT_EQ(m.types[2].results, (std::vector<ValType>{ValType::ExternRef}));
}

TEST(Sections, ImportSectionAllKinds) {
  Bytes imports = vec({
      cat({name("env"), name("f"), {0x00}, uleb(0)}),
      cat({name("env"), name("t"), {0x01, 0x70, 0x01}, uleb(1), uleb(10)}),
      cat({name("env"), name("m"), {0x02, 0x00}, uleb(2)}),
      cat({name("env"), name("g"), {0x03, 0x7e, 0x01}}),
  });
  ast::Module m = decode_ok(module({section(1, vec({{0x60, 0x00, 0x00}})), section(2, imports)}));
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imports[0].module, "env");
  EXPECT_EQ(m.imports[0].name, "f");
  EXPECT_EQ(m.imports[0].kind, ast::ExternKind::Func);
  EXPECT_EQ(m.imports[1].kind, ast::ExternKind::Table);
  EXPECT_EQ(m.imports[1].table.elem, ValType::FuncRef);
  EXPECT_EQ(m.imports[1].table.limits.min, 1u);
  EXPECT_EQ(m.imports[1].table.limits.max, 10u);
  EXPECT_EQ(m.imports[2].memory.limits.min, 2u);
  EXPECT_FALSE(m.imports[2].memory.limits.max.has_value());
  EXPECT_EQ(m.imports[3].global.type, ValType::I64);
  EXPECT_TRUE(m.imports[3].global.mut);
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.func_type_index(0), 0u);
}

TEST(Sections, FunctionTableMemoryGlobalExportStart) {
  Bytes bytes = module({
      section(1, vec({{0x60, 0x00, 0x00}, {0x60, 0x01, 0x7f, 0x00}})),
      section(3, vec({uleb(1), uleb(0)})),
      section(4, vec({{0x6f, 0x00, 0x05}})),
      section(5, vec({cat({{0x01}, uleb(1), uleb(65536)})})),
      section(6, vec({cat({{0x7f, 0x00}, i32_const_expr(-7)}),
                      cat({{0x7d, 0x01, 0x43, 0x00, 0x00, 0x80, 0x3f, 0x0b}})})),
      section(7, vec({cat({name("run"), {0x00}, uleb(1)}), cat({name("mem"), {0x02}, uleb(0)})})),
      section(8, uleb(1)),
      section(10, vec({func_body({0x00, 0x0b}), func_body({0x00, 0x0b})})),
  });
  ast::Module m = decode_ok(bytes);
  ASSERT_EQ(m.functions.size(), 2u);
  EXPECT_EQ(m.functions[0].type_index, 1u);
  EXPECT_EQ(m.functions[1].type_index, 0u);
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].elem, ValType::ExternRef);
  EXPECT_EQ(m.tables[0].limits.min, 5u);
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_EQ(m.memories[0].limits.max, 65536u);
  ASSERT_EQ(m.globals.size(), 2u);
  EXPECT_EQ(m.globals[0].type.type, ValType::I32);
  EXPECT_FALSE(m.globals[0].type.mut);
  ASSERT_EQ(m.globals[0].init.size(), 2u);
  EXPECT_EQ(m.globals[0].init[0].op, Opcode::I32Const);
  EXPECT_EQ(m.globals[0].init[0].c, 0xfffffff9u);
  EXPECT_EQ(m.globals[0].init[1].op, Opcode::End);
  EXPECT_EQ(m.globals[1].init[0].op, Opcode::F32Const);
  EXPECT_EQ(m.globals[1].init[0].c, 0x3f800000u);
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[0].name, "run");
  EXPECT_EQ(m.exports[0].kind, ast::ExternKind::Func);
  EXPECT_EQ(m.exports[0].index, 1u);
  EXPECT_EQ(m.exports[1].kind, ast::ExternKind::Memory);
  EXPECT_EQ(m.start, 1u);
}

TEST(Sections, GlobalV128InitKeepsItsBytes) {
  Bytes init{0xfd, 0x0c};
  for (uint8_t i = 0; i < 16; ++i) init.push_back(i + 1);
  init.push_back(0x0b);
  ast::Module m = decode_ok(module({section(6, vec({cat({{0x7b, 0x00}, init})}))}));
  ASSERT_EQ(m.globals.size(), 1u);
  ASSERT_EQ(m.globals[0].init.size(), 2u);
  V128 v = ast::const_expr_v128(m.globals[0].init[0]);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(v.bytes[i], i + 1);
}

TEST(Sections, ElementSegmentsAllEightEncodings) {
  Bytes funcs = vec({uleb(0), uleb(1)});
  Bytes exprs = vec({{0xd2, 0x01, 0x0b}, {0xd0, 0x70, 0x0b}});
  Bytes elems = vec({
      cat({uleb(0), i32_const_expr(1), funcs}),                   // 0: active table 0, funcidx
      cat({uleb(1), {0x00}, funcs}),                              // 1: passive, elemkind
      cat({uleb(2), uleb(3), i32_const_expr(2), {0x00}, funcs}),  // 2: active table 3, elemkind
      cat({uleb(3), {0x00}, funcs}),                              // 3: declarative
      cat({uleb(4), i32_const_expr(3), exprs}),                   // 4: active table 0, exprs
      cat({uleb(5), {0x6f}, vec({{0xd0, 0x6f, 0x0b}})}),          // 5: passive, externref exprs
      cat({uleb(6), uleb(2), i32_const_expr(4), {0x70}, exprs}),  // 6: active table 2, reftype
      cat({uleb(7), {0x70}, exprs}),                              // 7: declarative, exprs
  });
  ast::Module m = decode_ok(module({section(9, elems)}));
  ASSERT_EQ(m.elems.size(), 8u);
  using ast::SegmentMode;
  const SegmentMode modes[] = {SegmentMode::Active,      SegmentMode::Passive,    SegmentMode::Active,
                               SegmentMode::Declarative, SegmentMode::Active,     SegmentMode::Passive,
                               SegmentMode::Active,      SegmentMode::Declarative};
  const uint32_t tables[] = {0, 0, 3, 0, 0, 0, 2, 0};
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(m.elems[i].mode, modes[i]) << i;
    EXPECT_EQ(m.elems[i].table, tables[i]) << i;
    EXPECT_EQ(m.elems[i].type, i == 5 ? ValType::ExternRef : ValType::FuncRef) << i;
    EXPECT_EQ(m.elems[i].offset.empty(), modes[i] != SegmentMode::Active) << i;
  }
  // funcidx forms become `ref.func x; end`.
  ASSERT_EQ(m.elems[0].items.size(), 2u);
  ASSERT_EQ(m.elems[0].items[1].size(), 2u);
  EXPECT_EQ(m.elems[0].items[1][0].op, Opcode::RefFunc);
  EXPECT_EQ(m.elems[0].items[1][0].a, 1u);
  EXPECT_EQ(m.elems[0].items[1][1].op, Opcode::End);
  EXPECT_EQ(m.elems[2].offset[0].c, 2u);
  ASSERT_EQ(m.elems[4].items.size(), 2u);
  EXPECT_EQ(m.elems[4].items[1][0].op, Opcode::RefNull);
  EXPECT_EQ(m.elems[4].items[1][0].a, 0x70u);
  EXPECT_EQ(m.elems[5].items[0][0].a, 0x6fu);
}

TEST(Sections, DataSegmentsAllThreeEncodings) {
  Bytes datas = vec({
      cat({uleb(0), i32_const_expr(8), name("ab")}),
      cat({uleb(1), name("xyz")}),
      cat({uleb(2), uleb(1), i32_const_expr(16), name("")}),
  });
  ast::Module m = decode_ok(module({section(12, uleb(3)), section(11, datas)}));
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.data_count, 3u);
  EXPECT_EQ(m.datas[0].mode, ast::SegmentMode::Active);
  EXPECT_EQ(m.datas[0].memory, 0u);
  EXPECT_EQ(m.datas[0].offset[0].c, 8u);
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'a', 'b'}));
  EXPECT_EQ(m.datas[1].mode, ast::SegmentMode::Passive);
  EXPECT_TRUE(m.datas[1].offset.empty());
  EXPECT_EQ(m.datas[1].bytes, (Bytes{'x', 'y', 'z'}));
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_TRUE(m.datas[2].bytes.empty());
}

TEST(Sections, CodeSectionLocalsAndOffset) {
  // locals: 2 x i32, 1 x f64
  Bytes body = {0x02, 0x02, 0x7f, 0x01, 0x7c, 0x0b};
  Bytes bytes = module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})),
                        section(10, vec({func_body(body)}))});
  ast::Module m = decode_ok(bytes);
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].locals, (std::vector<ValType>{ValType::I32, ValType::I32, ValType::F64}));
  ASSERT_EQ(m.functions[0].body.size(), 1u);
  EXPECT_EQ(m.functions[0].body[0].op, Opcode::End);
  // The offset is where the body's locals start: after the size byte.
  EXPECT_EQ(m.functions[0].code_offset, bytes.size() - body.size());
}

TEST(Sections, CustomSectionsAnywhereAreKept) {
  Bytes custom_a = section(0, cat({name("first"), {1, 2, 3}}));
  Bytes custom_b = section(0, cat({name("second")}));
  ast::Module m =
      decode_ok(module({custom_a, section(1, vec({})), custom_b, section(12, uleb(0)), custom_a}));
  ASSERT_EQ(m.customs.size(), 3u);
  EXPECT_EQ(m.customs[0].name, "first");
  EXPECT_EQ(m.customs[0].bytes, (Bytes{1, 2, 3}));
  EXPECT_EQ(m.customs[1].name, "second");
  EXPECT_TRUE(m.customs[1].bytes.empty());
  EXPECT_EQ(m.data_count, 0u);
}

TEST(Sections, DataCountBetweenElementAndCode) {
  Bytes bytes =
      module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})), section(9, vec({})),
              section(12, uleb(1)), section(10, vec({func_body({0x00, 0xfc, 0x09, 0x00, 0x0b})})),
              section(11, vec({cat({uleb(1), name("z")})}))});
  ast::Module m = decode_ok(bytes);
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].body[0].op, Opcode::DataDrop);
}

}  // namespace
}  // namespace wisp::binary
