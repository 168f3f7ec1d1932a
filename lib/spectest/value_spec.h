// Values as a wast2json command file writes them: arguments of an action and
// expected results, which may be patterns (NaN classes, "any non-null ref").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spectest/host_refs.h"
#include "wisp/error.h"
#include "wisp/types.h"

namespace wisp::spectest {

// How an expected float (or float lane) is compared.
enum class NanPattern : uint8_t {
  None,        // exact bits
  Canonical,   // nan:canonical: quiet NaN with an all-zero payload, either sign
  Arithmetic,  // nan:arithmetic: any quiet NaN, either sign
};

// The lane interpretation of a v128 value ("lane_type" in the JSON).
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };

unsigned lane_count(LaneType type);
unsigned lane_width_bits(LaneType type);
bool is_float_lane(LaneType type);
std::string_view lane_type_name(LaneType type);
std::optional<LaneType> parse_lane_type(std::string_view name);

struct LaneSpec {
  NanPattern nan = NanPattern::None;
  uint64_t bits = 0;  // zero-extended lane bits when nan is None
};

struct ValueSpec {
  enum class Kind : uint8_t {
    Bits,           // i32/i64/f32/f64: exact bits, or a NaN pattern for floats
    Lanes,          // v128: one LaneSpec per lane
    NullRef,        // "null"
    HostRef,        // externref N: the host reference numbered N (in `bits`)
    AnyNonNullRef,  // a reference without a value, or a non-null funcref: any non-null one matches
  };

  ValType type = ValType::I32;
  Kind kind = Kind::Bits;
  NanPattern nan = NanPattern::None;
  uint64_t bits = 0;
  LaneType lane_type = LaneType::I32;
  std::vector<LaneSpec> lanes;
};

// A scalar or reference value: `type` is the JSON "type" ("i32", "externref",
// ...), `value` its "value" string when present.
Expected<ValueSpec, std::string> parse_scalar_spec(std::string_view type,
                                                   std::optional<std::string_view> value);
// A v128 value: lane type name and one string per lane.
Expected<ValueSpec, std::string> parse_v128_spec(std::string_view lane_type,
                                                 std::span<const std::string> lanes);

// The concrete value to pass as an argument; patterns cannot be passed.
Expected<Value, std::string> to_argument(const ValueSpec& spec, HostRefs& refs);

// Reads a decimal integer of `width_bits` bits: unsigned ("4294967295") or
// negative two's complement ("-1"); the result is zero-extended.
std::optional<uint64_t> parse_integer_bits(std::string_view text, unsigned width_bits);

}  // namespace wisp::spectest
