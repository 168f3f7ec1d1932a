// Value types and values shared by the engine and its embedders.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace wisp {

// Encoded as in the binary format, so the decoder can cast a checked byte.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
std::string_view valtype_name(ValType t);
// Whether `byte` encodes a WebAssembly 2.0 value type (so it may be cast to ValType).
bool is_valtype_byte(uint32_t byte);

struct alignas(16) V128 {
  uint8_t bytes[16];
  template <class T>
  T lane(unsigned i) const {
    T v;
    std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
    return v;
  }
  template <class T>
  void set_lane(unsigned i, T v) {
    std::memcpy(bytes + i * sizeof(T), &v, sizeof(T));
  }
  friend bool operator==(const V128& a, const V128& b) { return std::memcmp(a.bytes, b.bytes, 16) == 0; }
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};

// A reference value: nullptr is the null reference. For funcref it points at
// the runtime's function instance; for externref it is the embedder's pointer.
using Ref = void*;

// A WebAssembly value. Floats are kept as bits so NaN payloads survive.
class Value {
 public:
  Value() : type_(ValType::I32) {}
  static Value i32(int32_t x) {
    Value v(ValType::I32);
    v.v_.u64 = static_cast<uint32_t>(x);
    return v;
  }
  static Value i64(int64_t x) {
    Value v(ValType::I64);
    v.v_.u64 = static_cast<uint64_t>(x);
    return v;
  }
  static Value f32(float x) {
    uint32_t b;
    std::memcpy(&b, &x, 4);
    return f32_bits(b);
  }
  static Value f64(double x) {
    uint64_t b;
    std::memcpy(&b, &x, 8);
    return f64_bits(b);
  }
  static Value f32_bits(uint32_t b) {
    Value v(ValType::F32);
    v.v_.u64 = b;
    return v;
  }
  static Value f64_bits(uint64_t b) {
    Value v(ValType::F64);
    v.v_.u64 = b;
    return v;
  }
  static Value v128(const V128& x) {
    Value v(ValType::V128);
    v.v_.v128 = x;
    return v;
  }
  static Value funcref(Ref r) {
    Value v(ValType::FuncRef);
    v.v_.ref = r;
    return v;
  }
  static Value externref(Ref r) {
    Value v(ValType::ExternRef);
    v.v_.ref = r;
    return v;
  }
  static Value null_of(ValType t) {
    Value v(t);
    return v;
  }
  // The zero value of a type (0, +0.0, null).
  static Value zero(ValType t) { return Value(t); }

  ValType type() const { return type_; }
  int32_t i32() const { return static_cast<int32_t>(v_.u64); }
  int64_t i64() const { return static_cast<int64_t>(v_.u64); }
  uint32_t f32_bits() const { return static_cast<uint32_t>(v_.u64); }
  uint64_t f64_bits() const { return v_.u64; }
  float f32() const {
    float f;
    uint32_t b = f32_bits();
    std::memcpy(&f, &b, 4);
    return f;
  }
  double f64() const {
    double d;
    std::memcpy(&d, &v_.u64, 8);
    return d;
  }
  const V128& v128() const { return v_.v128; }
  Ref ref() const { return v_.ref; }
  bool is_null() const { return v_.ref == nullptr; }

 private:
  explicit Value(ValType t) : type_(t) {}
  ValType type_;
  union U {
    U() : v128{} {}
    uint64_t u64;
    V128 v128;
    Ref ref;
  } v_;
};

}  // namespace wisp
