// Every decode error, with the spec suite's message.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "wasm_bytes.h"

namespace wisp::binary {
namespace {

using namespace wisp::binary::test;

struct Case {
  const char* what;
  Bytes bytes;
  ErrorCode code;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.what; }

Bytes type_void() { return section(1, vec({{0x60, 0x00, 0x00}})); }
Bytes one_func() { return section(3, vec({uleb(0)})); }
Bytes one_memory() { return section(5, vec({{0x00, 0x01}})); }
Bytes code_of(const Bytes& body) { return section(10, vec({func_body(body)})); }

const Case kCases[] = {
    {"empty input", {}, ErrorCode::UnexpectedEnd},
    {"truncated magic", {0x00, 0x61, 0x73}, ErrorCode::UnexpectedEnd},
    {"wrong magic", {0x00, 0x41, 0x53, 0x4d, 0x01, 0x00, 0x00, 0x00}, ErrorCode::MagicHeaderNotDetected},
    {"truncated version", {0x00, 0x61, 0x73, 0x6d, 0x01}, ErrorCode::UnexpectedEnd},
    {"wrong version", {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}, ErrorCode::UnknownBinaryVersion},
    {"section id 13", module({{0x0d, 0x00}}), ErrorCode::MalformedSectionId},
    {"section id 0x80", module({{0x80, 0x00}}), ErrorCode::MalformedSectionId},
    {"section size past the end", module({{0x01, 0x05, 0x00}}), ErrorCode::LengthOutOfBounds},
    {"section size missing", module({{0x01}}), ErrorCode::UnexpectedEndOfSection},
    {"section longer than its contents", module({{0x01, 0x02, 0x00, 0x00}}), ErrorCode::SectionSizeMismatch},
    {"contents longer than the section", module({{0x06, 0x06, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b}}),
     ErrorCode::UnexpectedEndOfSection},
    {"vector count beyond the input", module({{0x01, 0x01, 0x05}}), ErrorCode::UnexpectedEndOfSection},
    {"u32 with 6 bytes", module({{0x05, 0x08, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00}}),
     ErrorCode::IntegerRepresentationTooLong},
    {"u32 with high bits", module({{0x05, 0x07, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x70}}),
     ErrorCode::IntegerTooLarge},
    {"s32 const with high bits",
     module({{0x06, 0x0a, 0x01, 0x7f, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0b}}),
     ErrorCode::IntegerTooLarge},
    {"bad UTF-8 export name", module({section(7, vec({cat({name("\xc0\x80"), {0x00, 0x00}})}))}),
     ErrorCode::MalformedUtf8},
    {"bad UTF-8 import module",
     module({section(2, vec({cat({name("\xed\xa0\x80"), name("f"), {0x00, 0x00}})}))}),
     ErrorCode::MalformedUtf8},
    {"bad UTF-8 custom section name", module({section(0, name("\xff"))}), ErrorCode::MalformedUtf8},
    {"custom name longer than the section", module({{0x00, 0x00, 0x00}}), ErrorCode::UnexpectedEndOfSection},
    {"custom name longer than the input", module({{0x00, 0x02, 0x05, 'a'}}), ErrorCode::LengthOutOfBounds},
    {"export name past the input", module({section(7, {0x01, 0x0a, 'a'})}), ErrorCode::LengthOutOfBounds},
    {"import kind 4", module({section(2, vec({cat({name("a"), name("b"), {0x04, 0x00}})}))}),
     ErrorCode::MalformedImportKind},
    {"export kind 4", module({section(7, vec({cat({name("a"), {0x04, 0x00}})}))}),
     ErrorCode::MalformedExportKind},
    {"global mutability 2", module({section(6, vec({{0x7f, 0x02, 0x41, 0x00, 0x0b}}))}),
     ErrorCode::MalformedMutability},
    {"value type 0x40", module({section(1, vec({{0x60, 0x01, 0x40, 0x00}}))}), ErrorCode::MalformedValueType},
    {"type byte with continuation bit", module({section(1, vec({{0xe0, 0x7f, 0x00, 0x00}}))}),
     ErrorCode::IntegerRepresentationTooLong},
    {"function type form 0x61", module({section(1, vec({{0x61, 0x00, 0x00}}))}),
     ErrorCode::MalformedFuncType},
    {"table of i32", module({section(4, vec({{0x7f, 0x00, 0x00}}))}), ErrorCode::MalformedReferenceType},
    {"limits flags 2", module({section(5, vec({{0x02, 0x00}}))}), ErrorCode::IntegerTooLarge},
    {"limits flags overlong", module({section(5, vec({{0x81, 0x00, 0x00, 0x00}}))}),
     ErrorCode::IntegerRepresentationTooLong},
    {"element kind 1", module({section(9, vec({{0x01, 0x01, 0x00}}))}), ErrorCode::MalformedElemKind},
    {"element flags 8", module({section(9, vec({{0x08}}))}), ErrorCode::MalformedElemSegmentKind},
    {"element reftype i32", module({section(9, vec({{0x05, 0x7f, 0x00}}))}),
     ErrorCode::MalformedReferenceType},
    {"data flags 3", module({section(11, vec({{0x03}}))}), ErrorCode::MalformedDataSegmentKind},
    {"data bytes past the end", module({section(11, {0x01, 0x01, 0x05, 'a'})}),
     ErrorCode::UnexpectedEndOfSection},
    {"illegal opcode", module({type_void(), one_func(), code_of({0x00, 0x06, 0x0b})}),
     ErrorCode::IllegalOpcode},
    {"illegal 0xfc opcode", module({type_void(), one_func(), code_of({0x00, 0xfc, 0x12, 0x0b})}),
     ErrorCode::IllegalOpcode},
    {"illegal 0xfd opcode", module({type_void(), one_func(), code_of({0x00, 0xfd, 0x80, 0x02, 0x0b})}),
     ErrorCode::IllegalOpcode},
    {"prefixed opcode overlong",
     module({type_void(), one_func(), code_of({0x00, 0xfc, 0x87, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b})}),
     ErrorCode::IntegerRepresentationTooLong},
    {"illegal opcode in a constant expression", module({section(6, vec({{0x7f, 0x00, 0x0a, 0x0b}}))}),
     ErrorCode::IllegalOpcode},
    {"else outside if", module({type_void(), one_func(), code_of({0x00, 0x05, 0x0b})}),
     ErrorCode::EndOpcodeExpected},
    {"second else",
     module({type_void(), one_func(), code_of({0x00, 0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0b, 0x0b})}),
     ErrorCode::EndOpcodeExpected},
    {"body without end", module({type_void(), one_func(), code_of({0x00, 0x01})}),
     ErrorCode::UnexpectedEndOfSection},
    {"body end after its size", module({type_void(), one_func(), {0x0a, 0x04, 0x01, 0x02, 0x00, 0x01, 0x0b}}),
     ErrorCode::SectionSizeMismatch},
    {"body bytes after end", module({type_void(), one_func(), code_of({0x00, 0x0b, 0x01})}),
     ErrorCode::SectionSizeMismatch},
    {"body size past the input", module({type_void(), one_func(), {0x0a, 0x03, 0x01, 0x09, 0x00}}),
     ErrorCode::LengthOutOfBounds},
    {"too many locals", module({type_void(), one_func(), code_of(cat({{0x01}, uleb(50001), {0x7f, 0x0b}}))}),
     ErrorCode::TooManyLocals},
    {"2^32 locals",
     module({type_void(), one_func(), code_of(cat({{0x02}, uleb(0xffffffff), {0x7f, 0x01, 0x7e, 0x0b}}))}),
     ErrorCode::TooManyLocals},
    {"local count too large",
     module({type_void(), one_func(), code_of({0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7f, 0x0b})}),
     ErrorCode::IntegerTooLarge},
    {"memarg align 32",
     module(
         {type_void(), one_func(), one_memory(), code_of({0x00, 0x41, 0x00, 0x28, 0x20, 0x00, 0x1a, 0x0b})}),
     ErrorCode::MalformedMemopFlags},
    {"memarg with memory index bit",
     module({type_void(), one_func(), one_memory(),
             code_of({0x00, 0x41, 0x00, 0x28, 0x42, 0x00, 0x00, 0x1a, 0x0b})}),
     ErrorCode::MalformedMemopFlags},
    {"memory.grow reserved byte",
     module({type_void(), one_func(), one_memory(), code_of({0x00, 0x41, 0x00, 0x40, 0x01, 0x1a, 0x0b})}),
     ErrorCode::ZeroByteExpected},
    {"memory.size overlong zero",
     module({type_void(), one_func(), one_memory(), code_of({0x00, 0x3f, 0x80, 0x00, 0x1a, 0x0b})}),
     ErrorCode::ZeroByteExpected},
    {"memory.copy reserved byte",
     module({type_void(), one_func(), one_memory(),
             code_of({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x01, 0x0b})}),
     ErrorCode::ZeroByteExpected},
    {"memory.fill reserved byte",
     module({type_void(), one_func(), one_memory(),
             code_of({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x01, 0x0b})}),
     ErrorCode::ZeroByteExpected},
    {"memory.init reserved byte",
     module({type_void(), one_func(), one_memory(), section(12, uleb(1)),
             code_of({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x01, 0x0b}),
             section(11, vec({cat({uleb(1), name("")})}))}),
     ErrorCode::ZeroByteExpected},
    {"ref.null of i32", module({type_void(), one_func(), code_of({0x00, 0xd0, 0x7f, 0x1a, 0x0b})}),
     ErrorCode::MalformedReferenceType},
    {"negative multi-byte block type",
     module({type_void(), one_func(), code_of({0x00, 0x02, 0xc0, 0x7f, 0x0b, 0x0b})}),
     ErrorCode::MalformedValueType},
    {"function section without code", module({type_void(), one_func()}), ErrorCode::FunctionCodeMismatch},
    {"code section without functions", module({code_of({0x00, 0x0b})}), ErrorCode::FunctionCodeMismatch},
    {"data count larger than data",
     module({section(12, uleb(2)), section(11, vec({cat({uleb(1), name("")})}))}),
     ErrorCode::DataCountMismatch},
    {"data count without data", module({section(12, uleb(1))}), ErrorCode::DataCountMismatch},
    {"memory.init without data count",
     module({type_void(), one_func(), one_memory(),
             code_of({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b}),
             section(11, vec({cat({uleb(1), name("")})}))}),
     ErrorCode::DataCountRequired},
    {"data.drop without data count",
     module({type_void(), one_func(), code_of({0x00, 0xfc, 0x09, 0x00, 0x0b})}),
     ErrorCode::DataCountRequired},
    {"duplicate section", module({section(1, vec({})), section(1, vec({}))}),
     ErrorCode::UnexpectedContentAfterLastSection},
    {"sections out of order", module({section(3, vec({})), section(2, vec({}))}),
     ErrorCode::UnexpectedContentAfterLastSection},
    {"data count after code", module({section(10, vec({})), section(12, uleb(0))}),
     ErrorCode::UnexpectedContentAfterLastSection},
    {"data count before element", module({section(12, uleb(0)), section(9, vec({}))}),
     ErrorCode::UnexpectedContentAfterLastSection},
};

class DecodeErrors : public ::testing::TestWithParam<Case> {};

TEST_P(DecodeErrors, ReportsTheSpecMessage) {
  const Case& c = GetParam();
  auto m = decode(c.bytes);
  ASSERT_FALSE(m.has_value()) << "decoded";
  EXPECT_EQ(m.error().code, c.code) << m.error().message();
  EXPECT_EQ(m.error().phase(), Phase::Decode);
  // The message starts with the table's text, as the spec harness compares it.
  EXPECT_EQ(m.error().message().rfind(error_message(c.code), 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(Binary, DecodeErrors, ::testing::ValuesIn(kCases));

TEST(DecodeErrors, MessagesAreTheSuiteTexts) {
  EXPECT_EQ(error_message(ErrorCode::UnexpectedEndOfSection), "unexpected end of section or function");
  EXPECT_EQ(error_message(ErrorCode::FunctionCodeMismatch),
            "function and code section have inconsistent lengths");
  EXPECT_EQ(error_message(ErrorCode::DataCountMismatch),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(error_message(ErrorCode::EndOpcodeExpected), "END opcode expected");
}

}  // namespace
}  // namespace wisp::binary
