// LEB128 and UTF-8 rules of the binary reader.
#include "binary/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace wisp::binary {
namespace {

using Bytes = std::vector<uint8_t>;

template <class F>
auto read_all(const Bytes& bytes, F read) {
  Reader r(bytes);
  auto result = read(r);
  if (result) {
    EXPECT_TRUE(r.at_end()) << "trailing bytes";
  }
  return result;
}

Expected<uint32_t> u32(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.u32(); });
}
Expected<int32_t> s32(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.s32(); });
}
Expected<uint64_t> u64(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.u64(); });
}
Expected<int64_t> s64(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.s64(); });
}
Expected<int64_t> s33(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.s33(); });
}

template <class T>
ErrorCode code_of(const Expected<T>& e) {
  EXPECT_FALSE(e.has_value());
  return e ? ErrorCode::InvalidArgument : e.error().code;
}

TEST(Leb128, UnsignedValues) {
  EXPECT_EQ(*u32({0x00}), 0u);
  EXPECT_EQ(*u32({0x7f}), 127u);
  EXPECT_EQ(*u32({0x80, 0x01}), 128u);
  EXPECT_EQ(*u32({0xe5, 0x8e, 0x26}), 624485u);
  EXPECT_EQ(*u32({0xff, 0xff, 0xff, 0xff, 0x0f}), 0xffffffffu);
  // Overlong but within 5 bytes is allowed.
  EXPECT_EQ(*u32({0x80, 0x80, 0x80, 0x80, 0x00}), 0u);
  EXPECT_EQ(*u32({0x83, 0x80, 0x80, 0x80, 0x00}), 3u);
  EXPECT_EQ(*u64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), ~uint64_t{0});
  EXPECT_EQ(*u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}), 0u);
}

TEST(Leb128, UnsignedTooLong) {
  EXPECT_EQ(code_of(u32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00})), ErrorCode::IntegerRepresentationTooLong);
  EXPECT_EQ(code_of(u32({0x82, 0x80, 0x80, 0x80, 0x80, 0x00})), ErrorCode::IntegerRepresentationTooLong);
  EXPECT_EQ(code_of(u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})),
            ErrorCode::IntegerRepresentationTooLong);
}

TEST(Leb128, UnsignedUnusedBitsMustBeZero) {
  EXPECT_EQ(code_of(u32({0x82, 0x80, 0x80, 0x80, 0x70})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(u32({0x82, 0x80, 0x80, 0x80, 0x10})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(u32({0xff, 0xff, 0xff, 0xff, 0x1f})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(u64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02})),
            ErrorCode::IntegerTooLarge);
  // Too large is checked before the continuation bit of the last byte.
  EXPECT_EQ(code_of(u32({0x80, 0x80, 0x80, 0x80, 0x90})), ErrorCode::IntegerTooLarge);
}

TEST(Leb128, SignedValues) {
  EXPECT_EQ(*s32({0x00}), 0);
  EXPECT_EQ(*s32({0x7f}), -1);
  EXPECT_EQ(*s32({0x3f}), 63);
  EXPECT_EQ(*s32({0x40}), -64);
  EXPECT_EQ(*s32({0xc0, 0xbb, 0x78}), -123456);
  EXPECT_EQ(*s32({0x80, 0x80, 0x80, 0x80, 0x78}), INT32_MIN);
  EXPECT_EQ(*s32({0xff, 0xff, 0xff, 0xff, 0x07}), INT32_MAX);
  EXPECT_EQ(*s32({0xff, 0xff, 0xff, 0xff, 0x7f}), -1);
  EXPECT_EQ(*s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}), INT64_MIN);
  EXPECT_EQ(*s64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}), INT64_MAX);
  EXPECT_EQ(*s33({0xff, 0xff, 0xff, 0xff, 0x0f}), 0xffffffffLL);
  EXPECT_EQ(*s33({0x80, 0x80, 0x80, 0x80, 0x70}), -(1LL << 32));
}

TEST(Leb128, SignedUnusedBitsMustExtendTheSign) {
  EXPECT_EQ(code_of(s32({0x80, 0x80, 0x80, 0x80, 0x70})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(s32({0xff, 0xff, 0xff, 0xff, 0x0f})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(s32({0x80, 0x80, 0x80, 0x80, 0x1f})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(s32({0xff, 0xff, 0xff, 0xff, 0x4f})), ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e})),
            ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(s64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})),
            ErrorCode::IntegerTooLarge);
  EXPECT_EQ(code_of(s33({0x80, 0x80, 0x80, 0x80, 0x20})), ErrorCode::IntegerTooLarge);
}

TEST(Leb128, SignedTooLong) {
  EXPECT_EQ(code_of(s32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00})), ErrorCode::IntegerRepresentationTooLong);
  EXPECT_EQ(code_of(s32({0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})), ErrorCode::IntegerRepresentationTooLong);
  EXPECT_EQ(code_of(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})),
            ErrorCode::IntegerRepresentationTooLong);
  EXPECT_EQ(code_of(s64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})),
            ErrorCode::IntegerRepresentationTooLong);
}

TEST(Leb128, NarrowWidths) {
  Bytes one{0x01}, two{0x02}, long_one{0x81, 0x00};
  Reader a(one), b(two), c(long_one);
  EXPECT_EQ(*a.uleb(1), 1u);
  EXPECT_EQ(b.uleb(1).error().code, ErrorCode::IntegerTooLarge);
  EXPECT_EQ(c.uleb(1).error().code, ErrorCode::IntegerRepresentationTooLong);
}

TEST(Leb128, TruncatedInputIsUnexpectedEnd) {
  EXPECT_EQ(code_of(u32({0x80})), ErrorCode::UnexpectedEndOfSection);
  EXPECT_EQ(code_of(s64({0xff, 0xff})), ErrorCode::UnexpectedEndOfSection);
  EXPECT_EQ(code_of(u32({})), ErrorCode::UnexpectedEndOfSection);
  Bytes b{0x80};
  Reader r(b, 0, ErrorCode::UnexpectedEnd);
  EXPECT_EQ(r.u32().error().code, ErrorCode::UnexpectedEnd);
}

TEST(Reader, FixedWidthAndBytes) {
  Bytes b{0x78, 0x56, 0x34, 0x12, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  Reader r(b);
  EXPECT_EQ(*r.fixed_u32(), 0x12345678u);
  EXPECT_EQ(*r.fixed_u64(), 0x0807060504030201ull);
  EXPECT_EQ(r.remaining(), 1u);
  EXPECT_FALSE(r.bytes(2).has_value());
  EXPECT_EQ(r.bytes(1)->front(), 9);
  EXPECT_TRUE(r.at_end());
}

TEST(Reader, ErrorsNameTheOffset) {
  Bytes b{0x00, 0x80};
  Reader r(b, 0x100);
  ASSERT_TRUE(r.u8());
  auto e = r.u32();
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message(), "unexpected end of section or function: at offset 0x102");
}

TEST(Reader, LengthMustFitTheRemainingBytes) {
  Bytes ok{0x02, 'h', 'i'}, bad{0x03, 'h', 'i'};
  Reader a(ok), b(bad);
  EXPECT_EQ(*a.name(), "hi");
  EXPECT_EQ(b.name().error().code, ErrorCode::LengthOutOfBounds);
}

TEST(Utf8, AcceptsWellFormed) {
  auto valid = [](Bytes b) { return is_valid_utf8(b); };
  EXPECT_TRUE(valid({}));
  EXPECT_TRUE(valid({'a', 'b'}));
  EXPECT_TRUE(valid({0xc2, 0x80}));              // U+0080
  EXPECT_TRUE(valid({0xdf, 0xbf}));              // U+07FF
  EXPECT_TRUE(valid({0xe0, 0xa0, 0x80}));        // U+0800
  EXPECT_TRUE(valid({0xed, 0x9f, 0xbf}));        // U+D7FF
  EXPECT_TRUE(valid({0xee, 0x80, 0x80}));        // U+E000
  EXPECT_TRUE(valid({0xf0, 0x90, 0x80, 0x80}));  // U+10000
  EXPECT_TRUE(valid({0xf4, 0x8f, 0xbf, 0xbf}));  // U+10FFFF
}

TEST(Utf8, RejectsMalformed) {
  auto valid = [](Bytes b) { return is_valid_utf8(b); };
  EXPECT_FALSE(valid({0x80}));                    // lone continuation
  EXPECT_FALSE(valid({0xc2}));                    // truncated
  EXPECT_FALSE(valid({0xc0, 0x80}));              // overlong U+0000
  EXPECT_FALSE(valid({0xc1, 0xbf}));              // overlong
  EXPECT_FALSE(valid({0xe0, 0x9f, 0xbf}));        // overlong 3-byte
  EXPECT_FALSE(valid({0xed, 0xa0, 0x80}));        // surrogate U+D800
  EXPECT_FALSE(valid({0xed, 0xbf, 0xbf}));        // surrogate U+DFFF
  EXPECT_FALSE(valid({0xf0, 0x8f, 0xbf, 0xbf}));  // overlong 4-byte
  EXPECT_FALSE(valid({0xf4, 0x90, 0x80, 0x80}));  // above U+10FFFF
  EXPECT_FALSE(valid({0xf8, 0x88, 0x80, 0x80, 0x80}));
  EXPECT_FALSE(valid({0xfe}));
  EXPECT_FALSE(valid({0xff}));
  EXPECT_FALSE(valid({0xe2, 0x28, 0xa1}));  // bad continuation
}

}  // namespace
}  // namespace wisp::binary
