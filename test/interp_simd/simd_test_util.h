// Builders and readers for V128 values in the SIMD tests.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <limits>

#include "interp/simd/simd_ops.h"

namespace wisp::interp::simd::testing {

// A vector whose lanes of type T are `lanes` in order (lane 0 first).
template <class T>
V128 make(std::initializer_list<T> lanes) {
  V128 v{};
  unsigned i = 0;
  for (T x : lanes) v.set_lane<T>(i++, x);
  return v;
}

// Same value in every lane of type T.
template <class T>
V128 fill(T x) {
  V128 v{};
  for (unsigned i = 0; i < 16 / sizeof(T); ++i) v.set_lane<T>(i, x);
  return v;
}

template <class T>
std::array<T, 16 / sizeof(T)> lanes(const V128& v) {
  std::array<T, 16 / sizeof(T)> out{};
  for (unsigned i = 0; i < out.size(); ++i) out[i] = v.lane<T>(i);
  return out;
}

inline uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t bits(double d) { return std::bit_cast<uint64_t>(d); }
inline float f32_of(uint32_t b) { return std::bit_cast<float>(b); }
inline double f64_of(uint64_t b) { return std::bit_cast<double>(b); }

// A NaN the spec calls arithmetic: exponent all ones, quiet bit set.
inline bool is_arithmetic_nan(float f) { return (bits(f) & 0x7FC00000u) == 0x7FC00000u; }
inline bool is_arithmetic_nan(double d) { return (bits(d) & 0x7FF8000000000000ull) == 0x7FF8000000000000ull; }

inline constexpr float kInfF = std::numeric_limits<float>::infinity();
inline constexpr double kInfD = std::numeric_limits<double>::infinity();
inline constexpr uint32_t kSignallingNanF = 0x7FA00001u;  // quiet bit clear, payload non-zero

}  // namespace wisp::interp::simd::testing
