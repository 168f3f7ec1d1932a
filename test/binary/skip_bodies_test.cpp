// DecodeOptions::skip_function_bodies: everything outside the bodies decodes
// as before, each body becomes the placeholder `unreachable end`, and the code
// section's framing is still checked.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "binary/limits.h"
#include "wasm_bytes.h"

namespace wisp::binary {
namespace {

using namespace wisp::binary::test;
using ast::Opcode;

Expected<ast::Module> decode_skipping(const Bytes& bytes) {
  DecodeOptions options;
  options.skip_function_bodies = true;
  return decode(bytes, options);
}

// Types () -> () and (i32) -> i32; an import of type 0; two functions of
// types 1 and 0 with locals; an export, a memory, a data segment.
Bytes two_function_module(const Bytes& second_body) {
  return module({section(1, vec({{0x60, 0x00, 0x00}, {0x60, 0x01, 0x7f, 0x01, 0x7f}})),
                 section(2, vec({cat({name("env"), name("f"), {0x00, 0x00}})})),
                 section(3, vec({uleb(1), uleb(0)})), section(5, vec({{0x00, 0x01}})),
                 section(7, vec({cat({name("twice"), {0x00}, uleb(1)})})),
                 section(10, vec({func_body({0x01, 0x02, 0x7e, 0x20, 0x00, 0x20, 0x00, 0x6a, 0x0b}),
                                  func_body(second_body)})),
                 section(11, vec({cat({{0x00, 0x41, 0x08, 0x0b}, name("hi")})}))});
}

TEST(SkipBodies, EverythingOutsideTheBodiesIsDecodedAlike) {
  const Bytes bytes = two_function_module({0x00, 0x0b});
  auto full = decode(bytes);
  auto skipped = decode_skipping(bytes);
  ASSERT_TRUE(full) << full.error().message();
  ASSERT_TRUE(skipped) << skipped.error().message();
  EXPECT_EQ(skipped->types, full->types);
  ASSERT_EQ(skipped->imports.size(), 1u);
  EXPECT_EQ(skipped->imports[0].name, "f");
  EXPECT_EQ(skipped->num_imported_funcs, 1u);
  ASSERT_EQ(skipped->exports.size(), 1u);
  EXPECT_EQ(skipped->exports[0].name, "twice");
  EXPECT_EQ(skipped->exports[0].index, 1u);
  ASSERT_EQ(skipped->memories.size(), 1u);
  ASSERT_EQ(skipped->datas.size(), 1u);
  EXPECT_EQ(skipped->datas[0].bytes, (Bytes{'h', 'i'}));
  ASSERT_EQ(skipped->functions.size(), full->functions.size());
  for (size_t i = 0; i < full->functions.size(); ++i) {
    EXPECT_EQ(skipped->functions[i].type_index, full->functions[i].type_index) << i;
    EXPECT_EQ(skipped->functions[i].code_offset, full->functions[i].code_offset) << i;
  }
  // The full decode has the real first body and its locals; skipping leaves
  // the placeholder, which no stage mistakes for the function's code.
  EXPECT_EQ(full->functions[0].locals.size(), 2u);
  EXPECT_EQ(full->functions[0].body.size(), 4u);
  for (const ast::Function& fn : skipped->functions) {
    EXPECT_TRUE(fn.locals.empty());
    ASSERT_EQ(fn.body.size(), 2u);
    EXPECT_EQ(fn.body[0].op, Opcode::Unreachable);
    EXPECT_EQ(fn.body[1].op, Opcode::End);
  }
}

TEST(SkipBodies, TheDefaultStillDecodesEveryBody) {
  // 0xff is no opcode: decoding the body fails, skipping it does not.
  const Bytes bytes = two_function_module({0x00, 0xff, 0x0b});
  auto full = decode(bytes);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::IllegalOpcode);
  auto defaults = decode(bytes, DecodeOptions{});
  ASSERT_FALSE(defaults);
  EXPECT_EQ(defaults.error().code, ErrorCode::IllegalOpcode);
  EXPECT_TRUE(decode_skipping(bytes));
}

TEST(SkipBodies, FunctionAndCodeCountsMustStillAgree) {
  const Bytes bytes = module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0), uleb(0)})),
                              section(10, vec({func_body({0x00, 0x0b})}))});
  auto r = decode_skipping(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::FunctionCodeMismatch);
}

TEST(SkipBodies, ABodyPastTheSectionEndIsRejected) {
  // The entry claims 5 bytes, the section holds 3 after the entry's size.
  Bytes code = cat({uleb(1), uleb(5), {0x00, 0x01, 0x0b}});
  const Bytes bytes = module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})),
                              section(10, code), section(0, cat({name("pad"), {1, 2, 3, 4}}))});
  auto r = decode_skipping(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::SectionSizeMismatch);
}

TEST(SkipBodies, ABodyPastTheEndOfTheInputIsRejected) {
  Bytes bytes = module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})),
                        section(10, vec({func_body({0x00, 0x01, 0x01, 0x0b})}))});
  bytes.resize(bytes.size() - 2);
  auto r = decode_skipping(bytes);
  ASSERT_FALSE(r);
  // The entry's size is checked against the bytes left, as when decoding it.
  EXPECT_EQ(r.error().code, ErrorCode::LengthOutOfBounds);
  EXPECT_EQ(decode(bytes).error().code, ErrorCode::LengthOutOfBounds);
}

TEST(SkipBodies, TheBodySizeLimitStillHolds) {
  Bytes entry = uleb(limits::kFunctionBodyBytes + 1);
  entry.resize(entry.size() + limits::kFunctionBodyBytes + 1, 0x01);  // nops
  const Bytes bytes = module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})),
                              section(10, cat({uleb(1), entry}))});
  auto r = decode_skipping(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::ImplementationLimit);
  EXPECT_EQ(decode(bytes).error().code, ErrorCode::ImplementationLimit);
}

TEST(SkipBodies, AHostileEntryCountFailsAtTheEndOfTheInput) {
  const Bytes bytes = module({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0)})),
                              section(10, cat({uleb(0xffffffff), func_body({0x00, 0x0b})}))});
  auto r = decode_skipping(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::UnexpectedEndOfSection);
}

}  // namespace
}  // namespace wisp::binary
