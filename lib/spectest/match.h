// Comparing what the engine produced with what a command expects: result
// values (exact bits, NaN classes, v128 lanes, references) and error messages.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spectest/host_refs.h"
#include "spectest/value_spec.h"
#include "wisp/error.h"
#include "wisp/types.h"

namespace wisp::spectest {

bool matches_nan_f32(uint32_t bits, NanPattern pattern);
bool matches_nan_f64(uint64_t bits, NanPattern pattern);

bool value_matches(const ValueSpec& expected, const Value& actual, const HostRefs& refs);

// Nothing when `actual` matches `expected` value by value; otherwise the
// reason, e.g. "expected (i32:1), got (i32:2)".
std::optional<std::string> results_mismatch(std::span<const ValueSpec> expected,
                                            std::span<const Value> actual, const HostRefs& refs);
// For `either`: the single result must match one of the alternatives.
std::optional<std::string> either_mismatch(std::span<const ValueSpec> alternatives,
                                           std::span<const Value> actual, const HostRefs& refs);

// An engine message matches the suite's text when it starts with that text,
// or when the text starts with the table message of the code (the suite adds
// details such as "unknown global 0" that our message may phrase differently).
bool message_matches(std::string_view expected, ErrorCode code, std::string_view actual_message);

// Human-readable forms for failure reports.
std::string describe_spec(const ValueSpec& spec);
// `view` shows a v128 in the lanes of the expectation it is compared with.
std::string describe_value(const Value& value, const HostRefs& refs,
                           std::optional<LaneType> view = std::nullopt);
std::string describe_specs(std::span<const ValueSpec> specs);
std::string describe_values(std::span<const Value> values, const HostRefs& refs,
                            std::span<const ValueSpec> shape = {});

}  // namespace wisp::spectest
