#include "spectest/match.h"

#include <charconv>
#include <cstring>

namespace wisp::spectest {
namespace {

constexpr uint32_t kF32Exponent = 0x7f800000;
constexpr uint32_t kF32Quiet = 0x00400000;
constexpr uint32_t kF32Magnitude = 0x7fffffff;
constexpr uint64_t kF64Exponent = 0x7ff0000000000000;
constexpr uint64_t kF64Quiet = 0x0008000000000000;
constexpr uint64_t kF64Magnitude = 0x7fffffffffffffff;

// Lane `i` of `v`, zero-extended, `width_bits` wide.
uint64_t lane_bits(const V128& v, unsigned i, unsigned width_bits) {
  uint64_t out = 0;
  const unsigned width_bytes = width_bits / 8;
  for (unsigned b = 0; b < width_bytes; ++b) out |= uint64_t{v.bytes[i * width_bytes + b]} << (8 * b);
  return out;
}

bool lane_matches(const LaneSpec& lane, LaneType type, uint64_t actual) {
  if (lane.nan == NanPattern::None) return lane.bits == actual;
  if (type == LaneType::F32) return matches_nan_f32(static_cast<uint32_t>(actual), lane.nan);
  if (type == LaneType::F64) return matches_nan_f64(actual, lane.nan);
  return false;
}

std::string nan_name(NanPattern pattern) {
  return pattern == NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
}

std::string hex(uint64_t bits, unsigned width_bits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = static_cast<int>(width_bits) - 4; shift >= 0; shift -= 4)
    out += kDigits[(bits >> shift) & 0xf];
  return out;
}

template <class F>
std::string shortest(F value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

// Float bits shown both exactly and readably: "0x3f800000 (1)".
std::string describe_float_bits(uint64_t bits, unsigned width_bits) {
  if (width_bits == 32) {
    float f;
    uint32_t b = static_cast<uint32_t>(bits);
    std::memcpy(&f, &b, 4);
    return hex(bits, 32) + " (" + shortest(f) + ")";
  }
  double d;
  std::memcpy(&d, &bits, 8);
  return hex(bits, 64) + " (" + shortest(d) + ")";
}

// Unsigned as the JSON writes it, plus the signed reading when it differs.
std::string describe_int_bits(uint64_t bits, unsigned width_bits) {
  std::string out = std::to_string(bits);
  if (width_bits < 64 && (bits >> (width_bits - 1)) & 1) {
    out += " (" + std::to_string(static_cast<int64_t>(bits | (~uint64_t{0} << width_bits))) + ")";
  } else if (width_bits == 64 && static_cast<int64_t>(bits) < 0) {
    out += " (" + std::to_string(static_cast<int64_t>(bits)) + ")";
  }
  return out;
}

std::string describe_lane(uint64_t bits, LaneType type) {
  return is_float_lane(type) ? describe_float_bits(bits, lane_width_bits(type))
                             : describe_int_bits(bits, lane_width_bits(type));
}

std::string describe_ref(const Value& value, const HostRefs& refs) {
  std::string out(valtype_name(value.type()));
  if (value.is_null()) return out + ":null";
  if (value.type() == ValType::ExternRef) {
    if (auto n = refs.number_of(value.ref())) return out + ":" + std::to_string(*n);
    return out + ":<unknown host reference>";
  }
  return out + ":<non-null>";
}

}  // namespace

bool matches_nan_f32(uint32_t bits, NanPattern pattern) {
  switch (pattern) {
    case NanPattern::None: return false;
    case NanPattern::Canonical: return (bits & kF32Magnitude) == (kF32Exponent | kF32Quiet);
    case NanPattern::Arithmetic: return (bits & (kF32Exponent | kF32Quiet)) == (kF32Exponent | kF32Quiet);
  }
  return false;
}

bool matches_nan_f64(uint64_t bits, NanPattern pattern) {
  switch (pattern) {
    case NanPattern::None: return false;
    case NanPattern::Canonical: return (bits & kF64Magnitude) == (kF64Exponent | kF64Quiet);
    case NanPattern::Arithmetic: return (bits & (kF64Exponent | kF64Quiet)) == (kF64Exponent | kF64Quiet);
  }
  return false;
}

bool value_matches(const ValueSpec& expected, const Value& actual, const HostRefs& refs) {
  if (actual.type() != expected.type) return false;
  switch (expected.kind) {
    case ValueSpec::Kind::Bits:
      switch (expected.type) {
        case ValType::I32: return static_cast<uint32_t>(actual.i32()) == expected.bits;
        case ValType::I64: return static_cast<uint64_t>(actual.i64()) == expected.bits;
        case ValType::F32:
          if (expected.nan != NanPattern::None) return matches_nan_f32(actual.f32_bits(), expected.nan);
          return actual.f32_bits() == expected.bits;
        case ValType::F64:
          if (expected.nan != NanPattern::None) return matches_nan_f64(actual.f64_bits(), expected.nan);
          return actual.f64_bits() == expected.bits;
        default: return false;
      }
    case ValueSpec::Kind::Lanes: {
      const unsigned width = lane_width_bits(expected.lane_type);
      for (size_t i = 0; i < expected.lanes.size(); ++i) {
        uint64_t got = lane_bits(actual.v128(), static_cast<unsigned>(i), width);
        if (!lane_matches(expected.lanes[i], expected.lane_type, got)) return false;
      }
      return true;
    }
    case ValueSpec::Kind::NullRef: return actual.is_null();
    case ValueSpec::Kind::HostRef: return !actual.is_null() && refs.number_of(actual.ref()) == expected.bits;
    case ValueSpec::Kind::AnyNonNullRef: return !actual.is_null();
  }
  return false;
}

std::optional<std::string> results_mismatch(std::span<const ValueSpec> expected,
                                            std::span<const Value> actual, const HostRefs& refs) {
  bool same = expected.size() == actual.size();
  for (size_t i = 0; same && i < expected.size(); ++i) same = value_matches(expected[i], actual[i], refs);
  if (same) return std::nullopt;
  return "expected " + describe_specs(expected) + ", got " + describe_values(actual, refs, expected);
}

std::optional<std::string> either_mismatch(std::span<const ValueSpec> alternatives,
                                           std::span<const Value> actual, const HostRefs& refs) {
  if (actual.size() == 1) {
    for (const ValueSpec& alt : alternatives) {
      if (value_matches(alt, actual[0], refs)) return std::nullopt;
    }
  }
  std::string out = "expected one of";
  for (const ValueSpec& alt : alternatives) out += " " + describe_spec(alt);
  return out + ", got " + describe_values(actual, refs, alternatives.first(alternatives.empty() ? 0 : 1));
}

bool message_matches(std::string_view expected, ErrorCode code, std::string_view actual_message) {
  if (actual_message.starts_with(expected)) return true;
  std::string_view table_message = error_message(code);
  return !table_message.empty() && expected.starts_with(table_message);
}

std::string describe_spec(const ValueSpec& spec) {
  std::string type(valtype_name(spec.type));
  switch (spec.kind) {
    case ValueSpec::Kind::Bits:
      if (spec.nan != NanPattern::None) return type + ":" + nan_name(spec.nan);
      if (spec.type == ValType::F32 || spec.type == ValType::F64) {
        return type + ":" + describe_float_bits(spec.bits, spec.type == ValType::F32 ? 32 : 64);
      }
      return type + ":" + describe_int_bits(spec.bits, spec.type == ValType::I32 ? 32 : 64);
    case ValueSpec::Kind::Lanes: {
      std::string out = "v128:" + std::string(lane_type_name(spec.lane_type)) + "x" +
                        std::to_string(lane_count(spec.lane_type)) + "[";
      for (size_t i = 0; i < spec.lanes.size(); ++i) {
        if (i) out += ", ";
        const LaneSpec& lane = spec.lanes[i];
        out += lane.nan != NanPattern::None ? nan_name(lane.nan) : describe_lane(lane.bits, spec.lane_type);
      }
      return out + "]";
    }
    case ValueSpec::Kind::NullRef: return type + ":null";
    case ValueSpec::Kind::HostRef: return type + ":" + std::to_string(spec.bits);
    case ValueSpec::Kind::AnyNonNullRef: return type + ":<any non-null>";
  }
  return type;
}

std::string describe_value(const Value& value, const HostRefs& refs, std::optional<LaneType> view) {
  std::string type(valtype_name(value.type()));
  switch (value.type()) {
    case ValType::I32: return type + ":" + describe_int_bits(static_cast<uint32_t>(value.i32()), 32);
    case ValType::I64: return type + ":" + describe_int_bits(static_cast<uint64_t>(value.i64()), 64);
    case ValType::F32: return type + ":" + describe_float_bits(value.f32_bits(), 32);
    case ValType::F64: return type + ":" + describe_float_bits(value.f64_bits(), 64);
    case ValType::V128: {
      const LaneType lanes = view.value_or(LaneType::I32);
      const unsigned width = lane_width_bits(lanes);
      std::string out =
          "v128:" + std::string(lane_type_name(lanes)) + "x" + std::to_string(lane_count(lanes)) + "[";
      for (unsigned i = 0; i < lane_count(lanes); ++i) {
        if (i) out += ", ";
        out += describe_lane(lane_bits(value.v128(), i, width), lanes);
      }
      return out + "]";
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return describe_ref(value, refs);
  }
  return type;
}

std::string describe_specs(std::span<const ValueSpec> specs) {
  std::string out = "(";
  for (size_t i = 0; i < specs.size(); ++i) {
    if (i) out += " ";
    out += describe_spec(specs[i]);
  }
  return out + ")";
}

std::string describe_values(std::span<const Value> values, const HostRefs& refs,
                            std::span<const ValueSpec> shape) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += " ";
    std::optional<LaneType> view;
    if (i < shape.size() && shape[i].kind == ValueSpec::Kind::Lanes) view = shape[i].lane_type;
    out += describe_value(values[i], refs, view);
  }
  return out + ")";
}

}  // namespace wisp::spectest
