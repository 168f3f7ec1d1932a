// A bounds-checked cursor over a byte buffer with the WebAssembly LEB128 rules.
// Reusable by anything that parses wasm-style encodings (the decoder, the AOT
// artifact loader). Every read either succeeds or returns an Error whose detail
// names the offset; it never reads outside the buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "wisp/error.h"

namespace wisp::binary {

class Reader {
 public:
  // `base_offset` is added to positions in error details, so a reader over a
  // slice can still report offsets of the whole file.
  explicit Reader(std::span<const uint8_t> bytes, size_t base_offset = 0,
                  ErrorCode end_code = ErrorCode::UnexpectedEndOfSection)
      : data_(bytes.data()), size_(bytes.size()), base_(base_offset), end_code_(end_code) {}

  size_t pos() const { return pos_; }
  size_t size() const { return size_; }
  size_t remaining() const { return size_ - pos_; }
  bool at_end() const { return pos_ == size_; }
  // Offset of the current position in the whole file.
  size_t offset() const { return base_ + pos_; }
  const uint8_t* data() const { return data_; }

  // Moves to an absolute position (<= size()).
  void seek(size_t pos) { pos_ = pos <= size_ ? pos : size_; }

  // The code reported when a read runs past the end of the buffer.
  void set_end_code(ErrorCode code) { end_code_ = code; }
  ErrorCode end_code() const { return end_code_; }

  // An error of `code` at position `pos` (defaults to the current one).
  Unexpected<Error> fail(ErrorCode code) const { return fail_at(code, pos_); }
  Unexpected<Error> fail_at(ErrorCode code, size_t pos) const;
  Unexpected<Error> fail_at(ErrorCode code, size_t pos, std::string_view what) const;

  // The next byte without consuming it; false at the end.
  bool peek(uint8_t& out) const {
    if (pos_ >= size_) return false;
    out = data_[pos_];
    return true;
  }

  // The next byte, for hot loops that build their own error; false at the end.
  bool next_byte(uint8_t& out) {
    if (pos_ >= size_) [[unlikely]]
      return false;
    out = data_[pos_++];
    return true;
  }

  Expected<uint8_t> u8() {
    if (pos_ >= size_) [[unlikely]]
      return fail(end_code_);
    return data_[pos_++];
  }

  // Little-endian fixed-width integers (float constants).
  Expected<uint32_t> fixed_u32() { return fixed<uint32_t>(); }
  Expected<uint64_t> fixed_u64() { return fixed<uint64_t>(); }

  // `n` raw bytes; the span points into the buffer.
  Expected<std::span<const uint8_t>> bytes(size_t n) {
    if (n > remaining()) return fail(end_code_);
    std::span<const uint8_t> out(data_ + pos_, n);
    pos_ += n;
    return out;
  }

  // LEB128 with the spec's limits: at most ceil(N/7) bytes, and the unused
  // bits of the last byte must be zero (unsigned) or copies of the sign bit
  // (signed). Too many bytes -> "integer representation too long"; bad unused
  // bits -> "integer too large".
  Expected<uint32_t> u32() {
    // Fast path: one byte, the overwhelmingly common case.
    if (pos_ < size_ && data_[pos_] < 0x80) [[likely]]
      return data_[pos_++];
    WISP_ASSIGN_OR_RETURN(uint64_t v, uleb(32));
    return static_cast<uint32_t>(v);
  }
  Expected<uint64_t> u64() { return uleb(64); }
  Expected<int32_t> s32() {
    // Fast path: one byte, sign-extended from bit 6.
    if (pos_ < size_ && data_[pos_] < 0x80) [[likely]] {
      const uint8_t b = data_[pos_++];
      return static_cast<int32_t>(b & 0x40 ? b - 0x80 : b);
    }
    WISP_ASSIGN_OR_RETURN(int64_t v, sleb(32));
    return static_cast<int32_t>(v);
  }
  Expected<int64_t> s33() { return sleb(33); }
  Expected<int64_t> s64() { return sleb(64); }
  // The generic forms, for any width 1..64 (e.g. 1 for limits flags, 7 for type bytes).
  Expected<uint64_t> uleb(int bits);
  Expected<int64_t> sleb(int bits);

  // A u32 length that must not exceed the bytes left ("length out of bounds").
  Expected<uint32_t> length() {
    size_t start = pos_;
    WISP_ASSIGN_OR_RETURN(uint32_t n, u32());
    if (n > remaining()) return fail_at(ErrorCode::LengthOutOfBounds, start);
    return n;
  }

  // A length-prefixed name that must be valid UTF-8.
  Expected<std::string> name();

 private:
  template <class T>
  Expected<T> fixed() {
    if (remaining() < sizeof(T)) return fail(end_code_);
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(data_[pos_ + i]) << (8 * i);
    pos_ += sizeof(T);
    return v;
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  size_t base_;
  ErrorCode end_code_;
};

// True if `bytes` is well-formed UTF-8 (no overlong forms, surrogates or
// code points above U+10FFFF).
bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace wisp::binary
