// SIMD memory instructions. The caller has checked bounds for info(op).n bytes
// at p; every access here is a memcpy, so any alignment is fine.
#include <cassert>
#include <cstring>

#include "interp/simd/simd_lanes.h"

namespace wisp::interp::simd {
namespace {

using ast::Opcode;
using detail::kLanes;

template <class T>
T read(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// 64 bits from memory, each From lane widened to To.
template <class From, class To>
V128 load_extend(const uint8_t* p) {
  V128 r;
  for (unsigned i = 0; i < kLanes<To>; ++i)
    r.set_lane<To>(i, static_cast<To>(read<From>(p + i * sizeof(From))));
  return r;
}

template <class U>
V128 load_splat(const uint8_t* p) {
  const U value = read<U>(p);
  V128 r;
  for (unsigned i = 0; i < kLanes<U>; ++i) r.set_lane<U>(i, value);
  return r;
}

template <class U>
V128 load_zero(const uint8_t* p) {
  V128 r{};
  r.set_lane<U>(0, read<U>(p));
  return r;
}

// Byte offset of a lane for the *_lane instructions; lane was validated
// against 16 / width, the modulo only guards against caller bugs.
unsigned lane_offset(Opcode op, uint8_t lane) {
  const unsigned width = ast::info(op).n;
  assert(width != 0 && lane < 16 / width);
  return width == 0 ? 0 : (lane % (16 / width)) * width;
}

}  // namespace

V128 load(Opcode op, const uint8_t* p) {
  switch (op) {
    case Opcode::V128Load: return read<V128>(p);
    case Opcode::V128Load8x8S: return load_extend<int8_t, int16_t>(p);
    case Opcode::V128Load8x8U: return load_extend<uint8_t, uint16_t>(p);
    case Opcode::V128Load16x4S: return load_extend<int16_t, int32_t>(p);
    case Opcode::V128Load16x4U: return load_extend<uint16_t, uint32_t>(p);
    case Opcode::V128Load32x2S: return load_extend<int32_t, int64_t>(p);
    case Opcode::V128Load32x2U: return load_extend<uint32_t, uint64_t>(p);
    case Opcode::V128Load8Splat: return load_splat<uint8_t>(p);
    case Opcode::V128Load16Splat: return load_splat<uint16_t>(p);
    case Opcode::V128Load32Splat: return load_splat<uint32_t>(p);
    case Opcode::V128Load64Splat: return load_splat<uint64_t>(p);
    case Opcode::V128Load32Zero: return load_zero<uint32_t>(p);
    case Opcode::V128Load64Zero: return load_zero<uint64_t>(p);
    default: break;
  }
  assert(false && "not a SIMD load opcode");
  return V128{};
}

void store(const V128& v, uint8_t* p) { std::memcpy(p, v.bytes, 16); }

V128 load_lane(Opcode op, V128 v, const uint8_t* p, uint8_t lane) {
  std::memcpy(v.bytes + lane_offset(op, lane), p, ast::info(op).n);
  return v;
}

void store_lane(Opcode op, const V128& v, uint8_t* p, uint8_t lane) {
  std::memcpy(p, v.bytes + lane_offset(op, lane), ast::info(op).n);
}

}  // namespace wisp::interp::simd
