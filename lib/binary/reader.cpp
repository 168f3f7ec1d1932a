#include "binary/reader.h"

#include <cstdio>

namespace wisp::binary {

Unexpected<Error> Reader::fail_at(ErrorCode code, size_t pos) const {
  char buf[40];
  std::snprintf(buf, sizeof buf, "at offset 0x%zx", base_ + pos);
  return make_error(code, buf);
}

Unexpected<Error> Reader::fail_at(ErrorCode code, size_t pos, std::string_view what) const {
  char buf[40];
  std::snprintf(buf, sizeof buf, " at offset 0x%zx", base_ + pos);
  std::string detail(what);
  detail += buf;
  return make_error(code, std::move(detail));
}

Expected<uint64_t> Reader::uleb(int bits) {
  uint64_t result = 0;
  int shift = 0;
  for (int left = bits;; left -= 7, shift += 7) {
    // The spec allows ceil(bits/7) bytes; a continuation past that is too long.
    if (left <= 0) return fail(ErrorCode::IntegerRepresentationTooLong);
    if (pos_ >= size_) return fail(end_code_);
    uint8_t byte = data_[pos_];
    // In the last allowed byte only `left` payload bits may be used.
    if (left < 7 && (byte & 0x7f) >= (1u << left)) return fail(ErrorCode::IntegerTooLarge);
    ++pos_;
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
}

Expected<int64_t> Reader::sleb(int bits) {
  uint64_t result = 0;
  int shift = 0;
  for (int left = bits;; left -= 7) {
    if (left <= 0) return fail(ErrorCode::IntegerRepresentationTooLong);
    if (pos_ >= size_) return fail(end_code_);
    uint8_t byte = data_[pos_];
    if (left < 7) {
      // The sign bit and every unused bit above it must agree.
      uint8_t mask = static_cast<uint8_t>((0x7f << (left - 1)) & 0x7f);
      uint8_t high = byte & mask;
      if (high != 0 && high != mask) return fail(ErrorCode::IntegerTooLarge);
    }
    ++pos_;
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    shift += 7;
    if ((byte & 0x80) == 0) {
      if (shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      return static_cast<int64_t>(result);
    }
  }
}

Expected<std::string> Reader::name() {
  WISP_ASSIGN_OR_RETURN(uint32_t n, length());
  size_t start = pos_;
  std::span<const uint8_t> text(data_ + pos_, n);
  if (!is_valid_utf8(text)) return fail_at(ErrorCode::MalformedUtf8, start);
  pos_ += n;
  return std::string(reinterpret_cast<const char*>(text.data()), text.size());
}

bool is_valid_utf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    uint8_t b0 = bytes[i];
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min;
    uint32_t cp;
    if ((b0 & 0xe0) == 0xc0) {
      len = 2, min = 0x80, cp = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
      len = 3, min = 0x800, cp = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
      len = 4, min = 0x10000, cp = b0 & 0x07;
    } else {
      return false;  // a continuation byte or 0xf8..0xff cannot start a character
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      uint8_t b = bytes[i + k];
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min) return false;                      // overlong
    if (cp >= 0xd800 && cp <= 0xdfff) return false;  // surrogate
    if (cp > 0x10ffff) return false;
    i += len;
  }
  return true;
}

}  // namespace wisp::binary
