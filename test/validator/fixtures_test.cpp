// Modules assembled by wat2wasm, decoded by wisp::binary: whole programs
// using each 2.0 feature must validate, and targeted edits must not.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "validator/validator.h"

namespace wisp::validator {
namespace {

ast::Module decode_fixture(const std::string& name) {
  std::string path = std::string(WISP_TEST_DATA_DIR) + "/fixtures/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  auto module = binary::decode(bytes);
  EXPECT_TRUE(module.has_value()) << name << ": " << (module ? "" : module.error().message());
  return module ? std::move(module).value() : ast::Module{};
}

// The first instruction with opcode `op` in any function.
ast::Instr* find_instr(ast::Module& m, ast::Opcode op) {
  for (ast::Function& f : m.functions) {
    for (ast::Instr& instr : f.body) {
      if (instr.op == op) return &instr;
    }
  }
  return nullptr;
}

class Fixture : public ::testing::TestWithParam<const char*> {};

TEST_P(Fixture, Validates) {
  ast::Module m = decode_fixture(GetParam());
  auto result = validate(m);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
}

INSTANTIATE_TEST_SUITE_P(Validator, Fixture,
                         ::testing::Values("multi_value", "reference_types", "simd", "unreachable",
                                           "bulk_memory"));

TEST(FixtureEdits, LaneOnePastTheEnd) {
  ast::Module m = decode_fixture("simd");
  ast::Instr* extract = find_instr(m, ast::Opcode::I8x16ExtractLaneU);
  ASSERT_NE(extract, nullptr);
  extract->lane = 16;
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::InvalidLaneIndex);
}

TEST(FixtureEdits, OverAlignedVectorLoad) {
  ast::Module m = decode_fixture("simd");
  ast::Instr* load = find_instr(m, ast::Opcode::V128Load);
  ASSERT_NE(load, nullptr);
  load->a = 5;
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::AlignmentTooLarge);
}

TEST(FixtureEdits, RefFuncWithoutDeclaration) {
  ast::Module m = decode_fixture("reference_types");
  m.elems.erase(m.elems.begin());  // the `elem declare` segment
  // The passive segment still names $g, so drop that item too.
  m.elems[0].items.pop_back();
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UndeclaredFunctionReference);
}

TEST(FixtureEdits, DroppingUnknownDataSegment) {
  ast::Module m = decode_fixture("bulk_memory");
  ast::Instr* drop = find_instr(m, ast::Opcode::DataDrop);
  ASSERT_NE(drop, nullptr);
  drop->a = 2;
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownDataSegment);
  EXPECT_EQ(result.error().message(), "unknown data segment: 2");
}

TEST(FixtureEdits, BrTableLabelBeyondTheFunction) {
  ast::Module m = decode_fixture("multi_value");
  ast::Instr* br_table = find_instr(m, ast::Opcode::BrTable);
  ASSERT_NE(br_table, nullptr);
  // Labels inside br-table-values: 0 = $b, 1 = $a, 2 = the function body.
  ast::Function* owner = nullptr;
  for (ast::Function& f : m.functions) {
    if (!f.body.empty() && &f.body.front() <= br_table && br_table <= &f.body.back()) owner = &f;
  }
  ASSERT_NE(owner, nullptr);
  owner->label_tables[br_table->a] = 3;
  auto result = validate(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::UnknownLabel);
}

}  // namespace
}  // namespace wisp::validator
