// Scalar float semantics the C++ operators do not give directly: min/max with
// NaN propagation and signed zeros, and checked / saturating truncation.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace wisp::interp {

inline float f32_of(uint64_t s) { return std::bit_cast<float>(static_cast<uint32_t>(s)); }
inline double f64_of(uint64_t s) { return std::bit_cast<double>(s); }
inline uint64_t bits_of(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t bits_of(double d) { return std::bit_cast<uint64_t>(d); }

template <class F>
F wasm_min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // a quiet NaN carrying an input payload
  if (a == b) return std::signbit(a) ? a : b;        // -0 < +0
  return a < b ? a : b;
}

template <class F>
F wasm_max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// libm's rounding functions may return a signalling NaN unchanged; wasm
// requires an arithmetic (quiet) NaN.
inline float quieted(float r) {
  return std::isnan(r) ? std::bit_cast<float>(std::bit_cast<uint32_t>(r) | 0x00400000u) : r;
}
inline double quieted(double r) {
  return std::isnan(r) ? std::bit_cast<double>(std::bit_cast<uint64_t>(r) | 0x0008000000000000ull) : r;
}

// Exclusive bounds (as doubles, exact for every f32 and f64 input) of the
// values whose truncation fits the integer type.
template <class I>
struct TruncBounds;
template <>
struct TruncBounds<int32_t> {
  static constexpr double lo = -2147483649.0, hi = 2147483648.0;
};
template <>
struct TruncBounds<uint32_t> {
  static constexpr double lo = -1.0, hi = 4294967296.0;
};
template <>
struct TruncBounds<int64_t> {
  static constexpr double lo = -9223372036854777856.0, hi = 9223372036854775808.0;
};
template <>
struct TruncBounds<uint64_t> {
  static constexpr double lo = -1.0, hi = 18446744073709551616.0;
};

enum class TruncResult { Ok, Nan, Overflow };

template <class I>
TruncResult trunc_checked(double x, I& out) {
  if (std::isnan(x)) return TruncResult::Nan;
  if (!(x > TruncBounds<I>::lo && x < TruncBounds<I>::hi)) return TruncResult::Overflow;
  out = static_cast<I>(x);
  return TruncResult::Ok;
}

template <class I>
I trunc_sat(double x) {
  if (std::isnan(x)) return 0;
  if (!(x > TruncBounds<I>::lo)) return std::numeric_limits<I>::min();
  if (!(x < TruncBounds<I>::hi)) return std::numeric_limits<I>::max();
  return static_cast<I>(x);
}

}  // namespace wisp::interp
