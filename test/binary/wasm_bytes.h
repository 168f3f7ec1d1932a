// Helpers to build wasm binaries byte by byte in tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace wisp::binary::test {

using Bytes = std::vector<uint8_t>;

inline void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

inline Bytes uleb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

inline Bytes sleb(int64_t v) {
  Bytes out;
  for (;;) {
    uint8_t b = v & 0x7f;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out.push_back(b);
    if (done) return out;
  }
}

inline Bytes name(std::string_view s) {
  Bytes out = uleb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// A vector: count, then the concatenated items.
inline Bytes vec(std::initializer_list<Bytes> items) {
  Bytes out = uleb(items.size());
  for (const Bytes& item : items) append(out, item);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

inline Bytes section(uint8_t id, const Bytes& contents) {
  Bytes out{id};
  append(out, uleb(contents.size()));
  append(out, contents);
  return out;
}

// header + the given sections.
inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = header();
  for (const Bytes& s : sections) append(out, s);
  return out;
}

// A code-section entry: size-prefixed locals + body bytes.
inline Bytes func_body(const Bytes& locals_and_code) {
  Bytes out = uleb(locals_and_code.size());
  append(out, locals_and_code);
  return out;
}

// One function of type () -> () with `code` (which must include the final end).
inline Bytes single_function_module(const Bytes& code, std::initializer_list<Bytes> extra_before_code = {}) {
  Bytes out = header();
  append(out, section(1, vec({{0x60, 0x00, 0x00}})));
  append(out, section(3, vec({{0x00}})));
  for (const Bytes& s : extra_before_code) append(out, s);
  Bytes body{0x00};  // no locals
  append(body, code);
  append(out, section(10, vec({func_body(body)})));
  return out;
}

}  // namespace wisp::binary::test
