#include "spectest/match.h"

#include <gtest/gtest.h>

namespace wisp::spectest {
namespace {

ValueSpec spec(std::string_view type, std::string_view value) {
  auto parsed = parse_scalar_spec(type, value);
  EXPECT_TRUE(parsed);
  return parsed ? *parsed : ValueSpec{};
}

ValueSpec lanes(std::string_view lane_type, std::vector<std::string> values) {
  auto parsed = parse_v128_spec(lane_type, values);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error());
  return parsed ? *parsed : ValueSpec{};
}

Value v128_f32(std::initializer_list<uint32_t> bits) {
  V128 v{};
  unsigned i = 0;
  for (uint32_t b : bits) v.set_lane<uint32_t>(i++, b);
  return Value::v128(v);
}

TEST(NanClasses, F32) {
  EXPECT_TRUE(matches_nan_f32(0x7fc00000, NanPattern::Canonical));
  EXPECT_TRUE(matches_nan_f32(0xffc00000, NanPattern::Canonical));   // sign is free
  EXPECT_FALSE(matches_nan_f32(0x7fc00001, NanPattern::Canonical));  // payload must be zero
  EXPECT_FALSE(matches_nan_f32(0x7f800000, NanPattern::Canonical));  // infinity
  EXPECT_TRUE(matches_nan_f32(0x7fc00001, NanPattern::Arithmetic));
  EXPECT_TRUE(matches_nan_f32(0xffffffff, NanPattern::Arithmetic));
  EXPECT_FALSE(matches_nan_f32(0x7fa00000, NanPattern::Arithmetic));  // signalling NaN
  EXPECT_FALSE(matches_nan_f32(0x3f800000, NanPattern::Arithmetic));
}

TEST(NanClasses, F64) {
  EXPECT_TRUE(matches_nan_f64(0x7ff8000000000000, NanPattern::Canonical));
  EXPECT_TRUE(matches_nan_f64(0xfff8000000000000, NanPattern::Canonical));
  EXPECT_FALSE(matches_nan_f64(0x7ff8000000000001, NanPattern::Canonical));
  EXPECT_TRUE(matches_nan_f64(0x7ff8000000000001, NanPattern::Arithmetic));
  EXPECT_FALSE(matches_nan_f64(0x7ff4000000000000, NanPattern::Arithmetic));
  EXPECT_FALSE(matches_nan_f64(0x7ff0000000000000, NanPattern::Arithmetic));
}

TEST(ValueMatches, ExactBitsAndTypes) {
  HostRefs refs;
  EXPECT_TRUE(value_matches(spec("i32", "4294967295"), Value::i32(-1), refs));
  EXPECT_FALSE(value_matches(spec("i32", "1"), Value::i64(1), refs));
  EXPECT_TRUE(value_matches(spec("i64", "9223372036854775808"), Value::i64(INT64_MIN), refs));
  // Floats compare bits: -0.0 is not +0.0, and an exact NaN must be that NaN.
  EXPECT_FALSE(value_matches(spec("f32", "0"), Value::f32_bits(0x80000000), refs));
  EXPECT_TRUE(value_matches(spec("f32", "2143289345"), Value::f32_bits(0x7fc00001), refs));
  EXPECT_FALSE(value_matches(spec("f32", "2143289345"), Value::f32_bits(0x7fc00000), refs));
  EXPECT_TRUE(value_matches(spec("f64", "nan:canonical"), Value::f64_bits(0xfff8000000000000), refs));
  EXPECT_FALSE(value_matches(spec("f64", "nan:canonical"), Value::f32_bits(0x7fc00000), refs));
}

TEST(ValueMatches, V128Lanes) {
  HostRefs refs;
  Value v = v128_f32({0x7fc00000, 0x3f800000, 0x7fc00123, 0});
  EXPECT_TRUE(value_matches(lanes("f32", {"nan:canonical", "1065353216", "nan:arithmetic", "0"}), v, refs));
  EXPECT_FALSE(value_matches(lanes("f32", {"nan:canonical", "1065353216", "nan:canonical", "0"}), v, refs));
  // The same bytes seen as i16 lanes.
  EXPECT_TRUE(value_matches(lanes("i16", {"0", "32704", "0", "16256", "291", "32704", "0", "0"}), v, refs));
  EXPECT_FALSE(value_matches(lanes("i16", {"0", "32704", "0", "16256", "291", "32704", "0", "1"}), v, refs));

  V128 bytes{};
  for (unsigned i = 0; i < 16; ++i) bytes.bytes[i] = static_cast<uint8_t>(i);
  EXPECT_TRUE(value_matches(
      lanes("i8", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"}),
      Value::v128(bytes), refs));
  EXPECT_TRUE(
      value_matches(lanes("i64", {"506097522914230528", "1084818905618843912"}), Value::v128(bytes), refs));
  EXPECT_FALSE(value_matches(lanes("i64", {"0", "0"}), Value::i64(0), refs));
}

TEST(ValueMatches, References) {
  HostRefs refs;
  Ref host1 = refs.ref_for(1);
  int some_function = 0;
  EXPECT_TRUE(value_matches(spec("externref", "null"), Value::null_of(ValType::ExternRef), refs));
  EXPECT_FALSE(value_matches(spec("externref", "null"), Value::externref(host1), refs));
  EXPECT_TRUE(value_matches(spec("externref", "1"), Value::externref(host1), refs));
  EXPECT_FALSE(value_matches(spec("externref", "2"), Value::externref(host1), refs));
  EXPECT_FALSE(value_matches(spec("externref", "1"), Value::null_of(ValType::ExternRef), refs));
  EXPECT_FALSE(value_matches(spec("externref", "null"), Value::null_of(ValType::FuncRef), refs));

  EXPECT_TRUE(value_matches(spec("funcref", "null"), Value::null_of(ValType::FuncRef), refs));
  EXPECT_FALSE(value_matches(spec("funcref", "null"), Value::funcref(&some_function), refs));
  // A non-null funcref expectation matches any non-null funcref.
  EXPECT_TRUE(value_matches(spec("funcref", "0"), Value::funcref(&some_function), refs));
  EXPECT_FALSE(value_matches(spec("funcref", "0"), Value::null_of(ValType::FuncRef), refs));
}

TEST(ResultsMismatch, CountsAndReasons) {
  HostRefs refs;
  std::vector<ValueSpec> expected = {spec("i32", "1"), spec("f32", "nan:arithmetic")};
  std::vector<Value> good = {Value::i32(1), Value::f32_bits(0xffc00001)};
  EXPECT_FALSE(results_mismatch(expected, good, refs));

  std::vector<Value> bad = {Value::i32(2), Value::f32_bits(0x7fc00000)};
  auto reason = results_mismatch(expected, bad, refs);
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "expected (i32:1 f32:nan:arithmetic), got (i32:2 f32:0x7fc00000 (nan))");

  std::vector<Value> too_few = {Value::i32(1)};
  EXPECT_TRUE(results_mismatch(expected, too_few, refs));
  EXPECT_FALSE(results_mismatch({}, {}, refs));
}

TEST(ResultsMismatch, V128ShownInExpectedLanes) {
  HostRefs refs;
  std::vector<ValueSpec> expected = {lanes("f32", {"nan:canonical", "0", "0", "0"})};
  std::vector<Value> got = {v128_f32({0x3f800000, 0, 0, 0})};
  auto reason = results_mismatch(expected, got, refs);
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason,
            "expected (v128:f32x4[nan:canonical, 0x00000000 (0), 0x00000000 (0), 0x00000000 (0)]), got "
            "(v128:f32x4[0x3f800000 (1), 0x00000000 (0), 0x00000000 (0), 0x00000000 (0)])");
}

TEST(EitherMismatch, AnyAlternative) {
  HostRefs refs;
  std::vector<ValueSpec> alternatives = {spec("i32", "1"), spec("i32", "2")};
  std::vector<Value> two = {Value::i32(2)};
  std::vector<Value> three = {Value::i32(3)};
  EXPECT_FALSE(either_mismatch(alternatives, two, refs));
  auto reason = either_mismatch(alternatives, three, refs);
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "expected one of i32:1 i32:2, got (i32:3)");
}

TEST(MessageMatches, PrefixEitherWay) {
  // Our message starts with the suite's text.
  EXPECT_TRUE(message_matches("unexpected end", ErrorCode::UnexpectedEndOfSection,
                              "unexpected end of section or function"));
  EXPECT_TRUE(
      message_matches("type mismatch", ErrorCode::TypeMismatch, "type mismatch: expected i32, got f32"));
  // The suite's text adds details after our table message.
  EXPECT_TRUE(message_matches("unknown global 0", ErrorCode::UnknownGlobal, "unknown global: index 0"));
  // Neither: a different error.
  EXPECT_FALSE(message_matches("unknown global 0", ErrorCode::UnknownLocal, "unknown local: index 0"));
  EXPECT_FALSE(message_matches("integer overflow", ErrorCode::IntegerDivideByZero, "integer divide by zero"));
}

TEST(Describe, IntegersShowSignedReading) {
  HostRefs refs;
  EXPECT_EQ(describe_value(Value::i32(-1), refs), "i32:4294967295 (-1)");
  EXPECT_EQ(describe_value(Value::i64(5), refs), "i64:5");
  EXPECT_EQ(describe_value(Value::externref(refs.ref_for(4)), refs), "externref:4");
  EXPECT_EQ(describe_value(Value::null_of(ValType::FuncRef), refs), "funcref:null");
  EXPECT_EQ(describe_spec(spec("funcref", "1")), "funcref:<any non-null>");
}

}  // namespace
}  // namespace wisp::spectest
