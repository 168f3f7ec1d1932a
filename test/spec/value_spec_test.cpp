#include "spectest/value_spec.h"

#include <gtest/gtest.h>

namespace wisp::spectest {
namespace {

ValueSpec scalar(std::string_view type, std::string_view value) {
  auto spec = parse_scalar_spec(type, value);
  EXPECT_TRUE(spec) << (spec ? "" : spec.error());
  return spec ? *spec : ValueSpec{};
}

TEST(ParseIntegerBits, UnsignedAndNegativeTwosComplement) {
  EXPECT_EQ(parse_integer_bits("4294967295", 32), 0xffffffffu);
  EXPECT_EQ(parse_integer_bits("-1", 32), 0xffffffffu);
  EXPECT_EQ(parse_integer_bits("-2147483648", 32), 0x80000000u);
  EXPECT_EQ(parse_integer_bits("18446744073709551615", 64), ~uint64_t{0});
  EXPECT_EQ(parse_integer_bits("-9223372036854775808", 64), uint64_t{1} << 63);
  EXPECT_EQ(parse_integer_bits("255", 8), 255u);
  EXPECT_EQ(parse_integer_bits("-128", 8), 0x80u);
}

TEST(ParseIntegerBits, RejectsOutOfRangeAndJunk) {
  EXPECT_FALSE(parse_integer_bits("4294967296", 32));
  EXPECT_FALSE(parse_integer_bits("-2147483649", 32));
  EXPECT_FALSE(parse_integer_bits("256", 8));
  EXPECT_FALSE(parse_integer_bits("18446744073709551616", 64));
  EXPECT_FALSE(parse_integer_bits("", 32));
  EXPECT_FALSE(parse_integer_bits("-", 32));
  EXPECT_FALSE(parse_integer_bits("12a", 32));
  EXPECT_FALSE(parse_integer_bits("0x10", 32));
  EXPECT_FALSE(parse_integer_bits(" 1", 32));
}

TEST(ParseScalarSpec, IntegersAndFloatBits) {
  ValueSpec i32 = scalar("i32", "4294967295");
  EXPECT_EQ(i32.type, ValType::I32);
  EXPECT_EQ(i32.kind, ValueSpec::Kind::Bits);
  EXPECT_EQ(i32.bits, 0xffffffffu);

  ValueSpec f32 = scalar("f32", "1065353216");  // 1.0f
  EXPECT_EQ(f32.type, ValType::F32);
  EXPECT_EQ(f32.nan, NanPattern::None);
  EXPECT_EQ(f32.bits, 0x3f800000u);

  ValueSpec f64 = scalar("f64", "9221120237041090560");  // canonical NaN bits, compared exactly
  EXPECT_EQ(f64.nan, NanPattern::None);
  EXPECT_EQ(f64.bits, 0x7ff8000000000000u);
}

TEST(ParseScalarSpec, NanPatternsOnlyForFloats) {
  EXPECT_EQ(scalar("f32", "nan:canonical").nan, NanPattern::Canonical);
  EXPECT_EQ(scalar("f64", "nan:arithmetic").nan, NanPattern::Arithmetic);
  EXPECT_FALSE(parse_scalar_spec("i32", "nan:canonical"));
}

TEST(ParseScalarSpec, References) {
  ValueSpec null_extern = scalar("externref", "null");
  EXPECT_EQ(null_extern.type, ValType::ExternRef);
  EXPECT_EQ(null_extern.kind, ValueSpec::Kind::NullRef);

  ValueSpec host = scalar("externref", "7");
  EXPECT_EQ(host.kind, ValueSpec::Kind::HostRef);
  EXPECT_EQ(host.bits, 7u);

  EXPECT_EQ(scalar("funcref", "null").kind, ValueSpec::Kind::NullRef);
  EXPECT_EQ(scalar("funcref", "3").kind, ValueSpec::Kind::AnyNonNullRef);

  auto untyped = parse_scalar_spec("externref", std::nullopt);
  ASSERT_TRUE(untyped);
  EXPECT_EQ(untyped->kind, ValueSpec::Kind::AnyNonNullRef);
}

TEST(ParseScalarSpec, Errors) {
  EXPECT_FALSE(parse_scalar_spec("anyref", "null"));
  EXPECT_FALSE(parse_scalar_spec("i32", std::nullopt));
  EXPECT_FALSE(parse_scalar_spec("i64", "x"));
  EXPECT_FALSE(parse_scalar_spec("v128", "0"));
  EXPECT_FALSE(parse_scalar_spec("externref", "-x"));
}

TEST(ParseV128Spec, LaneTypesAndCounts) {
  std::vector<std::string> i8(16, "255");
  auto a = parse_v128_spec("i8", i8);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->type, ValType::V128);
  EXPECT_EQ(a->kind, ValueSpec::Kind::Lanes);
  EXPECT_EQ(a->lane_type, LaneType::I8);
  ASSERT_EQ(a->lanes.size(), 16u);
  EXPECT_EQ(a->lanes[15].bits, 255u);

  std::vector<std::string> f32 = {"nan:canonical", "0", "nan:arithmetic", "2143289344"};
  auto b = parse_v128_spec("f32", f32);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->lanes[0].nan, NanPattern::Canonical);
  EXPECT_EQ(b->lanes[2].nan, NanPattern::Arithmetic);
  EXPECT_EQ(b->lanes[3].nan, NanPattern::None);
  EXPECT_EQ(b->lanes[3].bits, 0x7fc00000u);

  EXPECT_FALSE(parse_v128_spec("i8", std::vector<std::string>(15, "0")));
  EXPECT_FALSE(parse_v128_spec("i16", std::vector<std::string>(8, "65536")));
  EXPECT_FALSE(parse_v128_spec("i32", std::vector<std::string>(4, "nan:canonical")));
  EXPECT_FALSE(parse_v128_spec("f16", std::vector<std::string>(8, "0")));
}

TEST(ToArgument, ScalarsKeepBits) {
  HostRefs refs;
  auto i32 = to_argument(scalar("i32", "4294967295"), refs);
  ASSERT_TRUE(i32);
  EXPECT_EQ(i32->type(), ValType::I32);
  EXPECT_EQ(i32->i32(), -1);

  auto nan = to_argument(scalar("f32", "2143289345"), refs);  // a NaN with payload 1 above canonical
  ASSERT_TRUE(nan);
  EXPECT_EQ(nan->f32_bits(), 0x7fc00001u);

  auto f64 = to_argument(scalar("f64", "9223372036854775808"), refs);  // -0.0
  ASSERT_TRUE(f64);
  EXPECT_EQ(f64->f64_bits(), uint64_t{1} << 63);
}

TEST(ToArgument, V128LanesAreLittleEndian) {
  HostRefs refs;
  std::vector<std::string> lanes = {"258", "0", "0", "0", "0", "0", "0", "65535"};
  auto spec = parse_v128_spec("i16", lanes);
  ASSERT_TRUE(spec);
  auto v = to_argument(*spec, refs);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->v128().bytes[0], 0x02);
  EXPECT_EQ(v->v128().bytes[1], 0x01);
  EXPECT_EQ(v->v128().bytes[14], 0xff);
  EXPECT_EQ(v->v128().bytes[15], 0xff);
  EXPECT_EQ(v->v128().lane<uint16_t>(0), 258);
}

TEST(ToArgument, HostReferencesAreStableAndDistinct) {
  HostRefs refs;
  auto zero = to_argument(scalar("externref", "0"), refs);
  auto one = to_argument(scalar("externref", "1"), refs);
  auto zero_again = to_argument(scalar("externref", "0"), refs);
  ASSERT_TRUE(zero && one && zero_again);
  // Host reference 0 is a real reference, not null.
  EXPECT_FALSE(zero->is_null());
  EXPECT_NE(zero->ref(), one->ref());
  EXPECT_EQ(zero->ref(), zero_again->ref());
  EXPECT_EQ(refs.number_of(one->ref()), 1u);
  int unrelated = 0;
  EXPECT_FALSE(refs.number_of(&unrelated));

  auto null_func = to_argument(scalar("funcref", "null"), refs);
  ASSERT_TRUE(null_func);
  EXPECT_EQ(null_func->type(), ValType::FuncRef);
  EXPECT_TRUE(null_func->is_null());
}

TEST(ToArgument, PatternsCannotBePassed) {
  HostRefs refs;
  EXPECT_FALSE(to_argument(scalar("f64", "nan:canonical"), refs));
  auto lanes = parse_v128_spec("f64", std::vector<std::string>{"0", "nan:arithmetic"});
  ASSERT_TRUE(lanes);
  EXPECT_FALSE(to_argument(*lanes, refs));
  EXPECT_FALSE(to_argument(scalar("funcref", "1"), refs));
}

}  // namespace
}  // namespace wisp::spectest
