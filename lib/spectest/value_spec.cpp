#include "spectest/value_spec.h"

#include <charconv>

namespace wisp::spectest {
namespace {

Unexpected<std::string> fail(std::string message) { return wisp::unexpected(std::move(message)); }

std::optional<NanPattern> parse_nan_pattern(std::string_view text) {
  if (text == "nan:canonical") return NanPattern::Canonical;
  if (text == "nan:arithmetic") return NanPattern::Arithmetic;
  return std::nullopt;
}

std::optional<ValType> parse_valtype(std::string_view name) {
  for (ValType t : {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128, ValType::FuncRef,
                    ValType::ExternRef}) {
    if (valtype_name(t) == name) return t;
  }
  return std::nullopt;
}

unsigned scalar_width_bits(ValType type) { return type == ValType::I32 || type == ValType::F32 ? 32 : 64; }

Expected<ValueSpec, std::string> parse_ref_spec(ValType type, std::optional<std::string_view> value) {
  ValueSpec spec;
  spec.type = type;
  if (value && *value == "null") {
    spec.kind = ValueSpec::Kind::NullRef;
    return spec;
  }
  // Without a value the suite means "some non-null reference"; a funcref
  // cannot be named by number from outside, so any non-null one matches too.
  if (!value || type == ValType::FuncRef) {
    spec.kind = ValueSpec::Kind::AnyNonNullRef;
    return spec;
  }
  auto n = parse_integer_bits(*value, 64);
  if (!n) return fail("bad externref value \"" + std::string(*value) + "\"");
  spec.kind = ValueSpec::Kind::HostRef;
  spec.bits = *n;
  return spec;
}

}  // namespace

unsigned lane_count(LaneType type) { return 128 / lane_width_bits(type); }

unsigned lane_width_bits(LaneType type) {
  switch (type) {
    case LaneType::I8: return 8;
    case LaneType::I16: return 16;
    case LaneType::I32:
    case LaneType::F32: return 32;
    case LaneType::I64:
    case LaneType::F64: return 64;
  }
  return 32;
}

bool is_float_lane(LaneType type) { return type == LaneType::F32 || type == LaneType::F64; }

std::string_view lane_type_name(LaneType type) {
  switch (type) {
    case LaneType::I8: return "i8";
    case LaneType::I16: return "i16";
    case LaneType::I32: return "i32";
    case LaneType::I64: return "i64";
    case LaneType::F32: return "f32";
    case LaneType::F64: return "f64";
  }
  return "?";
}

std::optional<LaneType> parse_lane_type(std::string_view name) {
  for (LaneType t :
       {LaneType::I8, LaneType::I16, LaneType::I32, LaneType::I64, LaneType::F32, LaneType::F64}) {
    if (lane_type_name(t) == name) return t;
  }
  return std::nullopt;
}

std::optional<uint64_t> parse_integer_bits(std::string_view text, unsigned width_bits) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude, 10);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  const uint64_t mask = width_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << width_bits) - 1;
  if (!negative) {
    if (magnitude > mask) return std::nullopt;
    return magnitude;
  }
  // The most negative value of the width is 2^(width-1).
  const uint64_t min_magnitude = uint64_t{1} << (width_bits - 1);
  if (magnitude > min_magnitude) return std::nullopt;
  return (~magnitude + 1) & mask;
}

Expected<ValueSpec, std::string> parse_scalar_spec(std::string_view type_name,
                                                   std::optional<std::string_view> value) {
  auto type = parse_valtype(type_name);
  if (!type) return fail("unsupported value type \"" + std::string(type_name) + "\"");
  if (is_ref(*type)) return parse_ref_spec(*type, value);
  if (*type == ValType::V128) return fail("v128 value without lanes");
  if (!value) return fail(std::string(type_name) + " value without \"value\"");

  ValueSpec spec;
  spec.type = *type;
  spec.kind = ValueSpec::Kind::Bits;
  if (*type == ValType::F32 || *type == ValType::F64) {
    if (auto nan = parse_nan_pattern(*value)) {
      spec.nan = *nan;
      return spec;
    }
  }
  auto bits = parse_integer_bits(*value, scalar_width_bits(*type));
  if (!bits) return fail("bad " + std::string(type_name) + " value \"" + std::string(*value) + "\"");
  spec.bits = *bits;
  return spec;
}

Expected<ValueSpec, std::string> parse_v128_spec(std::string_view lane_type_text,
                                                 std::span<const std::string> lanes) {
  auto lane_type = parse_lane_type(lane_type_text);
  if (!lane_type) return fail("unsupported v128 lane type \"" + std::string(lane_type_text) + "\"");
  if (lanes.size() != lane_count(*lane_type)) {
    return fail("v128 " + std::string(lane_type_text) + " value needs " +
                std::to_string(lane_count(*lane_type)) + " lanes, has " + std::to_string(lanes.size()));
  }
  ValueSpec spec;
  spec.type = ValType::V128;
  spec.kind = ValueSpec::Kind::Lanes;
  spec.lane_type = *lane_type;
  for (const std::string& text : lanes) {
    LaneSpec lane;
    if (auto nan = is_float_lane(*lane_type) ? parse_nan_pattern(text) : std::nullopt) {
      lane.nan = *nan;
    } else {
      auto bits = parse_integer_bits(text, lane_width_bits(*lane_type));
      if (!bits) return fail("bad " + std::string(lane_type_text) + " lane \"" + text + "\"");
      lane.bits = *bits;
    }
    spec.lanes.push_back(lane);
  }
  return spec;
}

Expected<Value, std::string> to_argument(const ValueSpec& spec, HostRefs& refs) {
  switch (spec.kind) {
    case ValueSpec::Kind::Bits:
      if (spec.nan != NanPattern::None) return fail("a NaN pattern cannot be an argument");
      switch (spec.type) {
        case ValType::I32: return Value::i32(static_cast<int32_t>(static_cast<uint32_t>(spec.bits)));
        case ValType::I64: return Value::i64(static_cast<int64_t>(spec.bits));
        case ValType::F32: return Value::f32_bits(static_cast<uint32_t>(spec.bits));
        case ValType::F64: return Value::f64_bits(spec.bits);
        default: return fail("bad scalar argument type");
      }
    case ValueSpec::Kind::Lanes: {
      V128 v{};
      const unsigned width_bytes = lane_width_bits(spec.lane_type) / 8;
      for (size_t i = 0; i < spec.lanes.size(); ++i) {
        if (spec.lanes[i].nan != NanPattern::None) return fail("a NaN pattern cannot be an argument");
        // Lanes are little-endian in the vector, as in memory.
        for (unsigned b = 0; b < width_bytes; ++b) {
          v.bytes[i * width_bytes + b] = static_cast<uint8_t>(spec.lanes[i].bits >> (8 * b));
        }
      }
      return Value::v128(v);
    }
    case ValueSpec::Kind::NullRef: return Value::null_of(spec.type);
    case ValueSpec::Kind::HostRef: return Value::externref(refs.ref_for(spec.bits));
    case ValueSpec::Kind::AnyNonNullRef:
      return fail("a non-null " + std::string(valtype_name(spec.type)) +
                  " without a value cannot be an argument");
  }
  return fail("bad argument");
}

}  // namespace wisp::spectest
